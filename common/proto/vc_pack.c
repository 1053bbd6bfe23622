/*  vc_pack - builds msgpack bodies into a reusable buffer.  */
#include "vc_body.h"
#include "vc_check.h"
#include "vc_messages.h"
#include "vc_reply.h"
#include "vc_said.h"

//  A counted map's header is reserved at its widest (map 32) and narrowed
//  at its end to the form msgpack_pack_map would have written
#define VC_PACK_MAP32_SIZE 5
//  How deep the values of a counted map may nest (msgpack-c's own limit
//  when it unpacks: MSGPACK_EMBED_STACK_SIZE)
#define S_NEST_MAX 32

struct _vc_pack_t {
    msgpack_sbuffer buffer;
    msgpack_packer packer;
    bool failed;                //  The buffer could not grow: the body is cut
    //  Maps whose size is counted at their end (vc_pack_map_begin): where
    //  each one's reserved header starts, innermost last
    size_t open [VC_PACK_OPEN_MAX];
    size_t open_count;
};

//  The packer's writer: a write the buffer had no memory for fails the
//  pack until it is reset, so a body cut short is never sent
static int
s_write (void *data, const char *bytes, size_t size)
{
    vc_pack_t *self = (vc_pack_t *) data;
    if (self->failed || msgpack_sbuffer_write (&self->buffer, bytes, size)) {
        self->failed = true;
        return -1;
    }
    return 0;
}

vc_pack_t *
vc_pack_new (void)
{
    vc_pack_t *self = (vc_pack_t *) calloc (1, sizeof (vc_pack_t));
    if (!self)
        return NULL;
    msgpack_sbuffer_init (&self->buffer);
    msgpack_packer_init (&self->packer, self, s_write);
    return self;
}

void
vc_pack_destroy (vc_pack_t **self_p)
{
    vc_pack_t *self = *self_p;
    if (!self)
        return;
    msgpack_sbuffer_destroy (&self->buffer);
    free (self);
    *self_p = NULL;
}

void
vc_pack_reset (vc_pack_t *self)
{
    msgpack_sbuffer_clear (&self->buffer);
    self->failed = false;
    self->open_count = 0;
}

bool
vc_pack_failed (vc_pack_t *self)
{
    return self->failed;
}

void
vc_pack_map (vc_pack_t *self, size_t pairs)
{
    msgpack_pack_map (&self->packer, pairs);
}

void
vc_pack_map_begin (vc_pack_t *self)
{
    if (self->open_count == VC_PACK_OPEN_MAX) {
        self->failed = true;
        return;
    }
    self->open [self->open_count++] = self->buffer.size;
    const char header [VC_PACK_MAP32_SIZE] = { (char) 0xdf };
    s_write (self, header, sizeof header);
}

//  The big-endian unsigned number of WIDTH bytes at DATA
static uint64_t
s_be (const uint8_t *data, int width)
{
    uint64_t value = 0;
    for (int i = 0; i < width; i++)
        value = value << 8 | data [i];
    return value;
}

//  What follows a value's type byte BYTE: SKIP bytes of its own; a length
//  or count of WIDTH bytes (a string's, binary's or extension's bytes, or
//  the items of an array or map); ITEMS values inside. -1 for 0xc1, which
//  msgpack never uses.
static int
s_header (uint8_t byte, uint64_t *skip, int *width, uint64_t *items)
{
    if (byte <= 0x7f || byte >= 0xe0 || byte == 0xc0 || byte == 0xc2 || byte == 0xc3)
        return 0;                                       //  fixint, nil, bool
    if (byte >= 0xa0 && byte <= 0xbf)
        *skip = byte & 0x1f;                            //  fixstr
    else
    if (byte >= 0x80 && byte <= 0x8f)
        *items = 2 * (uint64_t) (byte & 0x0f);          //  fixmap: a key and a value a pair
    else
    if (byte >= 0x90 && byte <= 0x9f)
        *items = byte & 0x0f;                           //  fixarray
    else
    switch (byte) {
        case 0xcc: case 0xd0: *skip = 1; break;         //  (u)int 8 ... 64, float
        case 0xcd: case 0xd1: *skip = 2; break;
        case 0xca: case 0xce: case 0xd2: *skip = 4; break;
        case 0xcb: case 0xcf: case 0xd3: *skip = 8; break;
        case 0xd4: *skip = 2; break;                    //  fixext 1 ... 16: type and data
        case 0xd5: *skip = 3; break;
        case 0xd6: *skip = 5; break;
        case 0xd7: *skip = 9; break;
        case 0xd8: *skip = 17; break;
        case 0xc4: case 0xd9: *width = 1; break;        //  bin 8, str 8
        case 0xc5: case 0xda: *width = 2; break;
        case 0xc6: case 0xdb: *width = 4; break;
        case 0xc7: *width = 1; *skip = 1; break;        //  ext: its type byte too
        case 0xc8: *width = 2; *skip = 1; break;
        case 0xc9: *width = 4; *skip = 1; break;
        case 0xdc: case 0xde: *width = 2; break;        //  array 16, map 16
        case 0xdd: case 0xdf: *width = 4; break;
        default: return -1;
    }
    return 0;
}

//  Steps over one msgpack value at *offset, reading only its headers (no
//  objects made, nothing allocated); 0, or -1 if it is not whole or nests
//  deeper than DEPTH
static int
s_skip (const uint8_t *data, size_t size, size_t *offset, int depth)
{
    if (*offset >= size || depth < 0)
        return -1;
    uint8_t byte = data [(*offset)++];
    uint64_t skip = 0, items = 0;
    int width = 0;
    if (s_header (byte, &skip, &width, &items))
        return -1;
    if (width) {
        if (size - *offset < (size_t) width)
            return -1;
        uint64_t count = s_be (data + *offset, width);
        *offset += width;
        if (byte >= 0xdc)                       //  array or map 16, 32
            items = byte >= 0xde ? 2 * count : count;
        else
            skip += count;
    }
    if (skip > size - *offset)
        return -1;
    *offset += skip;
    for (uint64_t i = 0; i < items; i++)
        if (s_skip (data, size, offset, depth - 1))
            return -1;
    return 0;
}

//  How many msgpack values the bytes from start to the end hold; -1 if
//  they are not whole values. Only headers are read (the pack wrote the
//  values itself): a map's end costs a few instructions per value.
static int64_t
s_values (const char *data, size_t size, size_t start)
{
    int64_t values = 0;
    size_t offset = start;
    while (offset < size)
        if (s_skip ((const uint8_t *) data, size, &offset, S_NEST_MAX))
            return -1;
        else
            values++;
    return values;
}

void
vc_pack_map_end (vc_pack_t *self)
{
    if (self->open_count == 0 || self->failed) {
        self->failed = true;
        return;
    }
    size_t start = self->open [--self->open_count];
    char *data = self->buffer.data;
    int64_t values = s_values (data, self->buffer.size, start + VC_PACK_MAP32_SIZE);
    if (values < 0 || values % 2 || values / 2 > UINT32_MAX) {
        self->failed = true;        //  A key without its value
        return;
    }
    uint32_t pairs = (uint32_t) (values / 2);
    size_t width = pairs < 16? 1: pairs <= UINT16_MAX? 3: VC_PACK_MAP32_SIZE;
    if (width == 1)
        data [start] = (char) (0x80 | pairs);
    else
    if (width == 3) {
        data [start] = (char) 0xde;
        data [start + 1] = (char) (pairs >> 8);
        data [start + 2] = (char) pairs;
    }
    else
        for (int byte = 0; byte < 4; byte++)
            data [start + 1 + byte] = (char) (pairs >> (24 - 8 * byte));
    size_t body = start + VC_PACK_MAP32_SIZE;
    memmove (data + start + width, data + body, self->buffer.size - body);
    self->buffer.size -= VC_PACK_MAP32_SIZE - width;
}

void
vc_pack_array (vc_pack_t *self, size_t items)
{
    msgpack_pack_array (&self->packer, items);
}

void
vc_pack_strn (vc_pack_t *self, const char *value, size_t len)
{
    msgpack_pack_str (&self->packer, len);
    msgpack_pack_str_body (&self->packer, value, len);
}

void
vc_pack_str (vc_pack_t *self, const char *value)
{
    if (value)
        vc_pack_strn (self, value, strlen (value));
    else
        msgpack_pack_nil (&self->packer);
}

void
vc_pack_int (vc_pack_t *self, int64_t value)
{
    msgpack_pack_int64 (&self->packer, value);
}

void
vc_pack_bool (vc_pack_t *self, bool value)
{
    if (value)
        msgpack_pack_true (&self->packer);
    else
        msgpack_pack_false (&self->packer);
}

void
vc_pack_nil (vc_pack_t *self)
{
    msgpack_pack_nil (&self->packer);
}

void
vc_pack_bin (vc_pack_t *self, const void *data, size_t size)
{
    msgpack_pack_bin (&self->packer, size);
    msgpack_pack_bin_body (&self->packer, data, size);
}

void
vc_pack_key (vc_pack_t *self, const char *key)
{
    vc_pack_str (self, key);
}

void
vc_pack_keyn (vc_pack_t *self, const char *key, size_t len)
{
    vc_pack_strn (self, key, len);
}

void
vc_pack_kstr (vc_pack_t *self, const char *key, const char *value)
{
    vc_pack_str (self, key);
    vc_pack_str (self, value);
}

void
vc_pack_kint (vc_pack_t *self, const char *key, int64_t value)
{
    vc_pack_str (self, key);
    vc_pack_int (self, value);
}

void
vc_pack_double (vc_pack_t *self, double value)
{
    msgpack_pack_double (&self->packer, value);
}

void
vc_pack_raw (vc_pack_t *self, const char *data, size_t size)
{
    if (size)
        s_write (self, data, size);
}

void
vc_pack_kdouble (vc_pack_t *self, const char *key, double value)
{
    vc_pack_str (self, key);
    vc_pack_double (self, value);
}

void
vc_pack_kbool (vc_pack_t *self, const char *key, bool value)
{
    vc_pack_str (self, key);
    vc_pack_bool (self, value);
}

const char *
vc_pack_data (vc_pack_t *self)
{
    return self->failed ? NULL : self->buffer.data;
}

size_t
vc_pack_size (vc_pack_t *self)
{
    return self->failed ? 0 : self->buffer.size;
}

zframe_t *
vc_pack_frame (vc_pack_t *self)
{
    if (!self || self->failed || self->open_count)
        return NULL;                //  Out of memory, or a map not ended
    return zframe_new (self->buffer.data, self->buffer.size);
}

void
vc_pack_said (vc_pack_t *self, int status, const struct vc_said_s *said)
{
    const char *args [VC_SAID_MAX_ARGS];
    vc_status_reply_t reply = vc_said_reply (status, said, args);
    vc_status_reply_pack (self, &reply);
}

//  A status reply packed into a frame of its own
static zframe_t *
s_status_frame (const vc_status_reply_t *reply)
{
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_status_reply_pack (pack, reply);
    zframe_t *frame = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return frame;
}

zframe_t *
vc_pack_said_frame (int status, const struct vc_said_s *said)
{
    const char *args [VC_SAID_MAX_ARGS];
    vc_status_reply_t reply = vc_said_reply (status, said, args);
    return s_status_frame (&reply);
}

zframe_t *
vc_pack_status_frame (int status, const char *message)
{
    vc_status_reply_t reply = { .status = status, .message = message };
    return s_status_frame (&reply);
}

//  ---------------------------------------------------------------------
//  Self-test: maps counted by the pack.

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
//  count, at every width of the header (fixmap, map 16, map 32)
static void
s_test_widths (void)
{
    size_t sizes [] = { 0, 1, 15, 16, 65535, 65536 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes [0]; i++) {
        zchunk_t *counted = NULL, *by_hand = NULL;
        VC_CHECK (s_map_bytes (sizes [i], true, &counted));
        VC_CHECK (s_map_bytes (sizes [i], false, &by_hand));
        VC_CHECK (zchunk_size (counted) == zchunk_size (by_hand)
               && memcmp (zchunk_data (counted), zchunk_data (by_hand), zchunk_size (by_hand)) == 0);
        zchunk_destroy (&counted);
        zchunk_destroy (&by_hand);
    }
}

//  Nested counted maps count their own pairs
static void
s_test_nested (vc_pack_t *pack)
{
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
    vc_body_t *body = vc_body_decode (vc_pack_data (pack), vc_pack_size (pack), err, sizeof err);
    VC_CHECK (body);
    const msgpack_object *root = vc_body_root (body);
    const msgpack_object *inner = vc_body_get (body, "inner");
    VC_CHECK (root && root->via.map.size == 3);
    VC_CHECK (inner && inner->type == MSGPACK_OBJECT_MAP && inner->via.map.size == 2);
    vc_body_destroy (&body);
}

//  A key without a value, an end without a begin, or a map left open
//  give no frame
static void
s_test_unfinished (vc_pack_t *pack)
{
    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "x");
    vc_pack_key (pack, "alone");
    vc_pack_map_end (pack);
    VC_CHECK (vc_pack_failed (pack) && vc_pack_frame (pack) == NULL);

    vc_pack_reset (pack);
    vc_pack_map_end (pack);
    VC_CHECK (vc_pack_failed (pack));

    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "x");
    VC_CHECK (!vc_pack_failed (pack) && vc_pack_frame (pack) == NULL);
}

//  A counted map whose values are of every msgpack type (written as bytes:
//  the pack writes only some of them) has the header of its pair count and
//  the values unchanged, as msgpack-c reads them; a value cut short fails
//  the pack
static const struct { size_t size; const char *bytes; } s_typed [] = {
    { 1, "\x07" }, { 1, "\xff" }, { 1, "\xc0" }, { 1, "\xc2" }, { 1, "\xc3" },
    { 2, "\xcc\xff" }, { 3, "\xcd\x01\x02" }, { 5, "\xce\x01\x02\x03\x04" },
    { 9, "\xcf\x01\x02\x03\x04\x05\x06\x07\x08" }, { 2, "\xd0\x80" },
    { 3, "\xd1\x80\x00" }, { 5, "\xd2\x80\x00\x00\x00" },
    { 9, "\xd3\x80\x00\x00\x00\x00\x00\x00\x00" }, { 5, "\xca\x3f\x80\x00\x00" },
    { 9, "\xcb\x3f\xf0\x00\x00\x00\x00\x00\x00" },
    { 3, "\xd4\x01\xaa" }, { 4, "\xd5\x01\xaa\xbb" }, { 6, "\xd6\x01\xaa\xbb\xcc\xdd" },
    { 10, "\xd7\x01\x01\x02\x03\x04\x05\x06\x07\x08" },
    { 18, "\xd8\x01" "0123456789abcdef" }, { 5, "\xc7\x02\x01\xaa\xbb" },
    { 6, "\xc8\x00\x02\x01\xaa\xbb" }, { 8, "\xc9\x00\x00\x00\x02\x01\xaa\xbb" },
    { 4, "\xc4\x02\x00\x01" }, { 5, "\xc5\x00\x02\x00\x01" },
    { 7, "\xc6\x00\x00\x00\x02\x00\x01" }, { 3, "\xa2hi" }, { 4, "\xd9\x02hi" },
    { 5, "\xda\x00\x02hi" }, { 7, "\xdb\x00\x00\x00\x02hi" },
    { 4, "\x92\x01\x91\x02" }, { 5, "\xdc\x00\x02\x01\x02" },
    { 6, "\xdd\x00\x00\x00\x01\xc0" }, { 4, "\x81\xa1k\x90" }, { 1, "\x80" },
    { 6, "\xde\x00\x01\xa1k\x01" }, { 8, "\xdf\x00\x00\x00\x01\xa1k\xc3" }
};

static void
s_test_types (vc_pack_t *pack)
{
    size_t pairs = sizeof s_typed / sizeof s_typed [0];
    vc_pack_reset (pack);
    vc_pack_map_begin (pack);
    for (size_t i = 0; i < pairs; i++) {
        char key [8];
        snprintf (key, sizeof key, "k%zu", i);
        vc_pack_str (pack, key);
        vc_pack_raw (pack, s_typed [i].bytes, s_typed [i].size);
    }
    vc_pack_map_end (pack);
    VC_CHECK (!vc_pack_failed (pack));
    const uint8_t *data = (const uint8_t *) vc_pack_data (pack);
    VC_CHECK (pairs >= 16 && vc_pack_size (pack) > 3 && data [0] == 0xde
           && data [1] == pairs >> 8 && data [2] == (pairs & 0xff));
    msgpack_unpacked item;
    msgpack_unpacked_init (&item);
    size_t offset = 0;
    VC_CHECK (msgpack_unpack_next (&item, vc_pack_data (pack), vc_pack_size (pack), &offset)
              == MSGPACK_UNPACK_SUCCESS && offset == vc_pack_size (pack)
           && item.data.type == MSGPACK_OBJECT_MAP && item.data.via.map.size == pairs);
    msgpack_unpacked_destroy (&item);
    //  A string of 10 bytes with 2 written, a map 16 without its count
    const char *cut [] = { "\xd9\x0ahi", "\xde\x00" };
    size_t cut_size [] = { 4, 2 };
    for (size_t i = 0; i < 2; i++) {
        vc_pack_reset (pack);
        vc_pack_map_begin (pack);
        vc_pack_str (pack, "k");
        vc_pack_raw (pack, cut [i], cut_size [i]);
        vc_pack_map_end (pack);
        VC_CHECK (vc_pack_failed (pack));
    }
}

void
vc_pack_test (bool verbose)
{
    if (verbose)
        printf (" * vc_pack: ");
    s_test_widths ();
    vc_pack_t *pack = vc_pack_new ();
    VC_CHECK (pack);
    s_test_nested (pack);
    s_test_unfinished (pack);
    s_test_types (pack);
    vc_pack_destroy (&pack);
    if (verbose)
        printf ("OK\n");
}
