/*  vc-test-lookup-driver - many clients doing lookups at once through the
    broker; every answer is checked against the shipped snapshot CSV, the
    file the data service loads (so it proves consistency under load, not
    that the figures are right).
    Each client is a thread that signs in, then keeps --window requests in
    flight until it has sent --requests of them, with provinces and dates
    written in varying forms. Prints the totals and the rate; exits 0 only
    when every lookup was answered with the right figure.  */
#include "vc_api.h"
#include "vc_config.h"
#include "vc_date.h"
#include "vc_log.h"
#include "vc_province.h"
#include <pthread.h>
#include <stdatomic.h>
#include "vc_check.h"

#define ROWS_MAX    20000
#define WINDOW_MAX  64

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker address", false },
    { "data-dir", "VC_DATA_DIR", "data", "Folder with snapshot/daily_cases.csv", false },
    { "clients", NULL, "50", "Clients (threads)", false },
    { "requests", NULL, "200", "Lookups per client", false },
    { "window", NULL, "1", "Requests each client keeps in flight (1..64)", false },
    { "user-prefix", NULL, "load", "Clients sign in as PREFIX0, PREFIX1...", false },
    { "password", NULL, "load-password", "Password for every client", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

typedef struct {
    int code;
    vc_day_t day;
    int64_t new_cases;
} row_t;

static row_t s_rows [ROWS_MAX];
static size_t s_row_count;
static vc_config_t *s_config;
static vc_provinces_t *s_provinces;
static atomic_long s_ok, s_wrong, s_failed;

static int
s_load_rows (const char *data_dir)
{
    char path [1024], line [256];
    snprintf (path, sizeof path, "%s/snapshot/daily_cases.csv", data_dir);
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    while (fgets (line, sizeof line, file) && s_row_count < ROWS_MAX) {
        char date [32];
        int code;
        long long value;
        vc_day_t day;
        if (sscanf (line, "%31[^,],%d,%lld", date, &code, &value) == 3
        &&  vc_date_parse (date, &day, NULL, 0) == 0)
            s_rows [s_row_count++] = (row_t) { code, day, value };
    }
    fclose (file);
    return s_row_count ? 0 : -1;
}

//  Build a lookup for row r in one of several spellings and date forms
static zframe_t *
s_request (const row_t *row, unsigned variant)
{
    const vc_province_t *province = vc_provinces_by_code (s_provinces, row->code);
    char name [96], date [16];
    int year, month, mday;
    vc_date_to_ymd (row->day, &year, &month, &mday);
    switch (variant % 4) {
        case 0: snprintf (name, sizeof name, "%s", province->name); break;
        case 1: snprintf (name, sizeof name, "%s", province->ascii); break;
        case 2: snprintf (name, sizeof name, "%s", province->ascii);
                for (char *c = name; *c; c++)
                    *c = (char) tolower ((unsigned char) *c);
                break;
        default: snprintf (name, sizeof name, "%02d", province->code); break;
    }
    switch ((variant / 4) % 3) {
        case 0: snprintf (date, sizeof date, "%02d-%02d-%04d", mday, month, year); break;
        case 1: snprintf (date, sizeof date, "%d/%d/%04d", mday, month, year); break;
        default: snprintf (date, sizeof date, "%04d-%02d-%02d", year, month, mday); break;
    }
    return vc_api_lookup (name, date);
}

static bool
s_reply_right (vc_reply_t *reply, const row_t *row)
{
    return reply->status == VC_OK
        && vc_reply_int (reply, "code", -1) == row->code
        && vc_reply_int (reply, "new_cases", -1) == row->new_cases;
}

typedef struct {
    uint64_t reqid;
    const row_t *row;
} pending_t;

static void *
s_client (void *arg)
{
    int index = (int) (intptr_t) arg;
    long requests = vc_config_int (s_config, "requests");
    long window = vc_config_int (s_config, "window");
    char user [64];
    snprintf (user, sizeof user, "%s%d", vc_config_get (s_config, "user-prefix"), index);
    vc_client_t *client = VC_NEED (vc_client_new (vc_config_get (s_config, "server"), "bench"));
    if (vc_client_connect (client, VC_CONNECT_TIMEOUT_MSEC)) {
        fprintf (stderr, "%s: %s\n", user, vc_client_error (client));
        atomic_fetch_add (&s_failed, requests);
        vc_client_destroy (&client);
        return NULL;
    }
    vc_reply_t *reply = vc_api_signin (client, user, vc_config_get (s_config, "password"), 5000);
    if (reply->status != VC_OK) {
        fprintf (stderr, "%s: sign in refused: %s\n", user, reply->message);
        atomic_fetch_add (&s_failed, requests);
    }
    else {
        pending_t pending [WINDOW_MAX];
        long sent = 0, done = 0, inflight = 0;
        unsigned seed = (unsigned) index * 7919u + 17u;
        while (done < requests) {
            while (inflight < window && sent < requests) {
                seed = seed * 1103515245u + 12345u;
                const row_t *row = &s_rows [(seed >> 8) % s_row_count];
                zframe_t *body = s_request (row, seed >> 20);
                pending [inflight++] = (pending_t) { vc_client_send (client, VC_SERVICE_DATA, &body), row };
                sent++;
            }
            vc_reply_t *answer = vc_client_recv (client, 5000);
            if (!answer) {
                atomic_fetch_add (&s_failed, requests - done);
                fprintf (stderr, "%s: no reply within 5 s\n", user);
                break;
            }
            long i = 0;
            while (i < inflight && pending [i].reqid != answer->reqid)
                i++;
            if (i < inflight) {
                bool right = s_reply_right (answer, pending [i].row);
                if (!right && atomic_load (&s_wrong) + atomic_load (&s_failed) < 5)
                    fprintf (stderr, "%s: wrong answer (%d %s) for code %d\n", user,
                             answer->status, answer->message, pending [i].row->code);
                atomic_fetch_add (right ? &s_ok : answer->status == VC_OK ? &s_wrong : &s_failed, 1);
                pending [i] = pending [--inflight];
                done++;
            }
            vc_reply_destroy (&answer);
        }
    }
    vc_reply_destroy (&reply);
    vc_client_destroy (&client);
    return NULL;
}

int
main (int argc, char **argv)
{
    s_config = vc_config_new ("vc-test-lookup-driver", "[options]",
        "Concurrent lookups through the broker, checked against the snapshot.", s_options);
    int rc = vc_config_parse (s_config, argc, argv);
    if (rc) {
        vc_config_destroy (&s_config);
        return rc > 0 ? 0 : 2;
    }
    vc_log_init ("driver", vc_config_get (s_config, "log-level"));
    zsys_init ();
    zsys_set_logstream (NULL);
    long clients = vc_config_int (s_config, "clients");
    long window = vc_config_int (s_config, "window");
    s_provinces = VC_NEED (vc_provinces_new ());
    if (clients < 1 || clients > 1000 || window < 1 || window > WINDOW_MAX
    ||  s_load_rows (vc_config_get (s_config, "data-dir"))) {
        fprintf (stderr, "bad options or no snapshot rows\n");
        rc = 2;
    }
    else {
        pthread_t *threads = (pthread_t *) VC_NEED (calloc ((size_t) clients, sizeof (pthread_t)));
        int64_t start = zclock_mono ();
        for (long i = 0; i < clients; i++)
            if (pthread_create (&threads [i], NULL, s_client, (void *) (intptr_t) i))
                abort ();
        for (long i = 0; i < clients; i++)
            pthread_join (threads [i], NULL);
        int64_t elapsed = zclock_mono () - start;
        free (threads);
        long total = clients * vc_config_int (s_config, "requests");
        long ok = atomic_load (&s_ok);
        printf ("%ld lookups: %ld right, %ld wrong, %ld failed in %" PRId64 " ms (%.0f lookups/s)\n",
                total, ok, (long) atomic_load (&s_wrong), (long) atomic_load (&s_failed),
                elapsed, elapsed > 0 ? ok * 1000.0 / (double) elapsed : 0.0);
        rc = ok == total ? 0 : 1;
    }
    vc_provinces_destroy (&s_provinces);
    vc_config_destroy (&s_config);
    return rc;
}
