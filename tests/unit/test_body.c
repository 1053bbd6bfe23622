/*  test_body - the msgpack codec: round trips, typed getters, and refusal
    of malformed input (truncation, trailing bytes, deep nesting, huge
    declared sizes, wrong types, missing fields, long strings, NULs, bad
    UTF-8, duplicate and non-string keys); maps counted by the pack.  */
#include "vc_body.h"
#include "vc_proto.h"
#include "vc_check.h"

static int s_failures = 0;
#define CHECK(x) do { if (!(x)) { fprintf (stderr, "%s:%d: CHECK failed: %s\n", \
                      __FILE__, __LINE__, #x); s_failures++; } } while (0)

static vc_body_t *
s_decode (const void *data, size_t size, char *err)
{
    return vc_body_decode (data, size, err, 160);
}

static void
s_round_trip (void)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "lookup");
    vc_pack_kstr (pack, "province", "Hồ Chí Minh");
    vc_pack_kint (pack, "n", -42);
    vc_pack_kbool (pack, "flag", true);
    vc_pack_map_end (pack);
    char err [160];
    vc_body_t *body = s_decode (vc_pack_data (pack), vc_pack_size (pack), err);
    CHECK (body);
    const char *text = NULL;
    int64_t n = 0;
    bool flag = false;
    CHECK (vc_body_need_str (body, "op", 32, &text) == 0 && streq (text, "lookup"));
    CHECK (vc_body_need_str (body, "province", 64, &text) == 0 && streq (text, "Hồ Chí Minh"));
    CHECK (vc_body_need_int (body, "n", -100, 100, &n) == 0 && n == -42);
    CHECK (vc_body_bool (body, "flag", &flag) == 0 && flag);
    //  Wrong type, missing, too long, out of range
    CHECK (vc_body_need_int (body, "op", 0, 10, &n) == -1);
    CHECK (strstr (vc_body_error (body), "must be an integer"));
    CHECK (vc_body_need_str (body, "missing", 10, &text) == -1);
    CHECK (strstr (vc_body_error (body), "missing field 'missing'"));
    CHECK (vc_body_str (body, "missing", 10, &text) == 1);
    CHECK (vc_body_need_str (body, "province", 5, &text) == -1);
    CHECK (strstr (vc_body_error (body), "too long"));
    CHECK (vc_body_need_int (body, "n", 0, 100, &n) == -1);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

static void
s_malformed (void)
{
    char err [160];
    //  Truncated map and string
    const uint8_t truncated [] = { 0x82, 0xa2, 'o', 'p' };
    CHECK (!s_decode (truncated, sizeof truncated, err) && strstr (err, "malformed"));
    const uint8_t cut_string [] = { 0x81, 0xa2, 'o' };
    CHECK (!s_decode (cut_string, sizeof cut_string, err) && strstr (err, "truncated"));
    //  Trailing bytes
    const uint8_t trailing [] = { 0x80, 0x00 };
    CHECK (!s_decode (trailing, sizeof trailing, err) && strstr (err, "trailing"));
    //  Not a map
    const uint8_t array [] = { 0x91, 0x01 };
    CHECK (!s_decode (array, sizeof array, err) && strstr (err, "map"));
    //  Empty
    CHECK (!s_decode ("", 0, err));
    //  Array claiming 4 billion items in 6 bytes
    const uint8_t huge [] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x00 };
    CHECK (!s_decode (huge, sizeof huge, err) && strstr (err, "larger than the body"));
    //  Map claiming 2^32-1 pairs
    const uint8_t huge_map [] = { 0xdf, 0xff, 0xff, 0xff, 0xff };
    CHECK (!s_decode (huge_map, sizeof huge_map, err));
    //  String claiming 4 GB
    const uint8_t huge_str [] = { 0x81, 0xa1, 'k', 0xdb, 0xff, 0xff, 0xff, 0xff, 'x' };
    CHECK (!s_decode (huge_str, sizeof huge_str, err) && strstr (err, "truncated"));
    //  Reserved byte
    const uint8_t reserved [] = { 0x81, 0xa1, 'k', 0xc1 };
    CHECK (!s_decode (reserved, sizeof reserved, err) && strstr (err, "reserved"));
    //  Nesting 20 deep
    uint8_t deep [64];
    size_t size = 0;
    deep [size++] = 0x81;
    deep [size++] = 0xa1; deep [size++] = 'k';
    for (int i = 0; i < 20; i++)
        deep [size++] = 0x91;
    deep [size++] = 0x01;
    CHECK (!s_decode (deep, size, err) && strstr (err, "too deep"));
    //  Non-string key and duplicate keys
    const uint8_t int_key [] = { 0x81, 0x01, 0x02 };
    CHECK (!s_decode (int_key, sizeof int_key, err) && strstr (err, "must be strings"));
    const uint8_t dup [] = { 0x82, 0xa1, 'k', 0x01, 0xa1, 'k', 0x02 };
    CHECK (!s_decode (dup, sizeof dup, err) && strstr (err, "duplicate field 'k'"));
    //  Larger than the body limit
    size_t big_size = VC_BODY_MAX + 1;
    uint8_t *big = (uint8_t *) VC_NEED (calloc (1, big_size));
    big [0] = 0x80;
    CHECK (!s_decode (big, big_size, err));
    free (big);
}

static void
s_strings (void)
{
    char err [160];
    const char *text = NULL;
    //  {"k": "a\0b"}: embedded NUL refused by the getter
    const uint8_t nul [] = { 0x81, 0xa1, 'k', 0xa3, 'a', 0x00, 'b' };
    vc_body_t *body = s_decode (nul, sizeof nul, err);
    CHECK (body && vc_body_need_str (body, "k", 10, &text) == -1);
    vc_body_destroy (&body);
    //  {"k": "\xff\xfe"}: invalid UTF-8
    const uint8_t bad_utf8 [] = { 0x81, 0xa1, 'k', 0xa2, 0xff, 0xfe };
    body = s_decode (bad_utf8, sizeof bad_utf8, err);
    CHECK (body && vc_body_need_str (body, "k", 10, &text) == -1);
    CHECK (body && strstr (vc_body_error (body), "UTF-8"));
    vc_body_destroy (&body);
    CHECK (vc_utf8_valid ("Đà Nẵng", strlen ("Đà Nẵng")));
    CHECK (!vc_utf8_valid ("\xc0\xaf", 2));          //  Overlong
    CHECK (!vc_utf8_valid ("\xed\xa0\x80", 3));      //  Surrogate
    CHECK (!vc_utf8_valid ("\xe1\xba", 2));          //  Truncated sequence
    //  Long ASCII (read eight bytes at a time) with one NUL, one bad byte,
    //  one overlong or one truncated sequence at every place, and a
    //  Vietnamese letter at every place
    char text40 [40];
    for (size_t at = 0; at < sizeof text40; at++) {
        memset (text40, 'x', sizeof text40);
        CHECK (vc_utf8_valid (text40, sizeof text40));
        text40 [at] = 0;
        CHECK (!vc_utf8_valid (text40, sizeof text40));
        text40 [at] = (char) 0xff;
        CHECK (!vc_utf8_valid (text40, sizeof text40));
        text40 [at] = (char) 0x80;
        CHECK (!vc_utf8_valid (text40, sizeof text40));
        if (at + 1 < sizeof text40) {
            memcpy (text40 + at, "\xc0\xaf", 2);
            CHECK (!vc_utf8_valid (text40, sizeof text40));
            memcpy (text40 + at, "\xc3\xa0", 2);     //  à
            CHECK (vc_utf8_valid (text40, sizeof text40));
        }
        memset (text40, 'x', sizeof text40);
        text40 [sizeof text40 - 1] = (char) 0xe1;
        CHECK (!vc_utf8_valid (text40 + at, sizeof text40 - at));
    }
}

//  Every prefix of a valid body is refused cleanly, never crashes.
static void
s_prefixes (void)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "series");
    vc_pack_key (pack, "days");
    vc_pack_array (pack, 2);
    vc_pack_int (pack, 123456789);
    vc_pack_str (pack, "2021-12-15");
    vc_pack_kint (pack, "n", 5);
    vc_pack_map_end (pack);
    char err [160];
    for (size_t size = 0; size < vc_pack_size (pack); size++)
        CHECK (!s_decode (vc_pack_data (pack), size, err));
    vc_body_t *body = s_decode (vc_pack_data (pack), vc_pack_size (pack), err);
    CHECK (body);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

//  A map of PAIRS string pairs, counted by the pack or by hand, in out
//  (the bytes); false if the pack failed.
static bool
s_map_bytes (size_t pairs, bool counted, zchunk_t **out)
{
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return false;
    if (counted)
        vc_pack_map_begin (pack);
    else
        vc_pack_map (pack, pairs);
    for (size_t i = 0; i < pairs; i++) {
        char key [24];
        snprintf (key, sizeof key, "k%zu", i);
        vc_pack_kstr (pack, key, "v");
    }
    if (counted)
        vc_pack_map_end (pack);
    bool ok = !vc_pack_failed (pack);
    *out = ok ? zchunk_new (vc_pack_data (pack), vc_pack_size (pack)) : NULL;
    vc_pack_destroy (&pack);
    return ok && *out;
}

//  A map counted by the pack is byte for byte the map packed with its
//  count, at every width of the header (fixmap, map 16, map 32); nested
//  counted maps count their own pairs; a key without a value, an end
//  without a begin, or a map left open give no frame.
static void
s_counted_maps (void)
{
    size_t sizes [] = { 0, 1, 15, 16, 65535, 65536 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes [0]; i++) {
        zchunk_t *counted = NULL, *by_hand = NULL;
        CHECK (s_map_bytes (sizes [i], true, &counted));
        CHECK (s_map_bytes (sizes [i], false, &by_hand));
        CHECK (counted && by_hand && zchunk_size (counted) == zchunk_size (by_hand)
            && memcmp (zchunk_data (counted), zchunk_data (by_hand), zchunk_size (by_hand)) == 0);
        zchunk_destroy (&counted);
        zchunk_destroy (&by_hand);
    }
    vc_pack_t *pack = vc_pack_new ();
    CHECK (pack);
    if (!pack)
        return;
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "x");
    vc_pack_key (pack, "inner");
    vc_pack_map_begin (pack);
    vc_pack_kint (pack, "a", 1);
    vc_pack_kint (pack, "b", 2);
    vc_pack_map_end (pack);
    vc_pack_key (pack, "list");
    vc_pack_array (pack, 2);
    vc_pack_int (pack, 1);
    vc_pack_int (pack, 2);
    vc_pack_map_end (pack);
    char err [160];
    vc_body_t *body = s_decode (vc_pack_data (pack), vc_pack_size (pack), err);
    CHECK (body);
    const msgpack_object *root = body ? vc_body_root (body) : NULL;
    const msgpack_object *inner = body ? vc_body_get (body, "inner") : NULL;
    CHECK (root && root->via.map.size == 3);
    CHECK (inner && inner->type == MSGPACK_OBJECT_MAP && inner->via.map.size == 2);
    vc_body_destroy (&body);

    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "x");
    vc_pack_key (pack, "alone");
    vc_pack_map_end (pack);
    CHECK (vc_pack_failed (pack) && vc_pack_frame (pack) == NULL);

    vc_pack_reset (pack);
    vc_pack_map_end (pack);
    CHECK (vc_pack_failed (pack));

    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "x");
    CHECK (!vc_pack_failed (pack) && vc_pack_frame (pack) == NULL);
    vc_pack_destroy (&pack);
}

int
main (void)
{
    s_round_trip ();
    s_malformed ();
    s_strings ();
    s_prefixes ();
    s_counted_maps ();
    printf ("test_body: %s\n", s_failures ? "FAILED" : "OK");
    return s_failures ? 1 : 0;
}
