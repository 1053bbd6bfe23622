/*  scrape_result - rows, page date, warnings and error of one parsed page.
*/
#undef NDEBUG                   //  Self-test asserts stay on in every build
#include "scrape_result.h"
#include "scrape_text.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"
#include "vc_text.h"

#define NAME_MAX_BYTES 256

struct _scrape_result_t {
    scrape_row_t *rows;
    size_t size;
    size_t capacity;
    char *warnings [SCRAPE_RESULT_MAX_WARNINGS];
    size_t warnings_kept;
    size_t warnings_total;
    char *notes [SCRAPE_RESULT_MAX_NOTES];
    size_t notes_kept;
    size_t unknown;
    bool has_day;
    vc_day_t day;
    bool truncated;
    char *error;
    vc_said_t error_said;       //  The reason with its id (its text may be cut)
};

scrape_result_t *
scrape_result_new (void)
{
    return (scrape_result_t *) calloc (1, sizeof (scrape_result_t));
}

static char *
s_vformat (const char *format, va_list args)
{
    char *text = NULL;
    if (vasprintf (&text, format, args) < 0)
        return NULL;
    return text;
}

//  Keep one more formatted text in a bounded list (notes, warnings); past
//  max_kept the text is dropped (the caller counts it if it wants to).
static void
s_texts_keep (char **texts, size_t *kept, size_t max_kept,
              const char *format, va_list args)
{
    if (*kept >= max_kept)
        return;
    char *text = s_vformat (format, args);
    if (text)
        texts [(*kept)++] = text;
}

static void
s_texts_free (char **texts, size_t kept)
{
    for (size_t index = 0; index < kept; index++)
        free (texts [index]);
}

void
scrape_result_destroy (scrape_result_t **self_p)
{
    assert (self_p);
    scrape_result_t *self = *self_p;
    if (!self)
        return;
    s_texts_free (self->warnings, self->warnings_kept);
    s_texts_free (self->notes, self->notes_kept);
    free (self->rows);
    free (self->error);
    free (self);
    *self_p = NULL;
}

void
scrape_result_note (scrape_result_t *self, const char *format, ...)
{
    assert (self);
    va_list args;
    va_start (args, format);
    s_texts_keep (self->notes, &self->notes_kept, SCRAPE_RESULT_MAX_NOTES,
                  format, args);
    va_end (args);
}

size_t
scrape_result_notes (const scrape_result_t *self)
{
    assert (self);
    return self->notes_kept;
}

const char *
scrape_result_note_at (const scrape_result_t *self, size_t index)
{
    assert (self);
    return index < self->notes_kept? self->notes [index]: NULL;
}

int
scrape_result_fail (scrape_result_t *self, const char *format, ...)
{
    assert (self);
    if (self->error)
        return -1;              //  Keep the first reason
    va_list args, copy;
    va_start (args, format);
    va_copy (copy, args);
    self->error = s_vformat (format, args);
    vc_said_vset (&self->error_said, format, copy);
    va_end (copy);
    va_end (args);
    if (!self->error) {
        self->error = strdup ("failed (no memory for the reason)");
        vc_said_text (&self->error_said, "failed (no memory for the reason)");
    }
    return -1;
}

const vc_said_t *
scrape_result_error_said (const scrape_result_t *self)
{
    assert (self);
    return self->error ? &self->error_said : NULL;
}

const char *
scrape_result_error (const scrape_result_t *self)
{
    assert (self);
    if (self->error)
        return self->error;
    return NULL;
}

void
scrape_result_warn (scrape_result_t *self, const char *format, ...)
{
    assert (self);
    self->warnings_total++;
    va_list args;
    va_start (args, format);
    s_texts_keep (self->warnings, &self->warnings_kept,
                  SCRAPE_RESULT_MAX_WARNINGS, format, args);
    va_end (args);
}

size_t
scrape_result_warnings (const scrape_result_t *self)
{
    assert (self);
    return self->warnings_total;
}

const char *
scrape_result_warning (const scrape_result_t *self, size_t index)
{
    assert (self);
    if (index < self->warnings_kept)
        return self->warnings [index];
    return NULL;
}

int
scrape_result_add (scrape_result_t *self, int code, vc_day_t day,
                   scrape_kind_t kind, int64_t value)
{
    assert (self);
    if (self->size >= SCRAPE_RESULT_MAX_ROWS)
        return scrape_result_fail (self, "more than %d rows", SCRAPE_RESULT_MAX_ROWS);
    if (self->size == self->capacity) {
        size_t capacity = self->capacity? self->capacity * 2: 64;
        scrape_row_t *rows = (scrape_row_t *) realloc (self->rows, capacity * sizeof (scrape_row_t));
        if (!rows)
            return scrape_result_fail (self, "out of memory");
        self->rows = rows;
        self->capacity = capacity;
    }
    scrape_row_t *row = &self->rows [self->size++];
    row->code = code;
    row->day = day;
    row->kind = kind;
    row->value = value;
    return 0;
}

int
scrape_result_resolve (scrape_result_t *self, vc_provinces_t *provinces,
                       const char *name, int64_t value, int *code)
{
    assert (self);
    assert (provinces);
    assert (name);
    char clean [NAME_MAX_BYTES];
    vc_text_copy (clean, sizeof clean, name);
    scrape_text_strip_notes (clean);
    if (scrape_text_is_national (clean))
        return 1;
    const vc_province_t *province = *clean? vc_provinces_match (provinces, clean): NULL;
    if (!province) {
        self->unknown++;
        scrape_result_warn (self, "unknown province '%s' (%lld)", clean, (long long) value);
        return 1;
    }
    *code = province->code;
    return 0;
}

int
scrape_result_add_named (scrape_result_t *self, vc_provinces_t *provinces,
                         const char *name, vc_day_t day,
                         scrape_kind_t kind, int64_t value)
{
    int code;
    if (scrape_result_resolve (self, provinces, name, value, &code))
        return 1;
    return scrape_result_add (self, code, day, kind, value);
}

size_t
scrape_result_size (const scrape_result_t *self)
{
    assert (self);
    return self->size;
}

void
scrape_result_truncate (scrape_result_t *self, size_t size)
{
    assert (self);
    if (size < self->size)
        self->size = size;
}

const scrape_row_t *
scrape_result_at (const scrape_result_t *self, size_t index)
{
    assert (self);
    return index < self->size? &self->rows [index]: NULL;
}

int
scrape_result_find (const scrape_result_t *self, int code, vc_day_t day,
                    scrape_kind_t kind, int64_t *value)
{
    assert (self);
    for (size_t index = 0; index < self->size; index++) {
        const scrape_row_t *row = &self->rows [index];
        if (row->code == code && row->day == day && row->kind == kind) {
            if (value)
                *value = row->value;
            return 0;
        }
    }
    return -1;
}

size_t
scrape_result_provinces (const scrape_result_t *self)
{
    assert (self);
    bool seen [1000] = { false };
    size_t count = 0;
    for (size_t index = 0; index < self->size; index++) {
        int code = self->rows [index].code;
        if (code >= 0 && code < 1000 && !seen [code]) {
            seen [code] = true;
            count++;
        }
    }
    return count;
}

size_t
scrape_result_unknown (const scrape_result_t *self)
{
    assert (self);
    return self->unknown;
}

void
scrape_result_set_day (scrape_result_t *self, vc_day_t day)
{
    assert (self);
    self->day = day;
    self->has_day = true;
}

bool
scrape_result_has_day (const scrape_result_t *self)
{
    assert (self);
    return self->has_day;
}

vc_day_t
scrape_result_day (const scrape_result_t *self)
{
    assert (self);
    return self->day;
}

void
scrape_result_set_truncated (scrape_result_t *self)
{
    assert (self);
    self->truncated = true;
}

bool
scrape_result_truncated (const scrape_result_t *self)
{
    assert (self);
    return self->truncated;
}

const char *
scrape_kind_name (scrape_kind_t kind)
{
    return kind == SCRAPE_DAILY? "daily": kind == SCRAPE_TOTAL? "total": "?";
}

void
scrape_result_print (const scrape_result_t *self,
                     vc_provinces_t *provinces, FILE *file)
{
    assert (self);
    char date [16];
    if (self->has_day) {
        vc_date_format_iso (self->day, date, sizeof date);
        fprintf (file, "page date: %s\n", date);
    }
    for (size_t index = 0; index < self->size; index++) {
        const scrape_row_t *row = &self->rows [index];
        const vc_province_t *province = provinces? vc_provinces_by_code (provinces, row->code): NULL;
        vc_date_format_iso (row->day, date, sizeof date);
        fprintf (file, "%02d\t%s\t%s\t%s\t%lld\n", row->code,
                 province? province->name: "?", date,
                 scrape_kind_name (row->kind), (long long) row->value);
    }
    for (size_t index = 0; index < self->notes_kept; index++)
        fprintf (file, "note: %s\n", self->notes [index]);
    for (size_t index = 0; index < self->warnings_kept; index++)
        fprintf (file, "warning: %s\n", self->warnings [index]);
    if (self->warnings_total > self->warnings_kept)
        fprintf (file, "warning: %zu more warnings\n",
                 self->warnings_total - self->warnings_kept);
    if (self->error)
        fprintf (file, "error: %s\n", self->error);
}

void
scrape_result_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_result: ");
    vc_provinces_t *provinces = vc_provinces_new ();
    VC_CHECK (provinces);
    scrape_result_t *self = scrape_result_new ();
    VC_CHECK (self);
    VC_CHECK (scrape_result_error (self) == NULL);
    VC_CHECK (!scrape_result_has_day (self));

    VC_CHECK (scrape_result_add_named (self, provinces, "TP. Hồ Chí Minh", 18976, SCRAPE_DAILY, 1270) == 0);
    VC_CHECK (scrape_result_add_named (self, provinces, "Hà Nội[a]", 18976, SCRAPE_TOTAL, 42412) == 0);
    VC_CHECK (scrape_result_add_named (self, provinces, "Cả nước", 18976, SCRAPE_TOTAL, 1) == 1);
    VC_CHECK (scrape_result_add_named (self, provinces, "Atlantis", 18976, SCRAPE_TOTAL, 5) == 1);
    VC_CHECK (scrape_result_size (self) == 2);
    scrape_result_note (self, "read: %d provinces", 2);
    VC_CHECK (scrape_result_notes (self) == 1);
    VC_CHECK (strcmp (scrape_result_note_at (self, 0), "read: 2 provinces") == 0);
    VC_CHECK (scrape_result_note_at (self, 1) == NULL);
    VC_CHECK (scrape_result_provinces (self) == 2);
    VC_CHECK (scrape_result_unknown (self) == 1);
    VC_CHECK (scrape_result_warnings (self) == 1);
    VC_CHECK (strstr (scrape_result_warning (self, 0), "Atlantis"));
    int64_t value = 0;
    VC_CHECK (scrape_result_find (self, 79, 18976, SCRAPE_DAILY, &value) == 0 && value == 1270);
    VC_CHECK (scrape_result_find (self, 79, 18976, SCRAPE_TOTAL, &value) == -1);
    VC_CHECK (scrape_result_at (self, 1)->code == 1);
    VC_CHECK (scrape_result_at (self, 2) == NULL);
    scrape_result_truncate (self, 5);
    VC_CHECK (scrape_result_size (self) == 2);

    for (int index = 0; index < SCRAPE_RESULT_MAX_WARNINGS + 5; index++)
        scrape_result_warn (self, "warning %d", index);
    VC_CHECK (scrape_result_warnings (self) == SCRAPE_RESULT_MAX_WARNINGS + 6);
    VC_CHECK (strcmp (scrape_result_warning (self, SCRAPE_RESULT_MAX_WARNINGS - 1),
                    "warning 198") == 0);
    VC_CHECK (scrape_result_warning (self, SCRAPE_RESULT_MAX_WARNINGS) == NULL);
    for (int index = 0; index < SCRAPE_RESULT_MAX_NOTES + 3; index++)
        scrape_result_note (self, "note %d", index);
    VC_CHECK (scrape_result_notes (self) == SCRAPE_RESULT_MAX_NOTES);
    VC_CHECK (strcmp (scrape_result_note_at (self, SCRAPE_RESULT_MAX_NOTES - 1),
                    "note 30") == 0);
    VC_CHECK (scrape_result_note_at (self, SCRAPE_RESULT_MAX_NOTES) == NULL);
    VC_CHECK (scrape_result_fail (self, "first %s", "reason") == -1);
    VC_CHECK (scrape_result_fail (self, "second") == -1);
    VC_CHECK (strcmp (scrape_result_error (self), "first reason") == 0);
    VC_CHECK (!scrape_result_truncated (self));
    scrape_result_set_truncated (self);
    VC_CHECK (scrape_result_truncated (self));
    scrape_result_set_day (self, 18976);
    VC_CHECK (scrape_result_has_day (self) && scrape_result_day (self) == 18976);

    scrape_result_destroy (&self);
    VC_CHECK (self == NULL);
    scrape_result_destroy (&self);
    vc_provinces_destroy (&provinces);
    if (verbose)
        printf ("OK\n");
}
