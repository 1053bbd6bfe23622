/*  vc_event_words - an event's detail in the person's language.

    The broker and the services write each event's detail in English, in
    a small set of shapes ("Hà Nội: 12 days by week", "auth instance 2
    ready (capacity 8)"). Each shape is a template here (said again by
    vc_words) whose message id is the English text with %s (words, kept or
    themselves translated when they are a known phrase) and %d (a count,
    grouped the Vietnamese way) in place of what varies; the catalogue
    gives it in the person's language with the same placeholders in the
    same order. A detail with a message id (docs/protocol.md, "Message
    ids") is said by its id; a client's connection names the client's kind
    in words, and a service's health is said in words too. A detail that fits no shape is shown as written, its counts
    grouped. Plain C and libintl: vc-monitor's Detail column and vc-cli
    watch share it.
*/
#ifndef VC_EVENT_WORDS_H_INCLUDED
#define VC_EVENT_WORDS_H_INCLUDED

#include <stdbool.h>
#include "vc_event.h"

#ifdef __cplusplus
extern "C" {
#endif

//  The detail of an event of topic, in words for people (translated);
//  NULL only out of memory. Free with free ().
char *vc_event_words_detail (const char *topic, const char *detail);

//  The same for an event: a client's connection as its kind in words, a
//  detail by its message id when it has one, else by the detail's shape.
//  NULL only out of memory. Free with free ().
char *vc_event_words_event (const vc_event_t *event);

//  True if the detail of an event of topic fits a known shape (so it is
//  shown in the person's language).
bool vc_event_words_known (const char *topic, const char *detail);

//  A client's kind ("gui", "cli", ...) in words for people (translated);
//  "other program" for a kind no program of the system gives.
const char *vc_event_words_kind (const char *kind);

//  The same, NULL for a kind no program of the system gives (a list can
//  then show the kind as the client named itself).
const char *vc_event_words_kind_known (const char *kind);

//  A service's health as the broker gives it ("up", "down", "unknown") in
//  words for people (translated); NULL for any other word.
const char *vc_event_words_health (const char *health);

void vc_event_words_test (bool verbose);

#ifdef __cplusplus
}
#endif

#endif
