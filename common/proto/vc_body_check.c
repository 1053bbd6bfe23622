/*  vc_body_check - structural check of untrusted msgpack bytes before they
    are decoded: no truncation, no trailing bytes, bounded nesting, and no
    container claiming more items than the remaining bytes could hold (so
    the decoder never allocates for data that is not there).  */
#include "vc_body.h"
#include "vc_check.h"
#include "vc_proto.h"

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t pos;
    int max_depth;
    char *err;
    size_t err_size;
} checker_t;

static int
s_fail (checker_t *c, const char *reason)
{
    snprintf (c->err, c->err_size, "malformed msgpack body: %s at byte %zu", reason, c->pos);
    return -1;
}

//  Read a big-endian unsigned integer of n bytes.
static int
s_uint (checker_t *c, size_t n, uint64_t *value)
{
    if (c->size - c->pos < n)
        return s_fail (c, "truncated");
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | c->data [c->pos++];
    *value = v;
    return 0;
}

static int
s_skip (checker_t *c, uint64_t n)
{
    if (n > c->size - c->pos)
        return s_fail (c, "truncated");
    c->pos += (size_t) n;
    return 0;
}

static int s_value (checker_t *c, int depth);

static int
s_items (checker_t *c, uint64_t items, int depth)
{
    //  Each item needs at least one byte
    if (items > c->size - c->pos)
        return s_fail (c, "container larger than the body");
    if (depth >= c->max_depth)
        return s_fail (c, "nesting too deep");
    for (uint64_t i = 0; i < items; i++)
        if (s_value (c, depth + 1))
            return -1;
    return 0;
}

//  Length-prefixed types (str, bin, ext, array, map) by their marker byte.
static int
s_sized (checker_t *c, uint8_t b, int depth)
{
    uint64_t n;
    switch (b) {
        case 0xc4: case 0xd9: return s_uint (c, 1, &n) ? -1 : s_skip (c, n);
        case 0xc5: case 0xda: return s_uint (c, 2, &n) ? -1 : s_skip (c, n);
        case 0xc6: case 0xdb: return s_uint (c, 4, &n) ? -1 : s_skip (c, n);
        case 0xc7: return s_uint (c, 1, &n) ? -1 : s_skip (c, n + 1);
        case 0xc8: return s_uint (c, 2, &n) ? -1 : s_skip (c, n + 1);
        case 0xc9: return s_uint (c, 4, &n) ? -1 : s_skip (c, n + 1);
        case 0xdc: return s_uint (c, 2, &n) ? -1 : s_items (c, n, depth);
        case 0xdd: return s_uint (c, 4, &n) ? -1 : s_items (c, n, depth);
        case 0xde: return s_uint (c, 2, &n) ? -1 : s_items (c, n * 2, depth);
        case 0xdf: return s_uint (c, 4, &n) ? -1 : s_items (c, n * 2, depth);
        default:   return s_fail (c, "unknown type");
    }
}

static int
s_value (checker_t *c, int depth)
{
    if (c->pos >= c->size)
        return s_fail (c, "truncated");
    uint8_t b = c->data [c->pos++];
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
        return 0;                                   //  fixint, nil, bool
    if ((b & 0xe0) == 0xa0)
        return s_skip (c, b & 0x1f);                //  fixstr
    if ((b & 0xf0) == 0x90)
        return s_items (c, b & 0x0f, depth);        //  fixarray
    if ((b & 0xf0) == 0x80)
        return s_items (c, (uint64_t) (b & 0x0f) * 2, depth);   //  fixmap
    switch (b) {
        case 0xcc: case 0xd0: return s_skip (c, 1);
        case 0xcd: case 0xd1: return s_skip (c, 2);
        case 0xca: case 0xce: case 0xd2: return s_skip (c, 4);
        case 0xcb: case 0xcf: case 0xd3: return s_skip (c, 8);
        case 0xd4: return s_skip (c, 2);            //  fixext 1..16
        case 0xd5: return s_skip (c, 3);
        case 0xd6: return s_skip (c, 5);
        case 0xd7: return s_skip (c, 9);
        case 0xd8: return s_skip (c, 17);
        case 0xc1: return s_fail (c, "reserved byte 0xc1");
        default:   return s_sized (c, b, depth);
    }
}

int
vc_body_check (const void *data, size_t size, int max_depth, char *err, size_t err_size)
{
    char dummy [1];
    checker_t c = { (const uint8_t *) data, size, 0, max_depth,
                    err ? err : dummy, err ? err_size : sizeof dummy };
    if (size == 0)
        return s_fail (&c, "empty");
    if (size > VC_BODY_MAX)
        return s_fail (&c, "larger than the body limit");
    if (s_value (&c, 0))
        return -1;
    if (c.pos != size)
        return s_fail (&c, "trailing bytes");
    return 0;
}

//  ---------------------------------------------------------------------
//  Self-test: malformed bytes are refused through vc_body_decode, each
//  with its reason, before any allocation; every prefix of a valid body is
//  refused cleanly.

static vc_body_t *
s_decode (const void *data, size_t size, char *err)
{
    return vc_body_decode (data, size, err, 160);
}

static void
s_test_malformed (void)
{
    char err [160];
    //  Truncated map and string
    const uint8_t truncated [] = { 0x82, 0xa2, 'o', 'p' };
    VC_CHECK (!s_decode (truncated, sizeof truncated, err) && strstr (err, "malformed"));
    const uint8_t cut_string [] = { 0x81, 0xa2, 'o' };
    VC_CHECK (!s_decode (cut_string, sizeof cut_string, err) && strstr (err, "truncated"));
    //  Trailing bytes
    const uint8_t trailing [] = { 0x80, 0x00 };
    VC_CHECK (!s_decode (trailing, sizeof trailing, err) && strstr (err, "trailing"));
    //  Not a map
    const uint8_t array [] = { 0x91, 0x01 };
    VC_CHECK (!s_decode (array, sizeof array, err) && strstr (err, "map"));
    //  Empty
    VC_CHECK (!s_decode ("", 0, err));
    //  Array claiming 4 billion items in 6 bytes
    const uint8_t huge [] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x00 };
    VC_CHECK (!s_decode (huge, sizeof huge, err) && strstr (err, "larger than the body"));
    //  Map claiming 2^32-1 pairs
    const uint8_t huge_map [] = { 0xdf, 0xff, 0xff, 0xff, 0xff };
    VC_CHECK (!s_decode (huge_map, sizeof huge_map, err));
    //  String claiming 4 GB
    const uint8_t huge_str [] = { 0x81, 0xa1, 'k', 0xdb, 0xff, 0xff, 0xff, 0xff, 'x' };
    VC_CHECK (!s_decode (huge_str, sizeof huge_str, err) && strstr (err, "truncated"));
    //  Reserved byte
    const uint8_t reserved [] = { 0x81, 0xa1, 'k', 0xc1 };
    VC_CHECK (!s_decode (reserved, sizeof reserved, err) && strstr (err, "reserved"));
}

static void
s_test_limits (void)
{
    char err [160];
    //  Nesting 20 deep
    uint8_t deep [64];
    size_t size = 0;
    deep [size++] = 0x81;
    deep [size++] = 0xa1; deep [size++] = 'k';
    for (int i = 0; i < 20; i++)
        deep [size++] = 0x91;
    deep [size++] = 0x01;
    VC_CHECK (!s_decode (deep, size, err) && strstr (err, "too deep"));
    //  Larger than the body limit
    size_t big_size = VC_BODY_MAX + 1;
    uint8_t *big = (uint8_t *) calloc (1, big_size);
    VC_CHECK (big);
    big [0] = 0x80;
    VC_CHECK (!s_decode (big, big_size, err));
    free (big);
}

//  Every prefix of a valid body is refused cleanly, never crashes.
static void
s_test_prefixes (void)
{
    vc_pack_t *pack = vc_pack_new ();
    VC_CHECK (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "series");
    vc_pack_key (pack, "days");
    vc_pack_array (pack, 2);
    vc_pack_int (pack, 123456789);
    vc_pack_str (pack, "2021-12-15");
    vc_pack_kint (pack, "n", 5);
    vc_pack_map_end (pack);
    VC_CHECK (!vc_pack_failed (pack));
    char err [160];
    for (size_t size = 0; size < vc_pack_size (pack); size++)
        VC_CHECK (!s_decode (vc_pack_data (pack), size, err));
    vc_body_t *body = s_decode (vc_pack_data (pack), vc_pack_size (pack), err);
    VC_CHECK (body);
    vc_body_destroy (&body);
    vc_pack_destroy (&pack);
}

void
vc_body_check_test (bool verbose)
{
    if (verbose)
        printf (" * vc_body_check: ");
    s_test_malformed ();
    s_test_limits ();
    s_test_prefixes ();
    if (verbose)
        printf ("OK\n");
}
