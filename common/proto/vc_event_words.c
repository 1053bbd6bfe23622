/*  vc_event_words - an event's detail in the person's language: the
    shapes the broker and the services write, matched and said again from
    the catalogue with vc_words, the scraper's reasons and notes and the
    message ids with the shared table of vc_server_words, a client's kind
    and a service's health in words (see vc_event_words.h). Plain C: vc-monitor and vc-cli share it.  */
#include "vc_event_words.h"
#include "vc_check.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include "vc_proto.h"
#include "vc_said.h"
#include "vc_server_words.h"
#include "vc_text.h"
#include "vc_words.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(table) (sizeof table / sizeof table [0])

static bool
s_same (const char *a, const char *b)
{
    return strcmp (a, b) == 0;
}

//  First match wins: longer shapes before the shorter ones they contain
static const vc_shape_t s_shapes [] = {
    //  The broker
    { VC_TOPIC_BROKER_START, "%s", N_("run %s") },
    { NULL, N_("run %s took over from run %s"), NULL },
    { NULL, N_("run %s active: %s"), NULL },
    { NULL, N_("run %s passive: %s"), NULL },
    { NULL, N_("run %s primary (waiting): %s"), NULL },
    { NULL, N_("run %s backup (waiting): %s"), NULL },
    { NULL, N_("started"), NULL },
    { NULL, N_("the peer is active"), NULL },
    { NULL, N_("the peer is passive"), NULL },
    { NULL, N_("the backup is ready"), NULL },
    { NULL, N_("the backup restarted"), NULL },
    { NULL, N_("both were passive: the primary serves"), NULL },
    { NULL, N_("the peer is silent and a client asked: failover"), NULL },
    { NULL, N_("no peer heard: serving alone"), NULL },
    { NULL, N_("stalled: waiting to hear the peer again"), NULL },
    { NULL, N_("both were active: the peer took over while this broker was cut off; it yields"), NULL },
    { NULL, N_("unknown"), NULL },
    { NULL, N_("broker restarted"), NULL },
    { NULL, N_("broker stopped"), NULL },
    { NULL, N_("system shutdown"), NULL },
    { NULL, N_("operator asked the system to stop"), NULL },
    { NULL, N_("exited"), NULL },
    { NULL, N_("connection lost (no heartbeat)"), NULL },
    { NULL, N_("connection replaced"), NULL },
    { NULL, N_("connection closed"), NULL },
    { NULL, N_("disconnected: its replies are not being read"), NULL },
    { NULL, N_("%s instance %s ready (capacity %d)"), NULL },
    { NULL, N_("%s instance %s ready (capacity %d; an older worker: requests without the source address)"), NULL },
    { NULL, N_("%s instance %s reconnected"), NULL },
    { NULL, N_("%s instance %s sent to the other broker (this one stands by)"), NULL },
    { NULL, N_("%s instance %s registered again"), NULL },
    { NULL, N_("%s instance %s left"), NULL },
    { NULL, N_("%s instance %s lost (no heartbeat)"), NULL },
    //  The auth service
    { NULL, N_("account created"), NULL },
    { NULL, N_("signed in"), NULL },
    { NULL, N_("session resumed"), NULL },
    { NULL, N_("signed out"), NULL },
    { NULL, N_("signed in as another user"), NULL },
    { NULL, N_("client exited"), NULL },
    { NULL, N_("connection lost"), NULL },
    { NULL, N_("account in use"), NULL },
    { NULL, N_("wrong username or password"), NULL },
    { NULL, N_("wrong password"), NULL },
    { NULL, N_("unknown username"), NULL },
    { NULL, N_("too many failed sign-ins from this address"), NULL },
    { NULL, N_("too many failed attempts"), NULL },
    //  The data service: a lookup's outcome (its new figures: vc_server_words)
    { NULL, N_("%s: %d total as of %s (sum of daily reports)"), NULL },
    { NULL, N_("%d total as of %s (sum of daily reports)"), NULL },
    { NULL, N_("%s: %d total as of %s"), NULL },
    { NULL, N_("%s: no total"), NULL },
    { NULL, N_("%s: %d days by %s"), NULL },
    { NULL, N_("%d provinces, %d days by %s"), NULL },
    { NULL, N_("%d province, %d days by %s"), NULL },
    { NULL, N_("%s: %d provinces, first %s %d"), NULL },
    { NULL, N_("%s: %d province, first %s %d"), NULL },
    { NULL, N_("%s: %d (%d provinces)"), NULL },
    { NULL, N_("%s: %d (%d province)"), NULL },
    { NULL, N_("%s: %d days"), NULL },
    { NULL, N_("%s %s: not reported"), NULL },
    { NULL, N_("%s %s: %d"), NULL },
    { NULL, N_("national"), NULL },
    { NULL, "day", N_("day") },
    { NULL, "week", N_("week") },
    { NULL, "month", N_("month") },
    { NULL, N_("bad date"), NULL },
    { NULL, N_("no data"), NULL },
    { NULL, N_("not reported"), NULL },
    { NULL, N_("no totals"), NULL },
    { NULL, N_("not found"), NULL },
    //  Statuses, as an outcome names them
    { NULL, N_("bad request"), NULL },
    { NULL, N_("unauthorised"), NULL },
    { NULL, N_("forbidden"), NULL },
    { NULL, N_("conflict"), NULL },
    { NULL, N_("too large"), NULL },
    { NULL, N_("busy"), NULL },
    { NULL, N_("internal error"), NULL },
    { NULL, N_("unknown service"), NULL },
    { NULL, N_("service unavailable"), NULL },
    { NULL, N_("timeout"), NULL },
    { NULL, N_("out of memory"), NULL },
};

//  The operations of the data service, as a lookup event names them
static const char *s_operations [] = {
    N_("lookup"), N_("series"), N_("national"), N_("top"), N_("history"), N_("compare"),
    N_("stats"), NULL
};

//  The steps a history or a comparison is asked by
static const char *s_steps [] = { N_("day"), N_("week"), N_("month"), NULL };

//  A scrape's outcome, as the event names it before the reason
static const char *s_scrape_outcomes [] = { N_("rejected"), N_("failed"), NULL };

//  A service's health, as the broker's services list gives it
static const char *s_health [] = { N_("up"), N_("down"), N_("unknown"), NULL };

//  Say text again in the person's language if it fits a shape (vc_words)
static bool
s_phrase (FILE *out, const char *topic, const char *text)
{
    char *said = vc_words_say (s_shapes, COUNT (s_shapes), topic, text);
    if (!said)
        return false;
    fputs (said, out);
    free (said);
    return true;
}

//  The request's fields as they were given (length bytes), a step in words
static void
s_request (FILE *out, const char *fields, size_t length)
{
    size_t at = 0;
    while (at < length) {
        if (fields [at] == ' ') {
            fputc (' ', out);
            at++;
            continue;
        }
        size_t word = 0;
        while (at + word < length && fields [at + word] != ' ')
            word++;
        const char *step = vc_words_listed (s_steps, fields + at, word);
        if (step)
            fputs (step, out);
        else
            fwrite (fields + at, 1, word, out);
        at += word;
    }
}

//  The last place of needle in text, or NULL
static const char *
s_last (const char *text, const char *needle)
{
    const char *last = NULL;
    for (const char *found = strstr (text, needle); found; found = strstr (found + 1, needle))
        last = found;
    return last;
}

//  A lookup: 'OP "province" ARGS -> OUTCOME': the operation and the outcome
//  in words, the request's fields as they were given
static bool
s_lookup (FILE *out, const char *detail)
{
    const char *arrow = s_last (detail, " -> ");
    size_t op_length = strcspn (detail, " ");
    const char *operation = vc_words_listed (s_operations, detail, op_length);
    if (!arrow || !operation || detail + op_length > arrow)
        return false;
    char *outcome = vc_words_say (s_shapes, COUNT (s_shapes), NULL, arrow + 4);
    if (!outcome)
        return false;
    fputs (operation, out);
    s_request (out, detail + op_length, (size_t) (arrow - detail) - op_length);
    fprintf (out, " → %s", outcome);
    free (outcome);
    return true;
}

//  A scrape: 'SOURCE: REASON' or 'SOURCE OUTCOME: REASON', the reason
//  said by its message id (said, when given) or by its shape
static bool
s_scrape (FILE *out, const char *detail, const char *said_reason)
{
    size_t name = strcspn (detail, " :");
    const char *colon = strstr (detail + name, ": ");
    if (!name || !colon)
        return false;
    const char *outcome = NULL;
    if (detail [name] == ' ') {
        outcome = vc_words_listed (s_scrape_outcomes, detail + name + 1, (size_t) (colon - detail - name - 1));
        if (!outcome)
            return false;
    }
    char *said = said_reason ? strdup (said_reason) : vc_server_words_scrape (colon + 2);
    if (!said)
        return false;
    fwrite (detail, 1, name, out);
    if (outcome)
        fprintf (out, " %s", outcome);
    fprintf (out, ": %s", said);
    free (said);
    return true;
}

static bool
s_words (FILE *out, const char *topic, const char *detail)
{
    if (s_same (topic, VC_TOPIC_DATA_LOOKUP))
        return s_lookup (out, detail);
    if (strncmp (topic, VC_TOPICS_SCRAPE, strlen (VC_TOPICS_SCRAPE)) == 0)
        return s_scrape (out, detail, NULL);
    if (s_phrase (out, topic, detail))
        return true;
    char *said = vc_server_words_reply (detail);
    if (said)
        fputs (said, out);
    free (said);
    return said != NULL;
}

//  A character of a word, a count, a date, a time or an id
static bool
s_joined (char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || c == '-' || c == '/' || c == ':' || c == '.' || c == '_';
}

//  A detail of no known shape: counts grouped the Vietnamese way
//  ("47.788"); dates, times and ids left as they are
static void
s_grouped (FILE *out, const char *detail)
{
    const char *scan = detail;
    while (*scan) {
        if (!s_joined (*scan)) {
            fputc (*scan++, out);
            continue;
        }
        size_t length = 1;
        while (scan [length] && s_joined (scan [length]))
            length++;
        if (length >= 4 && length <= 18 && strspn (scan, "0123456789") == length) {
            char number [24], grouped [32];
            memcpy (number, scan, length);
            number [length] = 0;
            vc_number_format (strtoll (number, NULL, 10), grouped, sizeof grouped);
            fputs (grouped, out);
        }
        else
            fwrite (scan, 1, length, out);
        scan += length;
    }
}

char *
vc_event_words_detail (const char *topic, const char *detail)
{
    vc_text_stream_t text;
    if (!vc_text_stream_open (&text))
        return NULL;
    char *said = vc_text_stream_close (&text, s_words (text.out, topic, detail));
    if (said || !vc_text_stream_open (&text))
        return said;
    s_grouped (text.out, detail);
    return vc_text_stream_close (&text, true);
}

const char *
vc_event_words_kind_known (const char *kind)
{
    if (s_same (kind, "gui"))
        return _("desktop app");
    if (s_same (kind, "cli"))
        return _("command line");
    if (s_same (kind, "monitor"))
        return _("monitor");
    if (s_same (kind, "bench"))
        return _("benchmark");
    return NULL;
}

const char *
vc_event_words_health (const char *health)
{
    return vc_words_listed (s_health, health, strlen (health));
}

const char *
vc_event_words_kind (const char *kind)
{
    const char *known = vc_event_words_kind_known (kind);
    return known ? known : _("other program");
}

//  A client's connection: 'KIND client connected', the kind in words;
//  NULL for any other detail
static char *
s_client (const vc_event_t *event)
{
    char kind [64];
    const char *tail = " client connected";
    size_t length = strlen (event->detail), tail_length = strlen (tail);
    if (!s_same (event->topic, VC_TOPIC_CLIENT_CONNECT)
    ||  sscanf (event->detail, "%63s client connected", kind) != 1
    ||  length < tail_length || !s_same (event->detail + length - tail_length, tail))
        return NULL;
    const char *words = vc_event_words_kind (kind);
    const char *format = _("%s connected");
    size_t size = strlen (format) + strlen (words) + 1;
    char *said = (char *) malloc (size);
    if (said)
        snprintf (said, size, format, words);
    return said;
}

char *
vc_event_words_event (const vc_event_t *event)
{
    char *client = s_client (event);
    if (client)
        return client;
    const char *args [VC_SAID_MAX_ARGS];
    size_t count = *event->msgid ? vc_event_args (event, args) : 0;
    char *said = *event->msgid ? vc_server_words_id (event->msgid, args, count) : NULL;
    if (!said)
        return vc_event_words_detail (event->topic, event->detail);
    if (strncmp (event->topic, VC_TOPICS_SCRAPE, strlen (VC_TOPICS_SCRAPE)))
        return said;
    vc_text_stream_t text;
    char *scrape = NULL;
    if (vc_text_stream_open (&text))
        scrape = vc_text_stream_close (&text, s_scrape (text.out, event->detail, said));
    free (said);
    return scrape ? scrape : vc_event_words_detail (event->topic, event->detail);
}

bool
vc_event_words_known (const char *topic, const char *detail)
{
    vc_text_stream_t text;
    if (!vc_text_stream_open (&text))
        return false;
    bool known = s_words (text.out, topic, detail);
    vc_text_stream_close (&text, false);
    return known;
}

void
vc_event_words_test (bool verbose)
{
    if (verbose)
        printf (" * vc_event_words: ");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_AUTH_LOGIN_FAILED, "wrong password"), "wrong password");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_SERVICE_READY, "auth instance 2 ready (capacity 1024)"),
                   "auth instance 2 ready (capacity 1.024)");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_SERVICE_READY, "echo instance h:7 ready (capacity 1024; "
                                          "an older worker: requests without the source address)"),
                   "echo instance h:7 ready (capacity 1.024; an older worker: requests without the source address)");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_DATA_LOOKUP, "history \"Hà Nội\" week -> Hà Nội: 12 days by week"),
                   "history \"Hà Nội\" week → Hà Nội: 12 days by week");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_DATA_LOOKUP, "explode \"x\" -> not found"), "explode \"x\" -> not found");
    VC_CHECK_SAID (vc_event_words_detail (VC_TOPIC_SCRAPE_FAILED, "src rejected: out of memory"),
                   "src rejected: out of memory");
    VC_CHECK_SAID (vc_event_words_detail ("other.topic", "tick 47788 at 12:00:01"), "tick 47.788 at 12:00:01");
    //  A kind of the system's programs in words, any other one named so
    //  by the callers that want it (a list shows it as given)
    if (strcmp (vc_event_words_kind ("cli"), "command line") || vc_event_words_kind_known ("probe")
    ||  strcmp (vc_event_words_kind ("probe"), "other program")) {
        fprintf (stderr, "vc_event_words: kinds\n");
        abort ();
    }
    if (strcmp (vc_event_words_health ("down"), "down") || vc_event_words_health ("sideways")) {
        fprintf (stderr, "vc_event_words: health\n");
        abort ();
    }
    if (!vc_event_words_known (VC_TOPIC_SERVICE_LOST, "data instance vm:12 lost (no heartbeat)")
    ||  vc_event_words_known (VC_TOPIC_BROKER_STOP, "1db12c0e2ae003ef")
    ||  vc_event_words_known (VC_TOPIC_SCRAPE_FAILED, "src exploded: out of memory")) {
        fprintf (stderr, "vc_event_words: a detail's shape told wrong\n");
        abort ();
    }
    vc_event_t event;
    memset (&event, 0, sizeof event);
    snprintf (event.topic, sizeof event.topic, "%s", VC_TOPIC_CLIENT_CONNECT);
    snprintf (event.detail, sizeof event.detail, "gui client connected");
    VC_CHECK_SAID (vc_event_words_event (&event), "desktop app connected");
    snprintf (event.detail, sizeof event.detail, "gui client connected twice");
    VC_CHECK_SAID (vc_event_words_event (&event), "gui client connected twice");
    if (verbose)
        printf ("OK\n");
}
