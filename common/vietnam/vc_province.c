/*  vc_province - the 63 provinces of Vietnam and a spelling-tolerant matcher.

    Every name, ASCII name and alias of the built-in table is folded to a
    compact key (see vc_province_norm.c) and stored in a hash, so a match is
    one fold into a stack buffer plus one hash lookup. Suggestions compare
    the query's key with every known key by edit distance.
*/
#include "vc_province_priv.h"
#include <czmq.h>
#include <ctype.h>
#include "vc_check.h"

typedef struct {
    char key [VC_PROVINCE_KEY_MAX];     //  Compact folded name
    const vc_province_t *province;
} s_entry_t;

struct _vc_provinces_t {
    zhashx_t *by_key;                   //  Compact key -> vc_province_t *
    s_entry_t *entries;                 //  Every key, for suggestions
    size_t entries_size;
    size_t entries_max;
};

//  Remember key -> province. Returns 0, or -1 if the key is empty,
//  invalid, or already names another province.
static int
s_add_key (vc_provinces_t *self, const vc_province_t *province, const char *name)
{
    char key [VC_PROVINCE_KEY_MAX];
    if (vc_province_key (name, key, sizeof (key)) <= 0)
        return -1;
    const vc_province_t *known = (const vc_province_t *) zhashx_lookup (self->by_key, key);
    if (known)
        return known == province? 0: -1;
    if (self->entries_size == self->entries_max) {
        size_t max = self->entries_max? self->entries_max * 2: 256;
        s_entry_t *entries = (s_entry_t *) realloc (self->entries, max * sizeof (s_entry_t));
        if (!entries)
            return -1;
        self->entries = entries;
        self->entries_max = max;
    }
    if (zhashx_insert (self->by_key, key, (void *) province) != 0)
        return -1;
    s_entry_t *entry = &self->entries [self->entries_size++];
    strcpy (entry->key, key);
    entry->province = province;
    return 0;
}

//  Add every '|'-separated alias of a table row
static int
s_add_aliases (vc_provinces_t *self, const vc_province_t *province)
{
    const char *alias = province->aliases;
    while (alias && *alias) {
        const char *end = strchr (alias, '|');
        size_t len = end? (size_t) (end - alias): strlen (alias);
        char one [VC_PROVINCE_KEY_MAX * 2];
        if (len > 0 && len < sizeof (one)) {
            memcpy (one, alias, len);
            one [len] = 0;
            if (s_add_key (self, province, one))
                return -1;
        }
        alias = end? end + 1: NULL;
    }
    return 0;
}

vc_provinces_t *
vc_provinces_new (void)
{
    vc_provinces_t *self = (vc_provinces_t *) calloc (1, sizeof (vc_provinces_t));
    if (!self)
        return NULL;
    self->by_key = zhashx_new ();
    if (!self->by_key) {
        vc_provinces_destroy (&self);
        return NULL;
    }
    for (size_t i = 0; i < vc_province_table_size; i++) {
        const vc_province_t *province = &vc_province_table [i];
        if (s_add_key (self, province, province->name)
        ||  s_add_key (self, province, province->ascii)
        ||  s_add_aliases (self, province)) {
            vc_provinces_destroy (&self);
            return NULL;
        }
    }
    return self;
}

void
vc_provinces_destroy (vc_provinces_t **self_p)
{
    if (self_p && *self_p) {
        vc_provinces_t *self = *self_p;
        zhashx_destroy (&self->by_key);
        free (self->entries);
        free (self);
        *self_p = NULL;
    }
}

size_t
vc_provinces_size (vc_provinces_t *self)
{
    (void) self;
    return vc_province_table_size;
}

const vc_province_t *
vc_provinces_at (vc_provinces_t *self, size_t index)
{
    (void) self;
    return index < vc_province_table_size? &vc_province_table [index]: NULL;
}

const vc_province_t *
vc_provinces_by_code (vc_provinces_t *self, int code)
{
    (void) self;
    //  The table is sorted by code: binary search
    size_t low = 0, high = vc_province_table_size;
    while (low < high) {
        size_t mid = (low + high) / 2;
        if (vc_province_table [mid].code == code)
            return &vc_province_table [mid];
        if (vc_province_table [mid].code < code)
            low = mid + 1;
        else
            high = mid;
    }
    return NULL;
}

//  A key made only of one or two digits is an official code ("79", "01")
static const vc_province_t *
s_match_code (vc_provinces_t *self, const char *key)
{
    size_t len = strlen (key);
    if (len == 0 || len > 2 || !isdigit ((unsigned char) key [0])
    || (len == 2 && !isdigit ((unsigned char) key [1])))
        return NULL;
    return vc_provinces_by_code (self, atoi (key));
}

const vc_province_t *
vc_provinces_match (vc_provinces_t *self, const char *text)
{
    char key [VC_PROVINCE_KEY_MAX];
    if (!self || vc_province_key (text, key, sizeof (key)) <= 0)
        return NULL;
    const vc_province_t *province =
        (const vc_province_t *) zhashx_lookup (self->by_key, key);
    return province? province: s_match_code (self, key);
}

int
vc_provinces_add_alias (vc_provinces_t *self, int code, const char *alias)
{
    const vc_province_t *province = vc_provinces_by_code (self, code);
    if (!self || !province || !alias)
        return -1;
    return s_add_key (self, province, alias);
}

//  Insert (province, distance) into the sorted best list, one slot per province
static size_t
s_rank (const vc_province_t **out, size_t *dist, size_t count, size_t max,
        const vc_province_t *province, size_t distance)
{
    for (size_t i = 0; i < count; i++) {
        if (out [i] == province) {
            if (dist [i] <= distance)
                return count;
            memmove (&out [i], &out [i + 1], (count - i - 1) * sizeof (out [0]));
            memmove (&dist [i], &dist [i + 1], (count - i - 1) * sizeof (dist [0]));
            count--;
            break;
        }
    }
    size_t pos = count;
    while (pos > 0 && dist [pos - 1] > distance)
        pos--;
    if (pos >= max)
        return count;
    size_t tail = (count < max? count: max - 1) - pos;
    memmove (&out [pos + 1], &out [pos], tail * sizeof (out [0]));
    memmove (&dist [pos + 1], &dist [pos], tail * sizeof (dist [0]));
    out [pos] = province;
    dist [pos] = distance;
    return count < max? count + 1: max;
}

size_t
vc_provinces_suggest (vc_provinces_t *self, const char *text,
                      const vc_province_t **out, size_t max)
{
    char key [VC_PROVINCE_KEY_MAX];
    if (!self || !out || max == 0)
        return 0;
    int len = vc_province_key (text, key, sizeof (key));
    if (len <= 0)
        return 0;
    //  Only near misses count: at most 2 edits, plus one per 4 characters
    size_t limit = 2 + (size_t) len / 4;
    size_t dist_stack [64];
    size_t *dist = max <= 64? dist_stack: (size_t *) malloc (max * sizeof (size_t));
    if (!dist)
        return 0;
    size_t count = 0;
    for (size_t i = 0; i < self->entries_size; i++) {
        size_t distance = vc_province_distance (key, self->entries [i].key);
        if (distance <= limit)
            count = s_rank (out, dist, count, max, self->entries [i].province, distance);
    }
    if (dist != dist_stack)
        free (dist);
    return count;
}

void
vc_province_normalize (const char *text, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return;
    if (vc_province_fold (text, out, out_size) == -1)
        out [0] = 0;
}


//  --------------------------------------------------------------------------
//  Self-test of the province table and matcher.

//  Expect text to resolve to the province with this code
static void
s_expect (vc_provinces_t *self, const char *text, int code, bool verbose)
{
    const vc_province_t *province = vc_provinces_match (self, text);
    if (verbose)
        printf ("  '%s' -> %s\n", text, province? province->name: "(none)");
    VC_CHECK (province);
    VC_CHECK (province->code == code);
}

static void
s_test_table (vc_provinces_t *self)
{
    VC_CHECK (vc_provinces_size (self) == 63);
    int previous = 0;
    for (size_t i = 0; i < vc_provinces_size (self); i++) {
        const vc_province_t *province = vc_provinces_at (self, i);
        VC_CHECK (province->code > previous);
        previous = province->code;
        VC_CHECK (vc_provinces_by_code (self, province->code) == province);
        VC_CHECK (vc_provinces_match (self, province->name) == province);
        VC_CHECK (vc_provinces_match (self, province->ascii) == province);
    }
    VC_CHECK (vc_provinces_at (self, 63) == NULL);
    VC_CHECK (vc_provinces_by_code (self, 3) == NULL);
    VC_CHECK (vc_provinces_by_code (self, 79)->code == 79);
    VC_CHECK (vc_provinces_by_code (self, 96));
}

static void
s_test_spellings (vc_provinces_t *self, bool verbose)
{
    const char *hcm [] = {
        "ho chi minh", "HỒ CHÍ MINH", "tp.hcm", "TP. Hồ Chí Minh", "HCM",
        "Sài Gòn", "Saigon", "TP HCM", "Thành phố Hồ Chí Minh", "TPHCM",
        "Ho Chi Minh City", "Hô Chí Minh", "  hồ   chí  minh  ", "T.P. HCM",
        "Ho\xcc\x82\xcc\x80 Chi\xcc\x81 Minh", NULL       //  NFD
    };
    for (const char **p = hcm; *p; p++)
        s_expect (self, *p, 79, verbose);
    //  NFD with marks inside words folds as NFC does (a mark is no separator)
    char nfd [32], nfc [32];
    vc_province_normalize ("\xc4\x90" "a\xcc\x80 Na\xcc\x86\xcc\x83ng", nfd, sizeof nfd);
    vc_province_normalize ("Đà Nẵng", nfc, sizeof nfc);
    VC_CHECK (strcmp (nfd, nfc) == 0 && strcmp (nfc, "da nang") == 0);
    s_expect (self, "ba ria vung tau", 77, verbose);
    s_expect (self, "Bà Rịa - Vũng Tàu", 77, verbose);
    s_expect (self, "Bà Rịa–Vũng Tàu", 77, verbose);
    s_expect (self, "BR-VT", 77, verbose);
    s_expect (self, "Hue", 46, verbose);
    s_expect (self, "Huế", 46, verbose);
    s_expect (self, "Thừa Thiên Huế", 46, verbose);
    s_expect (self, "Thua Thien - Hue", 46, verbose);
    s_expect (self, "hanoi", 1, verbose);
    s_expect (self, "Ha Noi", 1, verbose);
    s_expect (self, "HN", 1, verbose);
    s_expect (self, "Thành phố Hà Nội", 1, verbose);
    s_expect (self, "Đắk Lắk", 66, verbose);
    s_expect (self, "Dak Lak", 66, verbose);
    s_expect (self, "Daklak", 66, verbose);
    s_expect (self, "ĐĂK LĂK", 66, verbose);
    s_expect (self, "Tỉnh Đắk Lắk", 66, verbose);
    s_expect (self, "Đắk Nông", 67, verbose);
    s_expect (self, "dak nong", 67, verbose);
    s_expect (self, "Bên Tre", 83, verbose);
    s_expect (self, "Thanh Hoá", 38, verbose);
    s_expect (self, "Hoà Bình", 17, verbose);
    s_expect (self, "79", 79, verbose);
    s_expect (self, "01", 1, verbose);
}

static void
s_test_rejects (vc_provinces_t *self)
{
    VC_CHECK (vc_provinces_match (self, NULL) == NULL);
    VC_CHECK (vc_provinces_match (self, "") == NULL);
    VC_CHECK (vc_provinces_match (self, "   ") == NULL);
    VC_CHECK (vc_provinces_match (self, "TP.") == NULL);
    VC_CHECK (vc_provinces_match (self, "Paris") == NULL);
    VC_CHECK (vc_provinces_match (self, "99") == NULL);
    VC_CHECK (vc_provinces_match (self, "Ha\xff Noi") == NULL);     //  Bad byte
    VC_CHECK (vc_provinces_match (self, "Ha \xc3") == NULL);        //  Truncated
    VC_CHECK (vc_provinces_match (self, "\xc0\xaf") == NULL);       //  Overlong
    VC_CHECK (vc_provinces_match (self, "\xed\xa0\x80") == NULL);   //  Surrogate
    //  10 KB of input, letters or separators: refused without harm
    size_t size = 10 * 1024;
    char *big = (char *) malloc (size + 1);
    VC_CHECK (big);
    memset (big, 'a', size);
    big [size] = 0;
    VC_CHECK (vc_provinces_match (self, big) == NULL);
    const vc_province_t *out [3];
    VC_CHECK (vc_provinces_suggest (self, big, out, 3) == 0);
    memset (big, ' ', size);
    memcpy (big + size - 6, "ha noi", 6);
    s_expect (self, big, 1, false);
    free (big);
}

static void
s_test_normalize (void)
{
    char out [64];
    vc_province_normalize ("  TP. Hồ  Chí-Minh! ", out, sizeof (out));
    VC_CHECK (streq (out, "tp ho chi minh"));
    vc_province_normalize ("Đồng Tháp", out, sizeof (out));
    VC_CHECK (streq (out, "dong thap"));
    vc_province_normalize ("Ha\xff", out, sizeof (out));
    VC_CHECK (streq (out, ""));
    vc_province_normalize ("Bà Rịa - Vũng Tàu", out, 8);
    VC_CHECK (streq (out, "ba ria"));
    vc_province_normalize (NULL, out, sizeof (out));
    VC_CHECK (streq (out, ""));
    VC_CHECK (vc_province_distance ("kitten", "sitting") == 3);
    VC_CHECK (vc_province_distance ("", "abc") == 3);
    VC_CHECK (vc_province_distance ("hanoi", "hanoi") == 0);
}

static void
s_test_suggest_and_alias (vc_provinces_t *self)
{
    const vc_province_t *out [5];
    size_t count = vc_provinces_suggest (self, "Ben Tri", out, 5);
    VC_CHECK (count >= 1 && out [0]->code == 83);
    count = vc_provinces_suggest (self, "Hô Chi Min", out, 5);
    VC_CHECK (count >= 1 && out [0]->code == 79);
    count = vc_provinces_suggest (self, "Quang Nga", out, 2);
    VC_CHECK (count >= 1 && out [0]->code == 51);
    count = vc_provinces_suggest (self, "Binh", out, 5);
    VC_CHECK (count >= 1 && count <= 5);
    for (size_t i = 0; i < count; i++)
        for (size_t j = i + 1; j < count; j++)
            VC_CHECK (out [i] != out [j]);
    VC_CHECK (vc_provinces_suggest (self, "zzzzzzzzzzzzzz", out, 5) == 0);
    VC_CHECK (vc_provinces_suggest (self, "", out, 5) == 0);

    VC_CHECK (vc_provinces_add_alias (self, 56, "Nha Trang") == 0);
    s_expect (self, "nha trang", 56, false);
    VC_CHECK (vc_provinces_add_alias (self, 56, "NHA TRANG") == 0);
    VC_CHECK (vc_provinces_add_alias (self, 79, "Hà Nội") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 5, "Somewhere") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 79, " .. ") == -1);
    VC_CHECK (vc_provinces_add_alias (self, 79, "\xff") == -1);
}

//  Every province by its Vietnamese name, its ASCII name, its official
//  full name, and its ASCII name in upper case without spaces
static void
s_test_all_names (vc_provinces_t *self)
{
    char text [128];
    for (size_t i = 0; i < vc_provinces_size (self); i++) {
        const vc_province_t *province = vc_provinces_at (self, i);
        VC_CHECK (vc_provinces_match (self, province->name) == province);
        VC_CHECK (vc_provinces_match (self, province->ascii) == province);
        snprintf (text, sizeof (text), "Tỉnh %s", province->name);
        VC_CHECK (vc_provinces_match (self, text) == province);
        snprintf (text, sizeof (text), "TP. %s", province->ascii);
        VC_CHECK (vc_provinces_match (self, text) == province);
        size_t len = 0;
        for (const char *c = province->ascii; *c && len < sizeof (text) - 1; c++)
            if (*c != ' ')
                text [len++] = (char) toupper ((unsigned char) *c);
        text [len] = 0;
        VC_CHECK (vc_provinces_match (self, text) == province);
    }
}

void
vc_province_test (bool verbose)
{
    printf (" * vc_province: ");
    if (verbose)
        printf ("\n");
    vc_provinces_t *self = vc_provinces_new ();
    VC_CHECK (self);
    s_test_table (self);
    s_test_all_names (self);
    s_test_spellings (self, verbose);
    s_test_rejects (self);
    s_test_normalize ();
    s_test_suggest_and_alias (self);
    vc_provinces_destroy (&self);
    VC_CHECK (self == NULL);
    vc_provinces_destroy (&self);
    printf ("OK\n");
}
