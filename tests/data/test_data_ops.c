/*  test_data_ops - the data service's operations driven directly (no
    broker): every op, field and status code, the event text, and the cache
    being dropped or refreshed after the store changes. Uses a fresh store
    seeded from the shipped snapshot in a temporary folder.  */
#include "data_ops.h"
#include "vc_log.h"
#include "vc_check.h"

static data_ops_t *s_ops;
static vc_body_t *s_reply;          //  Last reply, decoded

//  Send {op, k1, v1, ...}: string values, or integers when the key ends in ':'
static int
s_call (const char *username, const char *op, int pairs, ...)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 1 + (size_t) pairs);
    vc_pack_kstr (pack, "op", op);
    va_list args;
    va_start (args, pairs);
    for (int i = 0; i < pairs; i++) {
        const char *key = va_arg (args, const char *);
        size_t len = strlen (key);
        if (key [len - 1] == ':') {
            vc_pack_strn (pack, key, len - 1);
            vc_pack_int (pack, va_arg (args, int));
        }
        else
            vc_pack_kstr (pack, key, va_arg (args, const char *));
    }
    va_end (args);
    char err [256];
    vc_request_t request = { .client = "client-1" };
    snprintf (request.username, sizeof request.username, "%s", username);
    snprintf (request.op, sizeof request.op, "%s", op);
    request.body = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);
    VC_CHECK (request.body);
    int status = data_ops_handle (s_ops, &request);
    vc_body_destroy (&request.body);
    vc_pack_destroy (&pack);
    vc_body_destroy (&s_reply);
    vc_pack_t *reply = data_ops_pack (s_ops);
    s_reply = vc_body_decode (vc_pack_data (reply), vc_pack_size (reply), err, sizeof err);
    VC_CHECK (s_reply);
    if (getenv ("VERBOSE")) {
        const char *message = "";
        vc_body_str (s_reply, "message", 4096, &message);
        fprintf (stderr, "%s -> %d %s\n", op, status, message);
    }
    int64_t field = 0;
    VC_CHECK (vc_body_need_int (s_reply, "status", 100, 599, &field) == 0 && field == status);
    return status;
}

static const char *
s_str (const char *key)
{
    const char *value = NULL;
    VC_CHECK (vc_body_need_str (s_reply, key, 4096, &value) == 0);
    return value;
}

static int64_t
s_int (const char *key)
{
    int64_t value = 0;
    VC_CHECK (vc_body_need_int (s_reply, key, INT64_MIN, INT64_MAX, &value) == 0);
    return value;
}

static size_t
s_array (const char *key)
{
    const msgpack_object *array = vc_body_get (s_reply, key);
    VC_CHECK (array && array->type == MSGPACK_OBJECT_ARRAY);
    return array->via.array.size;
}

static void
s_test_lookup (void)
{
    VC_CHECK (s_call ("", "lookup", 1, "province", "hcm") == 401);
    VC_CHECK (streq (s_str ("message"), "sign in first"));
    VC_CHECK (s_call ("u", "nosuch", 0) == 400);
    VC_CHECK (streq (s_str ("message"), "unknown operation"));

    VC_CHECK (s_call ("u", "lookup", 2, "province", "ho chi minh", "date", "15-12-2021") == 200);
    VC_CHECK (streq (s_str ("province"), "Hồ Chí Minh") && s_int ("code") == 79);
    VC_CHECK (streq (s_str ("date"), "2021-12-15") && s_int ("new_cases") == 1270);
    VC_CHECK (streq (data_ops_event (s_ops),
                  "lookup \"ho chi minh\" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 1270"));
    const char *forms [] = { "HỒ CHÍ MINH", "tp.hcm", "HCM", "Sài Gòn", "79", "TP. Hồ Chí Minh", NULL };
    for (int i = 0; forms [i]; i++) {
        VC_CHECK (s_call ("u", "lookup", 2, "province", forms [i], "date", "2021-12-15") == 200);
        VC_CHECK (s_int ("new_cases") == 1270);
    }
    VC_CHECK (s_call ("u", "lookup", 2, "province", "Hà Nội", "date", "15/12/2021") == 200);
    VC_CHECK (s_int ("new_cases") == 1024);
    VC_CHECK (s_call ("u", "lookup", 1, "province", "ha noi") == 200);
    VC_CHECK (s_int ("total") == 47788 && streq (s_str ("as_of"), "2022-01-01"));
    VC_CHECK (streq (s_str ("province"), "Hà Nội") && s_int ("code") == 1);

    VC_CHECK (s_call ("u", "lookup", 1, "province", "Cao Bang") == 404);
    VC_CHECK (strstr (s_str ("message"), "no total") && strstr (s_str ("message"), "Cao Bằng"));
    VC_CHECK (s_call ("u", "lookup", 1, "province", "Ben Tri") == 404);
    VC_CHECK (streq (s_str ("message"), "no province matches 'Ben Tri'"));
    VC_CHECK (s_array ("suggestions") >= 1 && s_array ("suggestions") <= 3);
    VC_CHECK (strstr (data_ops_event (s_ops), "-> not found"));
    VC_CHECK (s_call ("u", "lookup", 2, "province", "hue", "date", "31-02-2021") == 400);
    VC_CHECK (streq (s_str ("message"), "31-02-2021 is not a real date"));
    VC_CHECK (s_call ("u", "lookup", 2, "province", "hue", "date", "garbage") == 400);
    VC_CHECK (strstr (s_str ("message"), "expected dd-mm-yyyy"));
    VC_CHECK (s_call ("u", "lookup", 2, "province", "hue", "date", "01-01-2020") == 404);
    VC_CHECK (streq (s_str ("message"), "no data for 01-01-2020; data covers 01-12-2021 to 21-01-2022"));
    VC_CHECK (s_call ("u", "lookup", 1, "province:", 5) == 400);
    VC_CHECK (streq (s_str ("message"), "field 'province' must be a string"));
    VC_CHECK (s_call ("u", "lookup", 0) == 400);
    VC_CHECK (streq (s_str ("message"), "missing field 'province'"));
    VC_CHECK (s_call ("u", "lookup", 1, "province", "") == 400);
    VC_CHECK (s_call ("u", "lookup", 2, "province", "hue", "date:", 20211215) == 400);
    char *longer = (char *) malloc (5001);
    memset (longer, 'a', 5000);
    longer [5000] = 0;
    VC_CHECK (s_call ("u", "lookup", 1, "province", longer) == 400);
    VC_CHECK (strstr (s_str ("message"), "too long"));
    free (longer);
}

static void
s_test_others (void)
{
    VC_CHECK (s_call ("u", "series", 1, "province", "hcm") == 200);
    VC_CHECK (streq (s_str ("from"), "2021-12-01") && streq (s_str ("to"), "2022-01-21"));
    VC_CHECK (s_array ("days") == 52);
    const msgpack_object *days = vc_body_get (s_reply, "days");
    const msgpack_object *day15 = &days->via.array.ptr [14];
    VC_CHECK (day15->type == MSGPACK_OBJECT_ARRAY && day15->via.array.size == 2);
    VC_CHECK (day15->via.array.ptr [1].via.u64 == 1270);
    VC_CHECK (s_call ("u", "series", 3, "province", "hcm", "from", "10-12-2021", "to", "2021-12-19") == 200);
    VC_CHECK (s_array ("days") == 10);
    VC_CHECK (s_call ("u", "series", 2, "province", "hcm", "from", "15-01-2022") == 200);
    VC_CHECK (s_array ("days") == 7 && streq (s_str ("to"), "2022-01-21"));
    VC_CHECK (s_call ("u", "series", 3, "province", "hcm", "from", "20-12-2021", "to", "10-12-2021") == 400);
    VC_CHECK (s_call ("u", "series", 3, "province", "hcm", "from", "01-01-2000", "to", "01-01-2020") == 400);
    VC_CHECK (strstr (s_str ("message"), "at most 3660 days"));
    VC_CHECK (s_call ("u", "series", 2, "province", "hcm", "to", "2021-13-01") == 400);
    VC_CHECK (strstr (s_str ("message"), "'to' date"));

    VC_CHECK (s_call ("u", "national", 0) == 200);
    VC_CHECK (s_int ("provinces") == 49 && streq (s_str ("as_of"), "2022-01-01") && s_int ("total") > 47788);
    VC_CHECK (s_call ("u", "national", 1, "date", "15-12-2021") == 200);
    VC_CHECK (s_int ("provinces") == 63 && s_int ("new_cases") > 1270);
    VC_CHECK (s_call ("u", "national", 1, "date", "15-12-2020") == 404);

    VC_CHECK (s_call ("u", "top", 2, "n:", 3, "date", "15-12-2021") == 200);
    VC_CHECK (s_array ("rows") == 3 && streq (s_str ("date"), "2021-12-15"));
    const msgpack_object *rows = vc_body_get (s_reply, "rows");
    VC_CHECK (rows->via.array.ptr [0].type == MSGPACK_OBJECT_MAP);
    VC_CHECK (s_call ("u", "top", 0) == 200);
    VC_CHECK (s_array ("rows") == 10 && streq (s_str ("date"), "2022-01-21"));
    VC_CHECK (s_call ("u", "top", 1, "n:", 0) == 400);
    VC_CHECK (s_call ("u", "top", 1, "n:", 64) == 400);
    VC_CHECK (s_call ("u", "top", 1, "n", "ten") == 400);

    VC_CHECK (s_call ("u", "provinces", 0) == 200);
    VC_CHECK (s_array ("provinces") == 63);
    VC_CHECK (s_call ("u", "range", 0) == 200);
    VC_CHECK (streq (s_str ("from"), "2021-12-01") && streq (s_str ("to"), "2022-01-21"));
    VC_CHECK (data_ops_event (s_ops) == NULL);
}

//  The store changes under the service: seen after a drop, not before
static void
s_test_cache (const char *db)
{
    vc_casestore_t *writer = vc_casestore_new (db, NULL);
    VC_CHECK (writer);
    vc_day_t day;
    char err [160];
    VC_CHECK (vc_date_parse ("22-01-2022", &day, err, sizeof err) == 0);
    VC_CHECK (vc_casestore_begin (writer, "test") == 0);
    VC_CHECK (vc_casestore_add_daily (writer, 79, day, 4321, err, sizeof err) == 0);
    VC_CHECK (vc_casestore_commit (writer) == 0);
    VC_CHECK (vc_casestore_alias_add (writer, "Hòn Ngọc Viễn Đông", 79) == 0);

    VC_CHECK (s_call ("u", "lookup", 2, "province", "hcm", "date", "22-01-2022") == 200);
    VC_CHECK (s_int ("new_cases") == 4321);
    VC_CHECK (s_call ("u", "range", 0) == 200 && streq (s_str ("to"), "2022-01-21"));
    VC_CHECK (s_call ("u", "lookup", 1, "province", "hon ngoc vien dong") == 404);
    size_t drops = data_cache_drops (data_ops_cache (s_ops));
    data_cache_drop (data_ops_cache (s_ops));
    VC_CHECK (data_cache_drops (data_ops_cache (s_ops)) == drops + 1);
    VC_CHECK (s_call ("u", "range", 0) == 200 && streq (s_str ("to"), "2022-01-22"));
    VC_CHECK (s_call ("u", "lookup", 1, "province", "hon ngoc vien dong") == 200);
    VC_CHECK (s_int ("code") == 79);
    VC_CHECK (s_call ("u", "top", 1, "n:", 1) == 200 && streq (s_str ("date"), "2022-01-22"));

    //  Without a drop, a short refresh interval picks changes up too
    vc_casestore_t *store = vc_casestore_new (db, NULL);
    data_ops_t *quick = data_ops_new (store, 50);
    data_ops_t *saved = s_ops;
    s_ops = quick;
    VC_CHECK (s_call ("u", "range", 0) == 200 && streq (s_str ("to"), "2022-01-22"));
    VC_CHECK (vc_date_parse ("23-01-2022", &day, err, sizeof err) == 0);
    VC_CHECK (vc_casestore_begin (writer, "test") == 0);
    VC_CHECK (vc_casestore_add_daily (writer, 1, day, 5, err, sizeof err) == 0);
    VC_CHECK (vc_casestore_commit (writer) == 0);
    zclock_sleep (80);
    VC_CHECK (s_call ("u", "range", 0) == 200 && streq (s_str ("to"), "2022-01-23"));
    s_ops = saved;
    data_ops_destroy (&quick);
    vc_casestore_destroy (&store);
    vc_casestore_destroy (&writer);
}

int
main (void)
{
    vc_log_init ("test", "warn");
    zsys_init ();
    char dir [] = "/tmp/vc-data-ops.XXXXXX";
    VC_CHECK (mkdtemp (dir));
    char db [256];
    snprintf (db, sizeof db, "%s/cases.db", dir);
    vc_casestore_t *store = vc_casestore_new (db, VC_DATA_DIR);
    VC_CHECK (store);
    s_ops = data_ops_new (store, 0);
    VC_CHECK (s_ops);
    s_test_lookup ();
    s_test_others ();
    s_test_cache (db);
    vc_body_destroy (&s_reply);
    data_ops_destroy (&s_ops);
    vc_casestore_destroy (&store);
    zsys_dir_delete ("%s", dir);
    char cmd [300];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    VC_CHECK (system (cmd) == 0);
    printf ("test_data_ops: all checks passed\n");
    return 0;
}
