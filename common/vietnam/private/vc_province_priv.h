/*  vc_province_priv - internals shared by the province matcher's files.

    Not part of the public API: the built-in table, and the key function
    that turns a name into the compact form used as hash key.
*/
#ifndef VC_PROVINCE_PRIV_H_INCLUDED
#define VC_PROVINCE_PRIV_H_INCLUDED

#include "vc_province.h"

//  Longest compact key we keep; no province name or alias comes close.
#define VC_PROVINCE_KEY_MAX 64

extern const vc_province_t vc_province_table [];
extern const size_t vc_province_table_size;

//  Fold UTF-8 text to lower-case ASCII words separated by single spaces.
//  Returns the length written, -1 on invalid UTF-8, -2 if out is too small.
int vc_province_fold (const char *text, char *out, size_t out_size);

//  Build the lookup key: fold, drop prefixes ("tp", "thanh pho", "tinh")
//  and suffixes ("city", "province"), then remove spaces. Returns the key
//  length (0 when nothing is left), or -1 if text is invalid or too long.
int vc_province_key (const char *text, char *key, size_t key_size);

//  Levenshtein distance of two short ASCII strings (each < KEY_MAX).
size_t vc_province_distance (const char *a, const char *b);

#endif
