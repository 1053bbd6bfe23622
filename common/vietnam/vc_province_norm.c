/*  vc_province_norm - folding of Vietnamese names to plain ASCII keys.

    Decodes UTF-8 strictly, maps every Latin letter with diacritics
    (Latin-1, Latin Extended-A/B, Vietnamese Latin Extended Additional,
    and combining marks in decomposed NFD text) to its base letter,
    and turns everything else into word separators. Works in the
    caller's buffers: no heap allocation.
*/
#include "vc_province_priv.h"
#include <stdint.h>
#include <string.h>

//  Base letters for U+00C0..U+00FF; ' ' means separator
static const char s_latin1 [] =
    "aaaaaaaceeeeiiii" "dnooooo ouuuuyts"
    "aaaaaaaceeeeiiii" "dnooooo ouuuuyty";

//  Base letters for U+0100..U+017F (Latin Extended-A)
static const char s_latin_ext_a [] =
    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii"
    "iiiijjkkklllllll" "lllnnnnnnnnnoooo" "oooorrrrrrssssss"
    "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

//  Base letters for U+1EA0..U+1EF9 (Vietnamese letters with tone marks)
static const char s_vietnamese [] =
    "aaaaaaaaaaaaaaaaaaaaaaaa"          //  Ạ..ặ
    "eeeeeeeeeeeeeeee"                  //  Ẹ..ệ
    "iiii"                              //  Ỉ..ị
    "oooooooooooooooooooooooo"          //  Ọ..ợ
    "uuuuuuuuuuuuuu"                    //  Ụ..ự
    "yyyyyyyy";                         //  Ỳ..ỹ

//  Decode one code point; returns bytes used, or 0 if the UTF-8 is invalid.
static size_t
s_decode (const unsigned char *s, uint32_t *cp)
{
    if (s [0] < 0x80) {
        *cp = s [0];
        return 1;
    }
    size_t len;
    uint32_t min;
    if ((s [0] & 0xE0) == 0xC0) {
        len = 2; min = 0x80; *cp = s [0] & 0x1F;
    }
    else
    if ((s [0] & 0xF0) == 0xE0) {
        len = 3; min = 0x800; *cp = s [0] & 0x0F;
    }
    else
    if ((s [0] & 0xF8) == 0xF0) {
        len = 4; min = 0x10000; *cp = s [0] & 0x07;
    }
    else
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s [i] & 0xC0) != 0x80)
            return 0;           //  Also stops at the terminating NUL
        *cp = (*cp << 6) | (s [i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

//  Map a code point to a lower-case ASCII letter or digit, ' ' for a
//  separator, or 0 for a mark to ignore.
static char
s_fold (uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return (char) (cp - 'A' + 'a');
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
            return (char) cp;
        return ' ';
    }
    if (cp >= 0x0300 && cp <= 0x036F)
        return 0;               //  Combining diacritical marks (NFD input)
    if (cp >= 0xC0 && cp <= 0xFF)
        return s_latin1 [cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        return s_latin_ext_a [cp - 0x100];
    if (cp == 0x1A0 || cp == 0x1A1)
        return 'o';             //  Ơ ơ
    if (cp == 0x1AF || cp == 0x1B0)
        return 'u';             //  Ư ư
    if (cp == 0x189)
        return 'd';             //  Đ look-alike (African D)
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return s_vietnamese [cp - 0x1EA0];
    return ' ';
}

int
vc_province_fold (const char *text, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return -2;
    out [0] = 0;
    if (!text)
        return 0;
    const unsigned char *s = (const unsigned char *) text;
    size_t len = 0;
    bool pending_space = false;
    while (*s) {
        uint32_t cp;
        size_t used = s_decode (s, &cp);
        if (used == 0) {
            out [0] = 0;
            return -1;
        }
        s += used;
        char c = s_fold (cp);
        if (c == 0)
            continue;
        if (c == ' ') {
            pending_space = len > 0;
            continue;
        }
        if (len + (pending_space? 2: 1) >= out_size) {
            out [len] = 0;
            return -2;
        }
        if (pending_space)
            out [len++] = ' ';
        out [len++] = c;
        pending_space = false;
    }
    out [len] = 0;
    return (int) len;
}

//  Drop one known leading word group; true if something was dropped
static bool
s_drop_prefix (char **start)
{
    static const char *prefixes [] = {
        "thanh pho ", "tp ", "t p ", "tinh ", "city of ", "province of ", NULL
    };
    for (const char **p = prefixes; *p; p++) {
        size_t n = strlen (*p);
        if (strncmp (*start, *p, n) == 0 && (*start) [n]) {
            *start += n;
            return true;
        }
    }
    return false;
}

//  Drop one known trailing word; true if something was dropped
static bool
s_drop_suffix (char *start, size_t *len)
{
    static const char *suffixes [] = { " city", " province", NULL };
    for (const char **p = suffixes; *p; p++) {
        size_t n = strlen (*p);
        if (*len > n && memcmp (start + *len - n, *p, n) == 0) {
            *len -= n;
            start [*len] = 0;
            return true;
        }
    }
    return false;
}

int
vc_province_key (const char *text, char *key, size_t key_size)
{
    char folded [VC_PROVINCE_KEY_MAX * 2];
    if (!key || key_size == 0)
        return -1;
    key [0] = 0;
    if (vc_province_fold (text, folded, sizeof (folded)) < 0)
        return -1;
    char *start = folded;
    while (s_drop_prefix (&start))
        ;
    size_t len = strlen (start);
    while (s_drop_suffix (start, &len))
        ;
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        if (start [i] == ' ')
            continue;
        if (out + 1 >= key_size) {
            key [0] = 0;
            return -1;
        }
        key [out++] = start [i];
    }
    key [out] = 0;
    return (int) out;
}

size_t
vc_province_distance (const char *a, const char *b)
{
    size_t row [VC_PROVINCE_KEY_MAX + 1];
    size_t lb = strnlen (b, VC_PROVINCE_KEY_MAX);
    for (size_t j = 0; j <= lb; j++)
        row [j] = j;
    for (size_t i = 0; a [i] && i < VC_PROVINCE_KEY_MAX; i++) {
        size_t diag = row [0];
        row [0] = i + 1;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row [j];
            size_t cost = a [i] == b [j - 1]? 0: 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row [j - 1] + 1 < best)
                best = row [j - 1] + 1;
            row [j] = best;
            diag = up;
        }
    }
    return row [lb];
}
