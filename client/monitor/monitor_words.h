/*  monitor_words - the Detail of an event in the person's language.

    The shapes the broker and the services write, and how each is said,
    are vc_event_words's (common/proto/vc_event_words.c), shared with
    vc-cli watch; these are the monitor's names for them. A detail that
    fits no shape is shown as written, its counts grouped.
*/
#ifndef MONITOR_WORDS_H_INCLUDED
#define MONITOR_WORDS_H_INCLUDED

#include <stdbool.h>
#include "vc_event.h"

//  The detail of an event of topic, in words for people (translated);
//  free with g_free (NULL only out of memory).
char *monitor_words_detail (const char *topic, const char *detail);

//  The same for an event, by its detail's message id when it has one
//  (docs/protocol.md, "Message ids"), else by the detail's shape.
char *monitor_words_event (const vc_event_t *event);

//  True if the detail of an event of topic fits a known shape (so it is
//  shown in the person's language).
bool monitor_words_known (const char *topic, const char *detail);

#endif
