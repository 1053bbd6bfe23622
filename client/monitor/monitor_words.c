/*  monitor_words - the Detail of an event in the person's language, by the
    shared table of vc_event_words (common/proto), which vc-cli watch uses
    too (see monitor_words.h).  */
#include "monitor_words.h"
#include "vc_event_words.h"

char *
monitor_words_detail (const char *topic, const char *detail)
{
    return vc_event_words_detail (topic, detail);
}

char *
monitor_words_event (const vc_event_t *event)
{
    return vc_event_words_event (event);
}

bool
monitor_words_known (const char *topic, const char *detail)
{
    return vc_event_words_known (topic, detail);
}
