/*  monitor_words - the Detail of an event in the person's language.

    The broker and the services write each event's detail in English, in
    a small set of shapes ("Hà Nội: 12 days by week", "auth instance 2
    ready (capacity 8)"). Each shape is a template here (said again by
    vc_words, common/system, which vc-cli shares) whose message id
    is the English text with %s (words, kept or themselves translated
    when they are a known phrase) and %d (a count, grouped the Vietnamese
    way) in place of what varies; the catalogue gives it in the person's
    language with the same placeholders in the same order. A detail that
    fits no shape is shown as written, its counts grouped.
*/
#ifndef MONITOR_WORDS_H_INCLUDED
#define MONITOR_WORDS_H_INCLUDED

#include <stdbool.h>
#include "vc_event.h"

//  The detail of an event of topic, in words for people (translated);
//  free with g_free.
char *monitor_words_detail (const char *topic, const char *detail);

//  The same for an event, by its detail's message id when it has one
//  (docs/protocol.md, "Message ids"), else by the detail's shape.
char *monitor_words_event (const vc_event_t *event);

//  True if the detail of an event of topic fits a known shape (so it is
//  shown in the person's language).
bool monitor_words_known (const char *topic, const char *detail);

#endif
