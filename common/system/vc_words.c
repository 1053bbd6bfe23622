/*  vc_words - a sentence the services write, matched against a table of
    shapes and said again from the catalogue (see vc_words.h).  */
#include "vc_words.h"
#include "vc_check.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include "vc_text.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORDS_MAX_ARGS 6                //  Placeholders in one shape
#define WORDS_MAX_DEPTH 2               //  Phrases inside phrases

//  What the placeholders of a shape took from a text
typedef struct {
    const char *start [WORDS_MAX_ARGS];
    size_t length [WORDS_MAX_ARGS];
    bool count [WORDS_MAX_ARGS];        //  %d: a number
    int taken;
} match_t;

//  A table to say things from
typedef struct {
    const vc_shape_t *shapes;
    size_t count;
} table_t;

static bool
s_placeholder (const char *at)
{
    return at [0] == '%' && (at [1] == 's' || at [1] == 'd');
}

static bool
s_match (const char *shape, const char *text, match_t *match)
{
    while (*shape && !s_placeholder (shape)) {
        if (*shape != *text)
            return false;
        shape++, text++;
    }
    if (!*shape)
        return !*text;
    if (match->taken == WORDS_MAX_ARGS)
        return false;
    int index = match->taken++;
    bool count = shape [1] == 'd';
    size_t most = count ? strspn (text, "0123456789") : strlen (text);
    //  As much as leaves a match of the rest (words: whole characters)
    for (size_t length = most; length > 0; length--) {
        if (!count && ((unsigned char) text [length] & 0xC0) == 0x80)
            continue;
        match->start [index] = text;
        match->length [index] = length;
        match->count [index] = count;
        if (s_match (shape + 2, text + length, match))
            return true;
        match->taken = index + 1;
    }
    match->taken = index;
    return false;
}

//  An ISO date (yyyy-mm-dd) at text, not inside a longer number
static bool
s_iso_date (const char *text)
{
    static const char form [] = "dddd-dd-dd";
    for (size_t i = 0; i < sizeof form - 1; i++)
        if (form [i] == 'd' ? text [i] < '0' || text [i] > '9' : text [i] != form [i])
            return false;
    return !(text [10] >= '0' && text [10] <= '9') && text [10] != '-';
}

//  The ISO date at text written dd-mm-yyyy, as people read dates here
static bool
s_write_date (FILE *out, const char *text)
{
    return fprintf (out, "%.2s-%.2s-%.4s", text + 8, text + 5, text) == 10;
}

static bool s_phrase (FILE *out, const table_t *table, const char *topic, const char *text,
                      int depth);

//  A placeholder's text: a count grouped ("47.788"), words said again when
//  they are a known phrase, else as written
static bool
s_argument (FILE *out, const table_t *table, const match_t *match, int index, int depth)
{
    char *text = strndup (match->start [index], match->length [index]);
    if (!text)
        return false;
    bool written = true;
    if (match->count [index]) {
        char grouped [32];
        written = fputs (vc_number_format (strtoll (text, NULL, 10), grouped, sizeof grouped),
                         out) >= 0;
    }
    else
    if (strlen (text) == 10 && s_iso_date (text))
        written = s_write_date (out, text);
    else
    if (!s_phrase (out, table, NULL, text, depth + 1))
        written = fputs (text, out) >= 0;
    free (text);
    return written;
}

//  The translated words with the placeholders filled in order
static bool
s_fill (FILE *out, const table_t *table, const char *words, const match_t *match, int depth)
{
    int next = 0;
    for (const char *scan = words; *scan; scan++) {
        if (s_placeholder (scan) && next < match->taken) {
            if (!s_argument (out, table, match, next++, depth))
                return false;
            scan++;
        }
        else
        if ((scan == words || !(scan [-1] >= '0' && scan [-1] <= '9')) && s_iso_date (scan)) {
            if (!s_write_date (out, scan))
                return false;
            scan += 9;
        }
        else
        if (fputc (*scan, out) == EOF)
            return false;
    }
    return true;
}

//  Say text again in the person's language if it fits a shape
static bool
s_phrase (FILE *out, const table_t *table, const char *topic, const char *text, int depth)
{
    if (depth > WORDS_MAX_DEPTH || !*text)
        return false;
    for (size_t i = 0; i < table->count; i++) {
        const vc_shape_t *shape = &table->shapes [i];
        if (shape->topic && (!topic || strcmp (topic, shape->topic)))
            continue;
        match_t match = { .taken = 0 };
        if (s_match (shape->shape, text, &match))
            return s_fill (out, table, _(shape->words ? shape->words : shape->shape),
                           &match, depth);
    }
    return false;
}

char *
vc_words_say (const vc_shape_t *shapes, size_t count, const char *topic, const char *text)
{
    if (!shapes || !text)
        return NULL;
    vc_text_stream_t said;
    if (!vc_text_stream_open (&said))
        return NULL;
    table_t table = { shapes, count };
    return vc_text_stream_close (&said, s_phrase (said.out, &table, topic, text, 0));
}

//  The shape whose message id is msgid, if its placeholders take count
//  values
static const vc_shape_t *
s_shape_of (const vc_shape_t *shapes, size_t count, const char *msgid, size_t values)
{
    for (size_t i = 0; i < count; i++) {
        if (shapes [i].topic || strcmp (shapes [i].shape, msgid))
            continue;
        size_t placeholders = 0;
        for (const char *scan = msgid; *scan; scan++)
            if (s_placeholder (scan))
                placeholders++, scan++;
        return placeholders == values ? &shapes [i] : NULL;
    }
    return NULL;
}

//  A value for a %d of the shape: a count (digits, after a minus)
static bool
s_count (const char *text)
{
    text += *text == '-';
    return *text && strspn (text, "0123456789") == strlen (text);
}

char *
vc_words_id (const vc_shape_t *shapes, size_t count, const char *msgid, const char **args,
             size_t args_count)
{
    if (!shapes || !msgid || args_count > WORDS_MAX_ARGS || (args_count && !args))
        return NULL;
    const vc_shape_t *shape = s_shape_of (shapes, count, msgid, args_count);
    if (!shape)
        return NULL;
    match_t match = { .taken = (int) args_count };
    const char *scan = msgid;
    for (size_t i = 0; i < args_count; i++, scan += 2) {
        scan = strchr (scan, '%');
        while (scan && !s_placeholder (scan))
            scan = strchr (scan + 2, '%');
        if (!scan || !args [i])
            return NULL;
        match.start [i] = args [i];
        match.length [i] = strlen (args [i]);
        match.count [i] = scan [1] == 'd';
        if (match.count [i] && !s_count (args [i]))
            return NULL;
    }
    vc_text_stream_t said;
    if (!vc_text_stream_open (&said))
        return NULL;
    table_t table = { shapes, count };
    const char *words = _(shape->words ? shape->words : shape->shape);
    return vc_text_stream_close (&said, s_fill (said.out, &table, words, &match, 0));
}

const char *
vc_words_listed (const char **words, const char *text, size_t length)
{
    for (; *words; words++)
        if (strlen (*words) == length && !strncmp (*words, text, length))
            return _(*words);
    return NULL;
}

//  The self-test: in English (the catalogue's message ids), so it holds in
//  any language
static const vc_shape_t s_test_shapes [] = {
    { "test.topic", "%s", "run %s" },
    { NULL, "no data for %s; data covers %s to %s", NULL },
    { NULL, "%s is not a real date", NULL },
    { NULL, "'%s' date: %s", NULL },
    { NULL, "wait %d s", NULL },
    { NULL, "%s instance %s ready (capacity %d)", NULL },
};

//  A text said by the self-test's shapes
static char *
s_say (const char *topic, const char *text)
{
    return vc_words_say (s_test_shapes, sizeof s_test_shapes / sizeof s_test_shapes [0],
                         topic, text);
}

void
vc_words_test (bool verbose)
{
    if (verbose)
        printf (" * vc_words: ");
    VC_CHECK_SAID (s_say (NULL, "no data for 01-01-2019; data covers 18-03-2020 to 21-01-2022"),
                   "no data for 01-01-2019; data covers 18-03-2020 to 21-01-2022");
    VC_CHECK_SAID (s_say (NULL, "'from' date: 31-02-2021 is not a real date"),
                   "'from' date: 31-02-2021 is not a real date");
    VC_CHECK_SAID (s_say (NULL, "wait 12345 s"), "wait 12.345 s");
    //  A date written yyyy-mm-dd reads dd-mm-yyyy, in a value or in the words
    VC_CHECK_SAID (s_say (NULL, "no data for 2019-01-01; data covers 2020-03-18 to 21-01-2022"),
                   "no data for 01-01-2019; data covers 18-03-2020 to 21-01-2022");
    VC_CHECK_SAID (s_say (NULL, "no data for 2019-01-015; data covers x to y"),
                   "no data for 2019-01-015; data covers x to y");
    VC_CHECK_SAID (s_say (NULL, "wait abc s"), NULL);
    VC_CHECK_SAID (s_say (NULL, "auth instance 2 ready (capacity 8)"),
                   "auth instance 2 ready (capacity 8)");
    VC_CHECK_SAID (s_say (NULL, "Đà Nẵng"), NULL);
    VC_CHECK_SAID (s_say ("test.topic", "Đà Nẵng"), "run Đà Nẵng");
    VC_CHECK_SAID (s_say ("other.topic", "Đà Nẵng"), NULL);
    VC_CHECK_SAID (s_say (NULL, ""), NULL);
    //  By message id: the values as given, a count grouped
    const char *args [] = { "auth", "2", "12345" };
    VC_CHECK_SAID (vc_words_id (s_test_shapes, sizeof s_test_shapes / sizeof s_test_shapes [0],
                                "%s instance %s ready (capacity %d)", args, 3),
                   "auth instance 2 ready (capacity 12.345)");
    if (vc_words_id (s_test_shapes, 6, "%s instance %s ready (capacity %d)", args, 2)
    ||  vc_words_id (s_test_shapes, 6, "wait %d s", args, 1)
    ||  vc_words_id (s_test_shapes, 6, "unknown %s", args, 1)
    ||  vc_words_id (s_test_shapes, 6, "%s", args, 1)) {
        fprintf (stderr, "vc_words: an id of no shape, or values that do not fit, said\n");
        abort ();
    }
    const char *listed [] = { "day", "week", NULL };
    if (!vc_words_listed (listed, "week later", 4) || vc_words_listed (listed, "weekly", 6)) {
        fprintf (stderr, "vc_words: listed words\n");
        abort ();
    }
    if (verbose)
        printf ("OK\n");
}
