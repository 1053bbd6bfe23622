/*  vc_said - a message for a person, as the services write it: the English
    text, and its message id with its values, for a client to say it in the
    person's language from the catalogue (docs/protocol.md, "Message ids").

    vc_said_set takes a printf format and its values; the message id is the
    format with each conversion written %d (a count: %d, %02d, %zu, %lld,
    PRId64...) or %s (any other), the values are each conversion's text
    as printf writes it ("05"). The format must be a
    string literal (the id points to it). The struct holds no pointer into
    itself: it may be copied.
*/
#ifndef VC_SAID_H_INCLUDED
#define VC_SAID_H_INCLUDED

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VC_SAID_MAX_ARGS 8
#define VC_SAID_MAX 512

typedef struct vc_said_s {
    char message [VC_SAID_MAX];     //  The English text
    char msgid [VC_SAID_MAX];       //  Its id: the format with %s and %d; "" if none
    char values [VC_SAID_MAX];      //  The values, each ended by a NUL
    size_t args_count;
} vc_said_t;

//  Writes the message and its id. Returns 0, or -1 if a conversion is not
//  one of d i u x c s (with flags, width, precision, hh h l ll z j t) or
//  there are too many: then the message alone is kept (no id).
int vc_said_set (vc_said_t *self, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));
int vc_said_vset (vc_said_t *self, const char *format, va_list args);

//  Puts the words prefix (a literal text: a '%' in it is a percent sign)
//  before the message and before its id, as in "'from' date: " before a
//  date's reason. Returns 0, or -1 if the two do not fit: then self is as
//  it was.
int vc_said_prefix (vc_said_t *self, const char *prefix);

//  A text of no id (shown as written).
void vc_said_text (vc_said_t *self, const char *text);

//  The id, or NULL if there is none.
const char *vc_said_msgid (const vc_said_t *self);

//  The values, in order, into args (at most VC_SAID_MAX_ARGS); returns
//  how many. The pointers hold while self does.
size_t vc_said_args (const vc_said_t *self, const char **args);

//  The first count values of values, each ended by a NUL, in order into
//  args; returns count. vc_said_args and vc_event_args read theirs so.
size_t vc_said_split (const char *values, size_t count, const char **args);

void vc_said_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
