/*  vc_province - the 63 provinces of Vietnam and a spelling-tolerant matcher.

    The table (official code, Vietnamese name with diacritics, ASCII name,
    built-in aliases) is compiled into the library, so every program resolves
    names the same way. Matching folds case, Vietnamese diacritics (including
    đ/Đ) and punctuation, collapses spaces, and drops prefixes such as
    "TP.", "Thành phố", "Tỉnh". Lookups are O(1) through a hash of the
    normalised form. Unknown names get up to N nearest suggestions.
*/
#ifndef VC_PROVINCE_H_INCLUDED
#define VC_PROVINCE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VC_PROVINCE_COUNT 63     //  Provinces and centrally run cities

typedef struct {
    int code;               //  Official province code (GSO), e.g. 1 Hà Nội, 79 Hồ Chí Minh
    const char *name;       //  Vietnamese name with diacritics, e.g. "Hồ Chí Minh"
    const char *ascii;      //  ASCII name, e.g. "Ho Chi Minh"
    const char *aliases;    //  Built-in aliases separated by '|', e.g. "TP.HCM|HCM|Sai Gon"
} vc_province_t;

typedef struct _vc_provinces_t vc_provinces_t;

//  Create a matcher holding the built-in table of 63 provinces.
vc_provinces_t *vc_provinces_new (void);
void vc_provinces_destroy (vc_provinces_t **self_p);

//  Number of provinces (63) and access by index 0..size-1 (ordered by code).
size_t vc_provinces_size (vc_provinces_t *self);
const vc_province_t *vc_provinces_at (vc_provinces_t *self, size_t index);

//  Find a province by official code; NULL if none.
const vc_province_t *vc_provinces_by_code (vc_provinces_t *self, int code);

//  Resolve any common spelling to a province; NULL if unknown.
const vc_province_t *vc_provinces_match (vc_provinces_t *self, const char *text);

//  Add an extra alias (e.g. loaded from a store); returns 0, or -1 if the code
//  is unknown or the alias normalises to nothing or to another province's name.
int vc_provinces_add_alias (vc_provinces_t *self, int code, const char *alias);

//  Fill out[] with up to max nearest provinces to text (edit distance on the
//  normalised forms, best first). Returns how many were written.
size_t vc_provinces_suggest (vc_provinces_t *self, const char *text,
                             const vc_province_t **out, size_t max);

//  Normalise a UTF-8 name: lower case ASCII letters and digits, single spaces.
//  Invalid UTF-8 yields an empty string. Always NUL-terminates out.
void vc_province_normalize (const char *text, char *out, size_t out_size);

void vc_province_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
