/*  vc_codec - the typed readers and writers that the generated message
    codecs (vc_messages.c, from proto/vcovid.xml) are made of. Each reader
    takes one decoded msgpack value and the field's name, checks its type
    and limits, and returns 0, or -1 with the reason in vc_body_error
    ("field 'date' must be a date", "missing field 'province'"). Strings
    and lists are copied into memory that lives as long as the body.
*/
#ifndef VC_CODEC_H_INCLUDED
#define VC_CODEC_H_INCLUDED

#include "vc_body.h"
#include "vc_date.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Pack a day as an ISO date string (yyyy-mm-dd).
void vc_pack_date (vc_pack_t *pack, vc_day_t day);

//  "missing field 'key'"; returns -1.
int vc_codec_missing (vc_body_t *body, const char *key);

//  The value must be a map (map form) or an array of exactly size items
//  (array form, a table row).
int vc_codec_map (vc_body_t *body, const msgpack_object *value, const char *key);
int vc_codec_row (vc_body_t *body, const msgpack_object *value, const char *key, size_t size);

int vc_codec_str (vc_body_t *body, const msgpack_object *value, const char *key,
                  size_t max_len, const char **out);
int vc_codec_int (vc_body_t *body, const msgpack_object *value, const char *key,
                  int64_t min, int64_t max, int64_t *out);
int vc_codec_bool (vc_body_t *body, const msgpack_object *value, const char *key, bool *out);
//  Floats, and integers as floats
int vc_codec_double (vc_body_t *body, const msgpack_object *value, const char *key, double *out);
int vc_codec_bin (vc_body_t *body, const msgpack_object *value, const char *key,
                  const void **out, size_t *size);
//  Any form vc_date_parse reads (replies send yyyy-mm-dd)
int vc_codec_date (vc_body_t *body, const msgpack_object *value, const char *key, vc_day_t *out);
//  An array: its items and their count; *memory gets room for count
//  items of item_size bytes (owned by the body).
int vc_codec_list (vc_body_t *body, const msgpack_object *value, const char *key,
                   size_t item_size, const msgpack_object **items, size_t *count, void **memory);

#ifdef __cplusplus
}
#endif
#endif
