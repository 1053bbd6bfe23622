/*  bench_compat - vc_pack_map_begin/_end for vc-bench-rr built in an older
    tree whose vc_pack lacks them (bench/run.sh VC_BENCH_BEFORE;
    bench_compat.h): at the end the packed items are counted and the map's
    header is written before them, with that older library's public calls
    only (vc_pack_data, vc_pack_size, vc_pack_reset, vc_pack_raw).
*/
#include "bench.h"
#include <msgpack.h>

static size_t s_start;          //  Where the open map's items begin
static bool s_open;

void
vc_pack_map_begin (vc_pack_t *self)
{
    VC_CHECK (!s_open);
    s_start = vc_pack_size (self);
    s_open = true;
}

//  The msgpack header of a map of PAIRS pairs into HEADER; its length
static size_t
s_map_header (uint8_t *header, size_t pairs)
{
    if (pairs < 16) {
        header [0] = (uint8_t) (0x80 | pairs);
        return 1;
    }
    if (pairs < 65536) {
        header [0] = 0xde;
        header [1] = (uint8_t) (pairs >> 8);
        header [2] = (uint8_t) pairs;
        return 3;
    }
    header [0] = 0xdf;
    for (int i = 0; i < 4; i++)
        header [1 + i] = (uint8_t) (pairs >> (24 - 8 * i));
    return 5;
}

void
vc_pack_map_end (vc_pack_t *self)
{
    VC_CHECK (s_open);
    s_open = false;
    size_t size = vc_pack_size (self);
    char *copy = (char *) VC_NEED (malloc (size + 1));
    memcpy (copy, vc_pack_data (self), size);
    size_t offset = s_start, items = 0;
    msgpack_unpacked item;
    msgpack_unpacked_init (&item);
    while (msgpack_unpack_next (&item, copy, size, &offset) == MSGPACK_UNPACK_SUCCESS)
        items++;
    msgpack_unpacked_destroy (&item);
    VC_CHECK (offset == size && items % 2 == 0);
    uint8_t header [5];
    size_t header_size = s_map_header (header, items / 2);
    vc_pack_reset (self);
    vc_pack_raw (self, copy, s_start);
    vc_pack_raw (self, (const char *) header, header_size);
    vc_pack_raw (self, copy + s_start, size - s_start);
    free (copy);
}
