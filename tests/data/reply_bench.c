/*  reply_bench - how fast the data service answers in-process (no broker):
    each view asked repeatedly through data_ops_handle, reply packed, for
    lookups, a whole series, the national and a province's whole history
    (kept once packed) and the same one day short (packed each time), a
    compare of eight provinces and stats. Prints requests per second and microseconds per
    request of each, to compare builds of the reply encoders.

    vc-test-reply-bench [--seconds=1]
*/
#include "data_ops.h"
#include "vc_log.h"
#include "vc_check.h"

static int64_t
s_cpu_usecs (void)
{
    struct timespec now;
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
    return (int64_t) now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

static double
s_run (data_ops_t *ops, vc_pack_t *request_body, const char *op, double seconds, int *status)
{
    char err [160];
    vc_request_t request = { .client = "bench", .username = "bench" };
    snprintf (request.op, sizeof request.op, "%s", op);
    request.body = vc_body_decode (vc_pack_data (request_body), vc_pack_size (request_body),
                                   err, sizeof err);
    assert (request.body);
    int64_t start = zclock_usecs (), cpu = s_cpu_usecs (), done = 0;
    do {
        for (int i = 0; i < 20; i++)
            *status = data_ops_handle (ops, &request);
        done += 20;
    } while (zclock_usecs () - start < (int64_t) (seconds * 1e6));
    cpu = s_cpu_usecs () - cpu;
    vc_body_destroy (&request.body);
    return (double) done * 1e6 / (double) (cpu > 0 ? cpu : 1);
}

static void
s_report (data_ops_t *ops, const char *name, vc_pack_t *pack, const char *op, double seconds)
{
    int status = 0;
    double rate = s_run (ops, pack, op, seconds, &status);
    //  FNV-1a of the reply's bytes: builds that pack the same bytes print
    //  the same checksum
    vc_pack_t *reply = data_ops_pack (ops);
    uint32_t hash = 2166136261u;
    for (size_t i = 0; i < vc_pack_size (reply); i++)
        hash = (hash ^ (uint8_t) vc_pack_data (reply) [i]) * 16777619u;
    printf ("%-28s status %d  %9.0f requests per CPU s  %8.1f CPU us each  reply %zu bytes, checksum %08x\n",
            name, status, rate, 1e6 / rate, vc_pack_size (reply), hash);
    vc_pack_reset (pack);
}

int
main (int argc, char *argv [])
{
    double seconds = 1;
    for (int i = 1; i < argc; i++)
        if (strncmp (argv [i], "--seconds=", 10) == 0)
            seconds = atof (argv [i] + 10);
        else {
            printf ("vc-test-reply-bench [--seconds=1]: the data service's replies, in-process\n");
            return strcmp (argv [i], "--help") ? 1 : 0;
        }
    vc_log_init ("reply-bench", "warn");
    zsys_init ();
    char dir [] = "/tmp/vc-reply-bench.XXXXXX";
    if (!mkdtemp (dir))
        return 1;
    char db [256];
    snprintf (db, sizeof db, "%s/cases.db", dir);
    vc_casestore_t *store = vc_casestore_new (db, VC_DATA_DIR);
    data_ops_t *ops = store ? data_ops_new (store, 0) : NULL;
    if (!ops)
        return 1;
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "lookup");
    vc_pack_kstr (pack, "province", "hcm");
    vc_pack_kstr (pack, "date", "15-12-2021");
    vc_pack_map_end (pack);
    s_report (ops, "lookup with a date", pack, "lookup", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "series");
    vc_pack_kstr (pack, "province", "hcm");
    vc_pack_map_end (pack);
    s_report (ops, "series, whole range", pack, "series", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "history");
    vc_pack_map_end (pack);
    s_report (ops, "national whole history", pack, "history", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "history");
    vc_pack_kstr (pack, "province", "hcm");
    vc_pack_map_end (pack);
    s_report (ops, "province whole history", pack, "history", seconds);
    //  A range one day short of the whole: packed for each request
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "history");
    vc_pack_kstr (pack, "from", "2020-03-19");
    vc_pack_map_end (pack);
    s_report (ops, "national, one day short", pack, "history", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "history");
    vc_pack_kstr (pack, "province", "hcm");
    vc_pack_kstr (pack, "from", "2020-03-19");
    vc_pack_map_end (pack);
    s_report (ops, "province, one day short", pack, "history", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "compare");
    vc_pack_key (pack, "provinces");
    const char *names [] = { "hcm", "ha noi", "hai phong", "da nang", "can tho", "hue", "ben tre", "ca mau" };
    vc_pack_array (pack, 8);
    for (int i = 0; i < 8; i++)
        vc_pack_str (pack, names [i]);
    vc_pack_map_end (pack);
    s_report (ops, "compare of 8, whole range", pack, "compare", seconds);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "stats");
    vc_pack_kstr (pack, "province", "ha noi");
    vc_pack_kstr (pack, "date", "15-12-2021");
    vc_pack_map_end (pack);
    s_report (ops, "stats", pack, "stats", seconds);
    vc_pack_destroy (&pack);
    data_ops_destroy (&ops);
    vc_casestore_destroy (&store);
    remove (db);
    char extra [300];
    snprintf (extra, sizeof extra, "%s-wal", db);
    remove (extra);
    snprintf (extra, sizeof extra, "%s-shm", db);
    remove (extra);
    rmdir (dir);
    return 0;
}
