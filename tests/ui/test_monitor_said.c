/*  test_monitor_said - the monitor says an event's detail in the person's
    language by the message id the event carries (docs/protocol.md,
    "Message ids"): a scraper's refusal and a data service's event whose
    English detail is worded otherwise than its id (as a service of another
    version may word it) read in Vietnamese only by the id; the same
    detail without an id is shown as written, and an id of no known shape
    or values that do not fit it fall back to the detail. Runs in
    Vietnamese (LANGUAGE=vi) from the build's catalogue.  */
#include "monitor_words.h"
#include "vc_i18n.h"
#include "vc_proto.h"
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

static vc_event_t
s_event (const char *topic, const char *detail, const char *msgid, const char **args,
         size_t count)
{
    vc_event_t event = { 0 };
    snprintf (event.topic, sizeof event.topic, "%s", topic);
    snprintf (event.detail, sizeof event.detail, "%s", detail);
    snprintf (event.msgid, sizeof event.msgid, "%s", msgid ? msgid : "");
    size_t used = 0;
    for (size_t i = 0; i < count; i++) {
        memcpy (event.values + used, args [i], strlen (args [i]) + 1);
        used += strlen (args [i]) + 1;
    }
    event.args_count = count;
    return event;
}

static void
s_expect (const vc_event_t *event, const char *expected)
{
    char *said = monitor_words_event (event);
    if (strcmp (said, expected)) {
        fprintf (stderr, "test_monitor_said: '%s' said '%s', expected '%s'\n", event->detail,
                 said, expected);
        abort ();
    }
    g_free (said);
}

int
main (void)
{
    setenv ("LANGUAGE", "vi", 1);
    vc_i18n_init ();
    VC_CHECK (strcmp (vc_i18n_language (), "vi") == 0);
    //  A refusal: the source and outcome in words, the reason by its id
    const char *rows [] = { "3", "34" };
    vc_event_t refused = s_event (VC_TOPIC_SCRAPE_FAILED, "feed rejected: 3 of 34 provinces only",
                                  "only %d provinces in the page, at least %d expected", rows, 2);
    s_expect (&refused, "feed bị từ chối: trang chỉ có 3 tỉnh, cần ít nhất 34");
    //  The same detail without an id: of no known shape, as written
    vc_event_t plain = s_event (VC_TOPIC_SCRAPE_FAILED, "feed rejected: 3 of 34 provinces only",
                                NULL, NULL, 0);
    s_expect (&plain, "feed rejected: 3 of 34 provinces only");
    //  Another topic: the whole detail by its id, a count grouped
    const char *name [] = { "Atlantis" };
    vc_event_t lookup = s_event (VC_TOPIC_AUTH_LOGIN_FAILED, "unknown: Atlantis",
                                 "no province matches '%s'", name, 1);
    s_expect (&lookup, "không có tỉnh nào khớp với 'Atlantis'");
    //  An id of no shape, or values that do not fit it: the detail's shape
    vc_event_t unknown = s_event (VC_TOPIC_AUTH_LOGIN_FAILED, "no province given",
                                  "no such id %s", name, 1);
    s_expect (&unknown, "chưa nhập tỉnh");
    vc_event_t wrong = s_event (VC_TOPIC_SCRAPE_FAILED, "feed rejected: HTTP 404",
                                "only %d provinces in the page, at least %d expected", name, 1);
    s_expect (&wrong, "feed bị từ chối: máy chủ trả lời HTTP 404");
    printf ("test_monitor_said: OK\n");
    return 0;
}
