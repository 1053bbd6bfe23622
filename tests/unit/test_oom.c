/*  test_oom - the out-of-memory rule (CONTRIBUTING.md) for the protocol
    library's constructors and builders and the CLI's tables. This program
    replaces malloc, calloc, realloc and strdup; for each case and each N,
    a child process makes the Nth allocation the code under test asks for
    (calls from this executable, where vccommon and vccli are linked; the
    libraries' own allocations never fail) fail, then, in a second round,
    that one and every later one, and runs the case. The case must give
    NULL or -1, or succeed when what failed had a fallback, and nothing may
    crash; each case must have been refused at least once. A program of
    its own, not a module's self-test: the allocator it replaces would be
    replaced in every program linking the library (CONTRIBUTING.md,
    "Adding a test").  */
#include "vc_api.h"
#include "vc_body.h"
#include "vc_client.h"
#include "vc_config.h"
#include "vc_date.h"
#include "vc_event.h"
#include "vc_messages.h"
#include "vc_msg.h"
#include "vc_worker.h"
#include "cli_table.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#if defined (__SANITIZE_ADDRESS__)
#   define S_SANITIZED 1
#elif defined (__has_feature)
#   if __has_feature (address_sanitizer)
#       define S_SANITIZED 1
#   endif
#endif

#ifndef S_SANITIZED
//  glibc's own allocator, under its exported names
extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t count, size_t size);
extern void *__libc_realloc (void *ptr, size_t size);
extern void __libc_free (void *ptr);

//  This executable's code (the linker's symbols)
extern char __executable_start, etext;

static long s_countdown;        //  > 0: the allocation this many from now fails
static bool s_sticky;           //  Every allocation after it fails too
static bool s_fired;

//  Whether an allocation asked for by code at caller fails
static bool
s_fail (void *caller)
{
    if ((char *) caller < &__executable_start || (char *) caller >= &etext)
        return false;
    if (s_fired && s_sticky)
        return true;
    if (s_countdown > 0 && --s_countdown == 0) {
        s_fired = true;
        return true;
    }
    return false;
}

#define S_CALLER __builtin_return_address (0)
void *malloc (size_t size) { return s_fail (S_CALLER) ? NULL : __libc_malloc (size); }
void *calloc (size_t count, size_t size) { return s_fail (S_CALLER) ? NULL : __libc_calloc (count, size); }
void *realloc (void *ptr, size_t size) { return s_fail (S_CALLER) ? NULL : __libc_realloc (ptr, size); }
void free (void *ptr) { __libc_free (ptr); }

char *
strdup (const char *text)
{
    size_t size = strlen (text) + 1;
    char *copy = s_fail (S_CALLER) ? NULL : (char *) __libc_malloc (size);
    if (copy)
        memcpy (copy, text, size);
    return copy;
}
#endif

//  A case: 0 when it made what it makes, 1 when it was refused as the
//  rule says; anything else (or a crash) is a failure.
typedef int (s_case_fn) (void);

//  A body with a list long enough that the pack's buffer grows
static int
s_pack (void)
{
    vc_history_row_t rows [200];
    vc_day_t day = 0;
    vc_date_from_ymd (2021, 7, 1, &day);
    for (int i = 0; i < 200; i++)
        rows [i] = (vc_history_row_t) { .date = day + i, .new_cases = i, .deaths = 1, .reports = 1 };
    vc_data_history_reply_t reply = {
        .status = VC_OK, .has_province = true, .province = "Hồ Chí Minh", .step = "day",
        .from = day, .to = day + 199, .rows = rows, .rows_count = 200
    };
    vc_pack_t *pack = vc_pack_new ();
    vc_data_history_reply_pack (pack, &reply);
    zframe_t *frame = vc_pack_frame (pack);
    bool failed = pack && vc_pack_failed (pack);
    vc_pack_destroy (&pack);
    if (!frame)
        return 1;
    int rc = failed ? 2 : 0;        //  A frame of a failed pack: a cut body
    zframe_destroy (&frame);
    return rc;
}

static int
s_body (void)
{
    char data [4096];
    memset (data, 'x', sizeof data);
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return 1;
    vc_pack_map_begin (pack);
    vc_pack_key (pack, "text");
    vc_pack_strn (pack, data, sizeof data);
    vc_pack_map_end (pack);
    char err [160] = "";
    vc_body_t *body = vc_pack_failed (pack) ? NULL
                    : vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);
    bool failed = vc_pack_failed (pack);
    vc_pack_destroy (&pack);
    if (failed)
        return 1;
    if (!body)
        return streq (err, "out of memory") ? 1 : 2;
    vc_body_destroy (&body);
    return 0;
}

static int
s_msg (void)
{
    zframe_t *body = vc_api_lookup ("Hà Nội", "2021-12-15");
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    vc_msg_set_address (msg, "data");
    vc_msg_set_extra (msg, "token");
    vc_msg_set_body (msg, &body);       //  Destroyed, for a NULL message
    bool made = msg != NULL;
    vc_msg_destroy (&msg);
    zframe_destroy (&body);
    return made ? 0 : 1;
}

//  A received message: decoded whole, or dropped whole
static int
s_decode (void)
{
    zmsg_t *zmsg = zmsg_new ();
    if (!zmsg)
        return 1;
    zframe_t *body = vc_api_op ("ping");
    byte command = VC_CMD_REQUEST;
    if (!body || zmsg_addstr (zmsg, VC_PROTO_SIGNATURE) || zmsg_addmem (zmsg, &command, 1)
    ||  zmsg_addstr (zmsg, "data") || zmsg_addmem (zmsg, "12345678", 8) || zmsg_addstr (zmsg, "")
    ||  zmsg_append (zmsg, &body)) {
        zframe_destroy (&body);
        zmsg_destroy (&zmsg);
        return 1;
    }
    vc_msg_t *msg = vc_msg_decode (&zmsg, false);
    bool made = msg != NULL;
    vc_msg_destroy (&msg);
    return made ? 0 : 1;
}

static int
s_publisher (void)
{
    vc_publisher_t *publisher = vc_publisher_new ("inproc://test-oom-events", "oom");
    if (!publisher)
        return 1;
    int rc = vc_publish (publisher, "oom.test", "client", "user", "127.0.0.1", "detail");
    vc_publisher_destroy (&publisher);
    return rc ? 1 : 0;
}

static int
s_worker (void)
{
    vc_worker_t *worker = vc_worker_new ("tcp://127.0.0.1:1,tcp://127.0.0.1:2", "oom", 1);
    if (!worker)
        return 1;
    vc_worker_destroy (&worker);
    return 0;
}

//  A call always has a reply: "not connected", or the spare one
static int
s_client (void)
{
    vc_client_t *client = vc_client_new ("127.0.0.1:1,127.0.0.1:2", "oom");
    if (!client)
        return 1;
    zframe_t *body = vc_api_op ("ping");
    vc_reply_t *reply = vc_client_call (client, "broker", &body, 100);
    int rc = !reply ? 2
           : reply->status == VC_SERVICE_UNAVAILABLE ? 0
           : reply->status == VC_INTERNAL && streq (reply->message, "out of memory") ? 1 : 2;
    vc_reply_destroy (&reply);
    vc_client_destroy (&client);
    return rc;
}

static int
s_config (void)
{
    static const vc_option_t options [] = {
        { "server", "VC_SERVER", "127.0.0.1", "the broker", false },
        { NULL, NULL, NULL, NULL, false }
    };
    char *argv [] = { "test_oom", "--server", "10.0.0.1", NULL };
    vc_config_t *config = vc_config_new ("test_oom", NULL, NULL, options);
    int rc = vc_config_parse (config, 3, argv);
    bool made = config && rc == 0 && streq (vc_config_get (config, "server"), "10.0.0.1");
    vc_config_destroy (&config);
    return made ? 0 : rc == -1 ? 1 : 2;
}

static int
s_table (void)
{
    cli_table_t *table = cli_table_new ();
    cli_table_column (table, "province", CLI_COL_TEXT);
    cli_table_column (table, "cases", CLI_COL_INT);
    for (int i = 0; i < 20; i++) {
        cli_table_row (table);
        cli_table_text (table, "Hồ Chí Minh");
        cli_table_int (table, i);
    }
    FILE *out = fopen ("/dev/null", "w");
    int rc = out ? cli_table_print (table, CLI_FORMAT_JSON, out) : -1;
    bool failed = cli_table_failed (table);
    if (out)
        fclose (out);
    cli_table_destroy (&table);
    return rc == 0 ? (failed ? 2 : 0) : 1;
}

typedef struct {
    int made, refused, failures;
} s_tally_t;

//  Run the case in a child with the nth allocation failing; its exit
//  status: 0/1 as the case said, 3 when no allocation failed (n is past
//  the case's last), 4 when the case broke its word.
static int
s_child (s_case_fn *run, long n, bool sticky, int err_fd)
{
    dup2 (err_fd, STDERR_FILENO);
    struct rlimit none = { 0, 0 };
    setrlimit (RLIMIT_CORE, &none);
#ifndef S_SANITIZED
    s_sticky = sticky;
    s_countdown = n;
#endif
    int rc = run ();
#ifndef S_SANITIZED
    bool fired = s_fired;
    s_countdown = 0;
    s_fired = false;
    if (!fired)
        _exit (3);
#endif
    _exit (rc == 0 || rc == 1 ? rc : 4);
}

//  One run; false when there is nothing left to fail
static bool
s_run (const char *name, s_case_fn *run, long n, bool sticky, s_tally_t *tally)
{
    int fds [2];
    if (pipe (fds)) {
        tally->failures++;
        return false;
    }
    fflush (NULL);
    pid_t pid = fork ();
    if (pid == 0) {
        close (fds [0]);
        s_child (run, n, sticky, fds [1]);
    }
    close (fds [1]);
    char said [4096] = "";
    size_t size = 0;
    ssize_t got;
    while ((got = read (fds [0], said + size, sizeof said - 1 - size)) > 0)
        size += (size_t) got;
    said [size] = 0;
    close (fds [0]);
    int status = 0;
    if (pid < 0 || waitpid (pid, &status, 0) != pid) {
        tally->failures++;
        return false;
    }
    if (WIFEXITED (status) && WEXITSTATUS (status) == 3)
        return false;
    if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
        tally->made++;
    else
    if (WIFEXITED (status) && WEXITSTATUS (status) == 1)
        tally->refused++;
    else {
        tally->failures++;
        fprintf (stderr, "%s: allocation %ld failing%s: %s %d\n%s", name, n,
                 sticky ? " (and every later one)" : "",
                 WIFSIGNALED (status) ? "killed by signal" : "exit status",
                 WIFSIGNALED (status) ? WTERMSIG (status) : WEXITSTATUS (status), said);
    }
    return true;
}

static int
s_case (const char *name, s_case_fn *run)
{
    s_tally_t tally = { 0 };
    long n = 1;
    for (int round = 0; round < 2; round++)
        for (n = 1; n < 5000 && s_run (name, run, n, round == 1, &tally); n++)
            ;
    printf ("%-10s %3ld allocations: %3d runs made it, %3d refused, %d failed\n",
            name, n - 1, tally.made, tally.refused, tally.failures);
    if (tally.refused == 0) {
        fprintf (stderr, "%s: no failing allocation was refused by the code under test\n", name);
        tally.failures++;
    }
    return tally.failures;
}

int
main (void)
{
#ifdef S_SANITIZED
    printf ("SKIPPED - a sanitizer replaces the allocator\n");
    return 77;
#else
    struct { const char *name; s_case_fn *run; } cases [] = {
        { "vc_pack", s_pack }, { "vc_body", s_body }, { "vc_msg", s_msg },
        { "decode", s_decode }, { "publisher", s_publisher }, { "vc_worker", s_worker },
        { "vc_client", s_client }, { "vc_config", s_config }, { "cli_table", s_table }
    };
    //  TEST_OOM_CASE=name TEST_OOM_N=n: that one run, in this process
    const char *only = getenv ("TEST_OOM_CASE");
    const char *nth = getenv ("TEST_OOM_N");
    for (size_t i = 0; only && nth && i < sizeof cases / sizeof cases [0]; i++)
        if (streq (cases [i].name, only)) {
            s_countdown = atol (nth);
            int rc = cases [i].run ();
            s_countdown = 0;
            printf ("%s: %d\n", only, rc);
            return rc;
        }
    int failures = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++)
        failures += s_case (cases [i].name, cases [i].run);
    printf ("%s\n", failures ? "FAILED" : "OK");
    return failures ? 1 : 0;
#endif
}
