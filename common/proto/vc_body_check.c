/*  vc_body_check - structural check of untrusted msgpack bytes before they
    are decoded: no truncation, no trailing bytes, bounded nesting, and no
    container claiming more items than the remaining bytes could hold (so
    the decoder never allocates for data that is not there).  */
#include "vc_body.h"
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
