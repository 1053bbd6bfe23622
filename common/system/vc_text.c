/*  vc_text - text copied into a field of fixed size, cut to fit; UTF-8
    text bounded without cutting a character; text trimmed of white space;
    a text written to a memory stream.
*/
#include "vc_text.h"
#include "vc_check.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
vc_text_copy (char *field, size_t field_size, const char *text)
{
    if (!field || field_size == 0)
        return;
    size_t len = text ? strlen (text) : 0;
    if (len >= field_size)
        len = field_size - 1;
    if (len)
        memcpy (field, text, len);
    field [len] = 0;
}

size_t
vc_text_utf8_fit (const char *text, size_t length, size_t max)
{
    if (length <= max)
        return length;
    while (max > 0 && ((unsigned char) text [max] & 0xC0) == 0x80)
        max--;
    return max;
}

size_t
vc_text_trim (const char *text, size_t *length)
{
    size_t lead = 0;
    while (isspace ((unsigned char) text [lead]))
        lead++;
    size_t end = strlen (text + lead);
    while (end > 0 && isspace ((unsigned char) text [lead + end - 1]))
        end--;
    *length = end;
    return lead;
}

bool
vc_text_stream_open (vc_text_stream_t *self)
{
    self->text = NULL;
    self->size = 0;
    self->out = open_memstream (&self->text, &self->size);
    return self->out != NULL;
}

char *
vc_text_stream_close (vc_text_stream_t *self, bool keep)
{
    if (!self->out)
        return NULL;
    bool ok = fclose (self->out) == 0 && self->text;
    self->out = NULL;
    if (keep && ok)
        return self->text;
    free (self->text);
    return NULL;
}


//  --------------------------------------------------------------------------
//  Self-test: whole, cut, empty, NULL, and fields too small to hold text;
//  UTF-8 bounds that fit, fall inside a character or on its first byte;
//  trimming; a text written to a stream, kept or dropped.

void
vc_text_test (bool verbose)
{
    if (verbose)
        printf (" * vc_text: ");
    char field [8];
    vc_text_copy (field, sizeof field, "Huế");
    VC_CHECK (strcmp (field, "Huế") == 0);
    vc_text_copy (field, sizeof field, "Hồ Chí Minh");
    VC_CHECK (strlen (field) == 7 && memcmp (field, "Hồ Chí", 7) == 0);
    vc_text_copy (field, sizeof field, "1234567");
    VC_CHECK (strcmp (field, "1234567") == 0);
    vc_text_copy (field, sizeof field, "12345678");
    VC_CHECK (strcmp (field, "1234567") == 0);
    vc_text_copy (field, sizeof field, "");
    VC_CHECK (field [0] == 0);
    memset (field, 'x', sizeof field);
    vc_text_copy (field, sizeof field, NULL);
    VC_CHECK (field [0] == 0);
    memset (field, 'x', sizeof field);
    vc_text_copy (field, 1, "abc");
    VC_CHECK (field [0] == 0 && field [1] == 'x');
    vc_text_copy (field, 0, "abc");
    VC_CHECK (field [0] == 0 && field [1] == 'x');
    vc_text_copy (NULL, 8, "abc");
    const char *hue = "Huế";            //  H u, then 3 bytes
    VC_CHECK (vc_text_utf8_fit (hue, 5, 5) == 5);
    VC_CHECK (vc_text_utf8_fit (hue, 5, 9) == 5);
    VC_CHECK (vc_text_utf8_fit (hue, 5, 4) == 2);
    VC_CHECK (vc_text_utf8_fit (hue, 5, 3) == 2);
    VC_CHECK (vc_text_utf8_fit (hue, 5, 2) == 2);
    VC_CHECK (vc_text_utf8_fit (hue, 5, 0) == 0);
    VC_CHECK (vc_text_utf8_fit ("ế", 3, 2) == 0);
    size_t length;
    VC_CHECK (vc_text_trim (" \t Huế \n", &length) == 3 && length == 5);
    VC_CHECK (vc_text_trim ("Huế", &length) == 0 && length == 5);
    VC_CHECK (vc_text_trim ("  ", &length) == 2 && length == 0);
    vc_text_stream_t stream;
    VC_CHECK (vc_text_stream_open (&stream));
    fputs ("Huế", stream.out);
    char *written = vc_text_stream_close (&stream, true);
    VC_CHECK (written && strcmp (written, "Huế") == 0 && !stream.out);
    free (written);
    VC_CHECK (vc_text_stream_close (&stream, true) == NULL);
    VC_CHECK (vc_text_stream_open (&stream));
    fputs ("Huế", stream.out);
    VC_CHECK (vc_text_stream_close (&stream, false) == NULL);
    if (verbose)
        printf ("OK\n");
}
