/*  vc_body - the msgpack codec for message bodies.

    vc_pack_t builds a body (a msgpack map); vc_body_t decodes one from
    untrusted bytes. Decoding first checks the whole buffer structurally
    (truncation, trailing bytes, nesting deeper than VC_DEPTH_MAX, container
    counts larger than the bytes that could hold them, strings over the body
    limit) so that malformed input is refused before any allocation, then
    offers typed getters that refuse wrong types, missing fields, strings
    over a caller's limit, embedded NULs and invalid UTF-8, each with a
    human-readable reason.
*/
#ifndef VC_BODY_H_INCLUDED
#define VC_BODY_H_INCLUDED

#include <czmq.h>
#include <msgpack.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//  ---------------------------------------------------------------------
//  Building bodies

typedef struct _vc_pack_t vc_pack_t;

//  A new, empty pack; NULL when out of memory. A write the buffer finds no
//  memory for fails the pack until vc_pack_reset: then vc_pack_failed is
//  true, vc_pack_data NULL, vc_pack_size 0 and vc_pack_frame NULL.
vc_pack_t *vc_pack_new (void);
void vc_pack_destroy (vc_pack_t **self_p);
void vc_pack_reset (vc_pack_t *self);
bool vc_pack_failed (vc_pack_t *self);

//  A map of a size fixed by the model; only generated code calls it
//  (unit.map_sizes): a hand-written map is counted by the pack
void vc_pack_map (vc_pack_t *self, size_t pairs);
//  A map whose size the pack counts: begin, the keys and values, end.
//  The bytes are those of vc_pack_map with the right count. Maps nest up
//  to VC_PACK_OPEN_MAX deep; more, an end without a begin, or a key
//  without its value fails the pack.
#define VC_PACK_OPEN_MAX 8
void vc_pack_map_begin (vc_pack_t *self);
void vc_pack_map_end (vc_pack_t *self);
void vc_pack_array (vc_pack_t *self, size_t items);
void vc_pack_str (vc_pack_t *self, const char *value);      //  NULL packs nil
void vc_pack_strn (vc_pack_t *self, const char *value, size_t len);
void vc_pack_int (vc_pack_t *self, int64_t value);
void vc_pack_bool (vc_pack_t *self, bool value);
void vc_pack_double (vc_pack_t *self, double value);
//  Append bytes that are already msgpack (e.g. items packed in another vc_pack_t)
void vc_pack_raw (vc_pack_t *self, const char *data, size_t size);
void vc_pack_nil (vc_pack_t *self);
void vc_pack_bin (vc_pack_t *self, const void *data, size_t size);

//  Key-value helpers for maps
void vc_pack_kstr (vc_pack_t *self, const char *key, const char *value);
void vc_pack_kint (vc_pack_t *self, const char *key, int64_t value);
void vc_pack_kbool (vc_pack_t *self, const char *key, bool value);
void vc_pack_kdouble (vc_pack_t *self, const char *key, double value);
void vc_pack_key (vc_pack_t *self, const char *key);
void vc_pack_keyn (vc_pack_t *self, const char *key, size_t len);

const char *vc_pack_data (vc_pack_t *self);
size_t vc_pack_size (vc_pack_t *self);
//  A new frame holding the bytes packed so far; NULL for a NULL or failed
//  pack, a map begun and not ended, or when out of memory.
zframe_t *vc_pack_frame (vc_pack_t *self);

//  A reply body {status, message} with no other fields, as a frame; NULL
//  when out of memory.
zframe_t *vc_pack_status_frame (int status, const char *message);

//  The same with the message's id and values (vc_said.h), when it has one.
struct vc_said_s;
zframe_t *vc_pack_said_frame (int status, const struct vc_said_s *said);

//  That reply body packed into self (after what self holds), for a
//  service that reuses one pack.
void vc_pack_said (vc_pack_t *self, int status, const struct vc_said_s *said);

//  ---------------------------------------------------------------------
//  Reading bodies

typedef struct _vc_body_t vc_body_t;

//  Check that bytes are one well-formed msgpack value within the limits.
//  Returns 0, or -1 with a reason in err.
int vc_body_check (const void *data, size_t size, int max_depth,
                   char *err, size_t err_size);

//  Decode a body whose top level must be a map. NULL with a reason in err.
vc_body_t *vc_body_decode (const void *data, size_t size, char *err, size_t err_size);
vc_body_t *vc_body_decode_frame (zframe_t *frame, char *err, size_t err_size);
void vc_body_destroy (vc_body_t **self_p);

//  Getters return 0 when the field is present and valid, 1 when it is absent
//  (value untouched), -1 when it is present but wrong (reason in
//  vc_body_error). Strings are returned NUL-terminated, owned by the body.
int vc_body_str (vc_body_t *self, const char *key, size_t max_len, const char **value);
int vc_body_int (vc_body_t *self, const char *key, int64_t min, int64_t max, int64_t *value);
int vc_body_bool (vc_body_t *self, const char *key, bool *value);

//  Same, but absence is an error too ("missing field 'username'").
int vc_body_need_str (vc_body_t *self, const char *key, size_t max_len, const char **value);
int vc_body_need_int (vc_body_t *self, const char *key, int64_t min, int64_t max, int64_t *value);

//  Raw access to a field or the whole map (NULL if absent).
const msgpack_object *vc_body_get (vc_body_t *self, const char *key);
const msgpack_object *vc_body_root (vc_body_t *self);

//  Reason of the last failed getter.
const char *vc_body_error (vc_body_t *self);

//  Memory that lives as long as the body (decoded strings and lists of the
//  generated decoders); NULL if out of memory.
void *vc_body_alloc (vc_body_t *self, size_t size);

//  Set the reason (printf-style) for vc_body_error; returns -1.
int vc_body_fail (vc_body_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Copy of a msgpack string object as a NUL-terminated string in out;
//  -1 if not a string, too long, with NUL bytes or invalid UTF-8.
int vc_object_str (const msgpack_object *object, char *out, size_t out_size);

//  True if the bytes are valid UTF-8 with no NUL.
bool vc_utf8_valid (const char *data, size_t size);

//  Self-tests: the pack (maps it counts), the structural check (malformed
//  bytes refused) and the reader (typed getters, keys, UTF-8). Each aborts
//  at its first failed check; verbose prints its name.
void vc_pack_test (bool verbose);
void vc_body_check_test (bool verbose);
void vc_body_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
