/*  scraper_actor - runs scrapes on the request loop's word, one source at
    a time, and reports each outcome over its pipe.
*/
#include "scraper_actor.h"
#include "vc_check.h"
#include "vc_log.h"
#include "vc_text.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct _scraper_actor_t {
    zactor_t *actor;
};

//  What the actor's thread owns
typedef struct {
    const scrape_sources_t *sources;
    scraper_job_t *job;
    bool stopping;              //  STOP or $TERM came: scrape no more
    bool stopped;               //  STOPPED has been said
    bool terminated;            //  $TERM came: end the thread
} s_args_t;

//  A command on the pipe, read in the actor. RUN is carried out by the
//  caller; STOP and $TERM only mark the state (STOPPED is said once the
//  run is over).
static char *
s_command (zsock_t *pipe, s_args_t *args, zmsg_t **msg_p)
{
    *msg_p = zmsg_recv (pipe);
    char *command = *msg_p? zmsg_popstr (*msg_p): NULL;
    if (!command || streq (command, "$TERM")) {
        args->stopping = true;
        args->terminated = true;
    }
    else
    if (streq (command, "STOP"))
        args->stopping = true;
    return command;
}

static void
s_send_outcome (zsock_t *pipe, const scraper_outcome_t *outcome)
{
    zmsg_t *msg = zmsg_new ();
    if (!msg)
        return;
    if (zmsg_addstr (msg, "OUTCOME") || zmsg_addmem (msg, outcome, sizeof *outcome)
    ||  zmsg_send (&msg, pipe))
        vc_warn ("cannot hand the outcome of %s to the request loop", outcome->source);
    zmsg_destroy (&msg);
}

//  Between two sources: a STOP or $TERM waiting on the pipe ends the run
static void
s_check_pipe (zsock_t *pipe, s_args_t *args)
{
    while (!args->stopping && (zsock_events (pipe) & ZMQ_POLLIN)) {
        zmsg_t *msg;
        char *command = s_command (pipe, args, &msg);
        if (command && streq (command, "RUN"))
            vc_debug ("run asked for during a run: ignored");
        zstr_free (&command);
        zmsg_destroy (&msg);
    }
}

static void
s_run_all (zsock_t *pipe, s_args_t *args, const scraper_trigger_t *trigger)
{
    size_t count = scrape_sources_size (args->sources), done = 0;
    vc_info ("scraping %zu source%s%s%s", count, count == 1? "": "s",
             *trigger->client? " at the request of ": "", trigger->client);
    for (size_t index = 0; index < count && !args->stopping; index++) {
        const scrape_source_t *source = scrape_sources_at (args->sources, index);
        if (!source->enabled)
            continue;
        scraper_outcome_t outcome;
        memset (&outcome, 0, sizeof outcome);
        memcpy (outcome.client, trigger->client, sizeof outcome.client);
        memcpy (outcome.username, trigger->username, sizeof outcome.username);
        scraper_job_run (args->job, source, &outcome);
        s_send_outcome (pipe, &outcome);
        done++;
        s_check_pipe (pipe, args);
    }
    vc_debug ("run over: %zu source%s scraped", done, done == 1? "": "s");
    zstr_send (pipe, "DONE");
}

//  RUN client username
static void
s_on_run (zsock_t *pipe, s_args_t *args, zmsg_t *msg)
{
    scraper_trigger_t trigger = { "", "" };
    char *client = zmsg_popstr (msg), *username = zmsg_popstr (msg);
    vc_text_copy (trigger.client, sizeof trigger.client, client);
    vc_text_copy (trigger.username, sizeof trigger.username, username);
    zstr_free (&client);
    zstr_free (&username);
    if (args->stopping)
        vc_debug ("run asked for after the stop: ignored");
    else
        s_run_all (pipe, args, &trigger);
}

static void
s_actor (zsock_t *pipe, void *arg)
{
    s_args_t *args = (s_args_t *) arg;
    zsock_signal (pipe, 0);
    while (!args->terminated) {
        zmsg_t *msg;
        char *command = s_command (pipe, args, &msg);
        if (command && streq (command, "RUN"))
            s_on_run (pipe, args, msg);
        zstr_free (&command);
        zmsg_destroy (&msg);
        if (args->stopping && !args->stopped && !args->terminated) {
            zstr_send (pipe, "STOPPED");
            args->stopped = true;
        }
    }
    scraper_job_destroy (&args->job);
    free (args);
}

scraper_actor_t *
scraper_actor_new (const scrape_sources_t *sources, scraper_job_t **job_p)
{
    scraper_actor_t *self = (scraper_actor_t *) calloc (1, sizeof (scraper_actor_t));
    s_args_t *args = (s_args_t *) calloc (1, sizeof (s_args_t));
    if (!self || !args) {
        free (self);
        free (args);
        return NULL;
    }
    args->sources = sources;
    args->job = *job_p;
    //  The thread inherits this mask: signals go to the request loop
    sigset_t blocked, previous;
    sigemptyset (&blocked);
    sigaddset (&blocked, SIGINT);
    sigaddset (&blocked, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &blocked, &previous);
    self->actor = zactor_new (s_actor, args);
    pthread_sigmask (SIG_SETMASK, &previous, NULL);
    if (!self->actor) {
        vc_error ("cannot start the scrape actor");
        free (args);
        free (self);
        return NULL;
    }
    *job_p = NULL;
    return self;
}

int
scraper_actor_run (scraper_actor_t *self, const scraper_trigger_t *trigger)
{
    return zstr_sendx (self->actor, "RUN", trigger->client, trigger->username, NULL);
}

zsock_t *
scraper_actor_sock (scraper_actor_t *self)
{
    return zactor_sock (self->actor);
}

//  One message from the actor; true if it was STOPPED.
static bool
s_recv (scraper_actor_t *self, scraper_actor_fn *handler, void *arg)
{
    zmsg_t *msg = zmsg_recv (self->actor);
    char *command = msg? zmsg_popstr (msg): NULL;
    zframe_t *frame = msg? zmsg_first (msg): NULL;
    bool stopped = command && streq (command, "STOPPED");
    if (command && streq (command, "DONE"))
        handler (NULL, arg);
    else
    if (command && streq (command, "OUTCOME")
    &&  frame && zframe_size (frame) == sizeof (scraper_outcome_t)) {
        scraper_outcome_t outcome;
        memcpy (&outcome, zframe_data (frame), sizeof outcome);
        handler (&outcome, arg);
    }
    else
    if (!stopped)
        vc_warn ("unexpected message from the scrape actor");
    zstr_free (&command);
    zmsg_destroy (&msg);
    return stopped;
}

void
scraper_actor_recv (scraper_actor_t *self, scraper_actor_fn *handler, void *arg)
{
    s_recv (self, handler, arg);
}

int
scraper_actor_destroy (scraper_actor_t **self_p, int wait_ms,
                       scraper_actor_fn *handler, void *arg)
{
    scraper_actor_t *self = *self_p;
    if (!self)
        return 0;
    *self_p = NULL;
    bool stopped = false;
    zpoller_t *poller = zstr_send (self->actor, "STOP") == 0? zpoller_new (self->actor, NULL): NULL;
    if (poller)
        zpoller_set_nonstop (poller, true);     //  Also after an interrupt
    int64_t deadline = zclock_mono () + wait_ms;
    while (poller && !stopped && zclock_mono () < deadline) {
        if (zpoller_wait (poller, (int) (deadline - zclock_mono ())))
            stopped = s_recv (self, handler, arg);
        else
        if (!zpoller_expired (poller))
            break;
    }
    zpoller_destroy (&poller);
    if (!stopped) {
        vc_warn ("a scrape is still fetching; leaving that source unfinished");
        return -1;              //  Left to die with the process
    }
    zactor_destroy (&self->actor);
    free (self);
    return 0;
}

//  --------------------------------------------------------------------------
//  Self-test: real jobs over file: pages that are not there (each source
//  fails at once), on a store in a fresh folder.

typedef struct {
    size_t outcomes;
    size_t runs;
    scraper_status_t last;
    char username [VC_EXTRA_MAX + 1];
} s_seen_t;

static void
s_test_take (const scraper_outcome_t *outcome, void *arg)
{
    s_seen_t *seen = (s_seen_t *) arg;
    if (outcome) {
        seen->outcomes++;
        seen->last = outcome->status;
        vc_text_copy (seen->username, sizeof seen->username, outcome->username);
    }
    else
        seen->runs++;
}

static scraper_actor_t *
s_test_actor (const char *folder, const scrape_sources_t *sources)
{
    char path [256];
    snprintf (path, sizeof path, "%s/cases.db", folder);
    vc_casestore_t *store = vc_casestore_new (path, NULL);
    scrape_fetch_t *fetch = scrape_fetch_new ();
    VC_CHECK (store && fetch);
    scraper_job_t *job = scraper_job_new (&store, &fetch);
    VC_CHECK (job);
    scraper_actor_t *self = scraper_actor_new (sources, &job);
    VC_CHECK (self && !job);
    return self;
}

//  Read from the actor until a run is over
static void
s_test_until_done (scraper_actor_t *self, s_seen_t *seen)
{
    zpoller_t *poller = zpoller_new (scraper_actor_sock (self), NULL);
    VC_CHECK (poller);
    size_t runs = seen->runs;
    while (seen->runs == runs) {
        VC_CHECK (zpoller_wait (poller, 10000));
        scraper_actor_recv (self, s_test_take, seen);
    }
    zpoller_destroy (&poller);
}

void
scraper_actor_test (bool verbose)
{
    if (verbose)
        printf (" * scraper_actor: ");
    char folder [] = "/tmp/scraper_actor_test.XXXXXX";
    VC_CHECK (mkdtemp (folder));
    char text [512], err [128];
    snprintf (text, sizeof text, "[a]\nurl = file:missing-a.html\nparser = totals_html\n"
              "[off]\nurl = file:missing.html\nparser = totals_html\nenabled = no\n");
    for (int index = 0; index < 4; index++)
        snprintf (text + strlen (text), sizeof text - strlen (text),
                  "[b%d]\nurl = file:missing-b.html\nparser = totals_html\n", index);
    scrape_sources_t *sources = scrape_sources_parse (text, folder, err, sizeof err);
    VC_CHECK (sources);

    //  A run: every enabled source's outcome, then the end of the run
    scraper_actor_t *self = s_test_actor (folder, sources);
    s_seen_t seen = { 0 };
    scraper_trigger_t trigger = { "client-1", "alice" };
    VC_CHECK (scraper_actor_run (self, &trigger) == 0);
    s_test_until_done (self, &seen);
    VC_CHECK (seen.outcomes == 5 && seen.runs == 1);
    VC_CHECK (seen.last == SCRAPER_FAILED && streq (seen.username, "alice"));
    VC_CHECK (scraper_actor_destroy (&self, 5000, s_test_take, &seen) == 0);
    VC_CHECK (self == NULL && seen.outcomes == 5);

    //  Stopped at once: the run ends after its first source, and what it
    //  sends on the way out still reaches the handler
    self = s_test_actor (folder, sources);
    memset (&seen, 0, sizeof seen);
    VC_CHECK (scraper_actor_run (self, &trigger) == 0);
    VC_CHECK (scraper_actor_destroy (&self, 5000, s_test_take, &seen) == 0);
    VC_CHECK (seen.runs == 1 && seen.outcomes >= 1 && seen.outcomes < 5);

    scrape_sources_destroy (&sources);
    char command [sizeof folder + 16];
    snprintf (command, sizeof command, "rm -rf %s", folder);
    VC_CHECK (system (command) == 0);
    if (verbose)
        printf ("OK\n");
}
