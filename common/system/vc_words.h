/*  vc_words - a sentence the services write in English, said again in the
    person's language.

    The broker and the services write their messages and event details in
    English, in a small set of shapes ("no province matches 'Da Nag'",
    "auth instance 2 ready (capacity 8)"). A program lists the shapes it
    shows as a table of vc_shape_t: each one's message id is the English
    text with %s (words, kept or themselves said again when they fit a
    shape of the table with no topic) and %d (a count, grouped the
    Vietnamese way) in place of what varies; a date written yyyy-mm-dd,
    as a value or in the words, is shown dd-mm-yyyy; the catalogue gives it in the
    person's language with the same placeholders in the same order.
    Plain C and libintl: vc-cli and vc-monitor share it.
*/
#ifndef VC_WORDS_H_INCLUDED
#define VC_WORDS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

//  One shape: the topic it is written for (NULL: any, and a phrase that
//  may stand in another shape's %s), what is written (marked N_()), and
//  what is shown (its message id; NULL: the shape itself)
typedef struct {
    const char *topic;
    const char *shape;
    const char *words;
} vc_shape_t;

//  The first shape of the table (of count shapes) that text fits, for the
//  topic (NULL: shapes of any topic only), said in the person's language;
//  NULL if none fits. Free with free ().
char *vc_words_say (const vc_shape_t *shapes, size_t count, const char *topic,
                    const char *text);

//  The shape of the table (of any topic) whose message id is msgid, said in
//  the person's language with its values args (a %d's value a count,
//  grouped; a %s's said again when it is a phrase of the table, else as
//  given); NULL if no shape has that id or the values do not fit it (their
//  number, a %d's not a count). Free with free ().
char *vc_words_id (const vc_shape_t *shapes, size_t count, const char *msgid, const char **args,
                   size_t args_count);

//  The translation of text if it is one of the NULL-ended list words
//  (marked N_()) and as long as length, else NULL.
const char *vc_words_listed (const char **words, const char *text, size_t length);

void vc_words_test (bool verbose);

#ifdef __cplusplus
}
#endif

#endif
