/*  vc_said - a message with its id and values (see vc_said.h).  */
#include "vc_said.h"
#include "vc_check.h"
#include "vc_text.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

//  One conversion of a format: its text in spec, what it is
typedef struct {
    char spec [16];
    char length [3];
    char type;
    bool star;                  //  Precision or width given as an argument
} conversion_t;

//  Reads the conversion at format (after '%'); its length, or 0 if unknown
static size_t
s_conversion (const char *format, conversion_t *conv)
{
    size_t flags = strspn (format, "-+ #0");
    size_t width = strspn (format + flags, "0123456789");
    size_t at = flags + width;
    conv->star = false;
    if (format [at] == '.') {
        at++;
        if (format [at] == '*') {
            conv->star = true;
            at++;
        }
        else
            at += strspn (format + at, "0123456789");
    }
    size_t length = strspn (format + at, "hlzjt");
    if (length > 2 || at + length + 2 > sizeof conv->spec)
        return 0;
    memcpy (conv->length, format + at, length);
    conv->length [length] = 0;
    at += length;
    conv->type = format [at];
    if (!conv->type || !strchr ("diuxcs", conv->type))
        return 0;
    snprintf (conv->spec, sizeof conv->spec, "%%%.*s", (int) at + 1, format);
    return at + 1;
}

//  The text of one value, as printf would write it
static int
s_value (const conversion_t *conv, va_list *args, char *out, size_t size)
{
    const char *spec = conv->spec;
    if (conv->star && conv->type != 's')
        return -1;
    int precision = conv->star ? va_arg (*args, int) : 0;
    if (conv->type == 's') {
        const char *text = va_arg (*args, const char *);
        return conv->star ? snprintf (out, size, spec, precision, text)
                          : snprintf (out, size, spec, text);
    }
    if (conv->type == 'c')
        return snprintf (out, size, spec, va_arg (*args, int));
    bool is_unsigned = conv->type == 'u' || conv->type == 'x';
    const char *length = conv->length;
    //  The value widened to 64 bits, written with the same flags and width
    char wide [24];
    size_t keep = strlen (spec) - 1 - strlen (length);
    snprintf (wide, sizeof wide, "%.*s%s", (int) keep, spec,
              conv->type == 'x' ? PRIx64 : is_unsigned ? PRIu64 : PRId64);
    if (!strcmp (length, "l"))
        return is_unsigned ? snprintf (out, size, wide, (uint64_t) va_arg (*args, unsigned long))
                           : snprintf (out, size, wide, (int64_t) va_arg (*args, long));
    if (!strcmp (length, "ll") || !strcmp (length, "j"))
        return is_unsigned ? snprintf (out, size, wide, (uint64_t) va_arg (*args, unsigned long long))
                           : snprintf (out, size, wide, (int64_t) va_arg (*args, long long));
    if (!strcmp (length, "z") || !strcmp (length, "t"))
        return snprintf (out, size, wide, (uint64_t) va_arg (*args, size_t));
    return is_unsigned ? snprintf (out, size, wide, (uint64_t) va_arg (*args, unsigned int))
                       : snprintf (out, size, wide, (int64_t) va_arg (*args, int));
}

//  Appends text to a field of self; false if it does not fit
static bool
s_append (char *field, size_t *used, const char *text, size_t length)
{
    if (*used + length + 1 > VC_SAID_MAX)
        return false;
    memcpy (field + *used, text, length);
    *used += length;
    field [*used] = 0;
    return true;
}

//  The id and the values of format
static int
s_ids (vc_said_t *self, const char *format, va_list *args)
{
    size_t id_used = 0, values_used = 0;
    self->args_count = 0;
    for (const char *scan = format; *scan; ) {
        size_t literal = strcspn (scan, "%");
        if (!s_append (self->msgid, &id_used, scan, literal))
            return -1;
        scan += literal;
        if (!*scan)
            break;
        if (scan [1] == '%') {
            if (!s_append (self->msgid, &id_used, "%%", 2))
                return -1;
            scan += 2;
            continue;
        }
        conversion_t conv;
        size_t length = s_conversion (scan + 1, &conv);
        if (!length || self->args_count == VC_SAID_MAX_ARGS)
            return -1;
        bool count = strchr ("diu", conv.type) != NULL;
        if (!s_append (self->msgid, &id_used, count ? "%d" : "%s", 2))
            return -1;
        char value [VC_SAID_MAX];
        int written = s_value (&conv, args, value, sizeof value);
        if (written < 0 || values_used + (size_t) written + 1 > VC_SAID_MAX)
            return -1;
        memcpy (self->values + values_used, value, (size_t) written + 1);
        values_used += (size_t) written + 1;
        self->args_count++;
        scan += 1 + length;
    }
    return 0;
}

int
vc_said_vset (vc_said_t *self, const char *format, va_list args)
{
    va_list copy;
    va_copy (copy, args);
    vsnprintf (self->message, sizeof self->message, format, args);
    int rc = s_ids (self, format, &copy);
    va_end (copy);
    if (rc) {
        self->msgid [0] = 0;
        self->args_count = 0;
    }
    return rc;
}

int
vc_said_set (vc_said_t *self, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    int rc = vc_said_vset (self, format, args);
    va_end (args);
    return rc;
}

int
vc_said_prefix (vc_said_t *self, const char *prefix)
{
    char message [VC_SAID_MAX], msgid [VC_SAID_MAX];
    size_t used = 0;
    if (snprintf (message, sizeof message, "%s%s", prefix, self->message) >= (int) sizeof message)
        return -1;
    msgid [0] = 0;
    for (const char *scan = prefix; *self->msgid && *scan; scan++)
        if ((*scan == '%' && !s_append (msgid, &used, "%%", 2))
        ||  (*scan != '%' && !s_append (msgid, &used, scan, 1)))
            return -1;
    if (*self->msgid && !s_append (msgid, &used, self->msgid, strlen (self->msgid)))
        return -1;
    memcpy (self->message, message, sizeof message);
    memcpy (self->msgid, msgid, sizeof msgid);
    return 0;
}

void
vc_said_text (vc_said_t *self, const char *text)
{
    vc_text_copy (self->message, sizeof self->message, text ? text : "");
    self->msgid [0] = 0;
    self->args_count = 0;
}

const char *
vc_said_msgid (const vc_said_t *self)
{
    return *self->msgid ? self->msgid : NULL;
}

size_t
vc_said_split (const char *values, size_t count, const char **args)
{
    for (size_t i = 0; i < count; i++) {
        args [i] = values;
        values += strlen (values) + 1;
    }
    return count;
}

size_t
vc_said_args (const vc_said_t *self, const char **args)
{
    return vc_said_split (self->values, self->args_count, args);
}

void
vc_said_test (bool verbose)
{
    if (verbose)
        printf (" * vc_said: ");
    vc_said_t said;
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (vc_said_set (&said, "no province matches '%.64s'", "Da Nagg") == 0);
    VC_CHECK (!strcmp (said.message, "no province matches 'Da Nagg'"));
    VC_CHECK (!strcmp (vc_said_msgid (&said), "no province matches '%s'"));
    VC_CHECK (vc_said_args (&said, args) == 1 && !strcmp (args [0], "Da Nagg"));
    VC_CHECK (vc_said_set (&said, "total for %s fell from %" PRId64 " to %lld (%zu, %u%%, %02d)",
                           "Hà Nội", (int64_t) 12345, -7LL, (size_t) 3, 4u, 5) == 0);
    VC_CHECK (!strcmp (said.message, "total for Hà Nội fell from 12345 to -7 (3, 4%, 05)"));
    VC_CHECK (!strcmp (vc_said_msgid (&said), "total for %s fell from %d to %d (%d, %d%%, %d)"));
    VC_CHECK (vc_said_args (&said, args) == 6);
    VC_CHECK (!strcmp (args [1], "12345") && !strcmp (args [2], "-7") && !strcmp (args [5], "05"));
    vc_said_t copy = said;              //  Copied, it holds its own values
    VC_CHECK (vc_said_args (&copy, args) == 6 && !strcmp (args [0], "Hà Nội"));
    VC_CHECK (vc_said_set (&said, "%s %s %s %s %s %s %s %s %s", "1", "2", "3", "4", "5", "6",
                           "7", "8", "9") == -1);
    VC_CHECK (!strcmp (said.message, "1 2 3 4 5 6 7 8 9") && !vc_said_msgid (&said));
    //  Words before a message and its id, its values kept
    VC_CHECK (vc_said_set (&said, "%s is not a real date", "31-02-2021") == 0);
    VC_CHECK (vc_said_prefix (&said, "'from' date (100%): ") == 0);
    VC_CHECK (!strcmp (said.message, "'from' date (100%): 31-02-2021 is not a real date"));
    VC_CHECK (!strcmp (vc_said_msgid (&said), "'from' date (100%%): %s is not a real date"));
    VC_CHECK (vc_said_args (&said, args) == 1 && !strcmp (args [0], "31-02-2021"));
    char long_words [VC_SAID_MAX];
    memset (long_words, 'x', sizeof long_words - 1);
    long_words [sizeof long_words - 1] = 0;
    VC_CHECK (vc_said_prefix (&said, long_words) == -1);
    VC_CHECK (!strcmp (said.message, "'from' date (100%): 31-02-2021 is not a real date"));
        vc_said_text (&said, "as written");
    VC_CHECK (!vc_said_msgid (&said) && vc_said_args (&said, args) == 0);
    if (verbose)
        printf ("OK\n");
}
