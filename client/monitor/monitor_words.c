/*  monitor_words - the Detail of an event in the person's language: the
    shapes the broker and the services write, matched and said again from
    the catalogue with vc_words, the scraper's reasons and notes with the
    shared table of vc_server_words (see monitor_words.h).  */
#include "monitor_words.h"
#include "vc_i18n.h"
#include "vc_number.h"
#include "vc_proto.h"
#include "vc_said.h"
#include "vc_server_words.h"
#include "vc_words.h"
#include <czmq.h>
#include <glib.h>
#include <string.h>

//  First match wins: longer shapes before the shorter ones they contain
static const vc_shape_t s_shapes [] = {
    //  The broker
    { VC_TOPIC_BROKER_START, "%s", N_("run %s") },
    { NULL, N_("run %s took over from run %s"), NULL },
    { NULL, N_("run %s active: %s"), NULL },
    { NULL, N_("run %s passive: %s"), NULL },
    { NULL, N_("run %s primary (waiting): %s"), NULL },
    { NULL, N_("run %s backup (waiting): %s"), NULL },
    { NULL, N_("started"), NULL },
    { NULL, N_("the peer is active"), NULL },
    { NULL, N_("the peer is passive"), NULL },
    { NULL, N_("the backup is ready"), NULL },
    { NULL, N_("the backup restarted"), NULL },
    { NULL, N_("both were passive: the primary serves"), NULL },
    { NULL, N_("the peer is silent and a client asked: failover"), NULL },
    { NULL, N_("no peer heard: serving alone"), NULL },
    { NULL, N_("stalled: waiting to hear the peer again"), NULL },
    { NULL, N_("both were active: the peer took over while this broker was cut off; it yields"), NULL },
    { NULL, N_("unknown"), NULL },
    { NULL, N_("broker restarted"), NULL },
    { NULL, N_("broker stopped"), NULL },
    { NULL, N_("system shutdown"), NULL },
    { NULL, N_("operator asked the system to stop"), NULL },
    { NULL, N_("exited"), NULL },
    { NULL, N_("connection lost (no heartbeat)"), NULL },
    { NULL, N_("connection replaced"), NULL },
    { NULL, N_("connection closed"), NULL },
    { NULL, N_("disconnected: its replies are not being read"), NULL },
    { NULL, N_("%s instance %s ready (capacity %d)"), NULL },
    { NULL, N_("%s instance %s reconnected"), NULL },
    { NULL, N_("%s instance %s sent to the other broker (this one stands by)"), NULL },
    { NULL, N_("%s instance %s registered again"), NULL },
    { NULL, N_("%s instance %s left"), NULL },
    { NULL, N_("%s instance %s lost (no heartbeat)"), NULL },
    //  The auth service
    { NULL, N_("account created"), NULL },
    { NULL, N_("signed in"), NULL },
    { NULL, N_("session resumed"), NULL },
    { NULL, N_("signed out"), NULL },
    { NULL, N_("signed in as another user"), NULL },
    { NULL, N_("client exited"), NULL },
    { NULL, N_("connection lost"), NULL },
    { NULL, N_("account in use"), NULL },
    { NULL, N_("wrong username or password"), NULL },
    { NULL, N_("wrong password"), NULL },
    { NULL, N_("unknown username"), NULL },
    { NULL, N_("too many failed sign-ins from this address"), NULL },
    { NULL, N_("too many failed attempts"), NULL },
    //  The data service: a lookup's outcome (its new figures: vc_server_words)
    { NULL, N_("%s: %d total as of %s (sum of daily reports)"), NULL },
    { NULL, N_("%d total as of %s (sum of daily reports)"), NULL },
    { NULL, N_("%s: %d total as of %s"), NULL },
    { NULL, N_("%s: no total"), NULL },
    { NULL, N_("%s: %d days by %s"), NULL },
    { NULL, N_("%d provinces, %d days by %s"), NULL },
    { NULL, N_("%d province, %d days by %s"), NULL },
    { NULL, N_("%s: %d provinces, first %s %d"), NULL },
    { NULL, N_("%s: %d province, first %s %d"), NULL },
    { NULL, N_("%s: %d (%d provinces)"), NULL },
    { NULL, N_("%s: %d (%d province)"), NULL },
    { NULL, N_("%s: %d days"), NULL },
    { NULL, N_("%s %s: not reported"), NULL },
    { NULL, N_("%s %s: %d"), NULL },
    { NULL, N_("national"), NULL },
    { NULL, "day", N_("day") },
    { NULL, "week", N_("week") },
    { NULL, "month", N_("month") },
    { NULL, N_("bad date"), NULL },
    { NULL, N_("no data"), NULL },
    { NULL, N_("not reported"), NULL },
    { NULL, N_("no totals"), NULL },
    { NULL, N_("not found"), NULL },
    //  Statuses, as an outcome names them
    { NULL, N_("bad request"), NULL },
    { NULL, N_("unauthorised"), NULL },
    { NULL, N_("forbidden"), NULL },
    { NULL, N_("conflict"), NULL },
    { NULL, N_("too large"), NULL },
    { NULL, N_("busy"), NULL },
    { NULL, N_("internal error"), NULL },
    { NULL, N_("unknown service"), NULL },
    { NULL, N_("service unavailable"), NULL },
    { NULL, N_("timeout"), NULL },
    { NULL, N_("out of memory"), NULL },
};

//  The operations of the data service, as a lookup event names them
static const char *s_operations [] = {
    N_("lookup"), N_("series"), N_("national"), N_("top"), N_("history"), N_("compare"),
    N_("stats"), NULL
};

//  The steps a history or a comparison is asked by
static const char *s_steps [] = { N_("day"), N_("week"), N_("month"), NULL };

//  A scrape's outcome, as the event names it before the reason
static const char *s_scrape_outcomes [] = { N_("rejected"), N_("failed"), NULL };

//  Say text again in the person's language if it fits a shape (vc_words)
static bool
s_phrase (GString *out, const char *topic, const char *text)
{
    char *said = vc_words_say (s_shapes, G_N_ELEMENTS (s_shapes), topic, text);
    if (!said)
        return false;
    g_string_append (out, said);
    free (said);
    return true;
}

//  The request's fields as they were given, a step in words
static void
s_request (GString *out, const char *fields, size_t length)
{
    char *text = g_strndup (fields, length);
    char **words = g_strsplit (text, " ", -1);
    for (int i = 0; words [i]; i++) {
        const char *step = vc_words_listed (s_steps, words [i], strlen (words [i]));
        g_string_append_printf (out, "%s%s", i ? " " : "", step ? step : words [i]);
    }
    g_strfreev (words);
    g_free (text);
}

//  A lookup: 'OP "province" ARGS -> OUTCOME': the operation and the outcome
//  in words, the request's fields as they were given
static bool
s_lookup (GString *out, const char *detail)
{
    const char *arrow = g_strrstr (detail, " -> ");
    size_t op_length = strcspn (detail, " ");
    const char *operation = vc_words_listed (s_operations, detail, op_length);
    if (!arrow || !operation || detail + op_length > arrow)
        return false;
    GString *outcome = g_string_new ("");
    bool known = s_phrase (outcome, NULL, arrow + 4);
    if (known) {
        g_string_append (out, operation);
        s_request (out, detail + op_length, (size_t) (arrow - detail) - op_length);
        g_string_append (out, " → ");
        g_string_append (out, outcome->str);
    }
    g_string_free (outcome, TRUE);
    return known;
}

//  A scrape: 'SOURCE: REASON' or 'SOURCE OUTCOME: REASON', the reason
//  said by its message id (said, when given) or by its shape
static bool
s_scrape (GString *out, const char *detail, const char *said_reason)
{
    size_t name = strcspn (detail, " :");
    const char *colon = strstr (detail + name, ": ");
    if (!name || !colon)
        return false;
    const char *outcome = NULL;
    if (detail [name] == ' ') {
        outcome = vc_words_listed (s_scrape_outcomes, detail + name + 1, (size_t) (colon - detail - name - 1));
        if (!outcome)
            return false;
    }
    GString *reason = g_string_new ("");
    char *said = said_reason ? strdup (said_reason) : vc_server_words_scrape (colon + 2);
    bool known = said != NULL;
    if (said)
        g_string_append (reason, said);
    free (said);
    if (known) {
        g_string_append_len (out, detail, (gssize) name);
        if (outcome)
            g_string_append_printf (out, " %s", outcome);
        g_string_append_printf (out, ": %s", reason->str);
    }
    g_string_free (reason, TRUE);
    return known;
}

static bool
s_words (GString *out, const char *topic, const char *detail)
{
    if (streq (topic, VC_TOPIC_DATA_LOOKUP))
        return s_lookup (out, detail);
    if (g_str_has_prefix (topic, "scrape."))
        return s_scrape (out, detail, NULL);
    if (s_phrase (out, topic, detail))
        return true;
    char *said = vc_server_words_reply (detail);
    if (said)
        g_string_append (out, said);
    free (said);
    return said != NULL;
}

static bool
s_joined (char c)
{
    return g_ascii_isalnum (c) || c == '-' || c == '/' || c == ':' || c == '.' || c == '_';
}

//  A detail of no known shape: counts grouped the Vietnamese way
//  ("47.788"); dates, times and ids left as they are
static char *
s_grouped (const char *detail)
{
    GString *text = g_string_new ("");
    const char *scan = detail;
    while (*scan) {
        if (!s_joined (*scan)) {
            g_string_append_c (text, *scan++);
            continue;
        }
        size_t length = 1;
        while (scan [length] && s_joined (scan [length]))
            length++;
        if (length >= 4 && length <= 18 && strspn (scan, "0123456789") == length) {
            char number [24], grouped [32];
            memcpy (number, scan, length);
            number [length] = 0;
            vc_number_format (g_ascii_strtoll (number, NULL, 10), grouped, sizeof grouped);
            g_string_append (text, grouped);
        }
        else
            g_string_append_len (text, scan, (gssize) length);
        scan += length;
    }
    return g_string_free (text, FALSE);
}

char *
monitor_words_detail (const char *topic, const char *detail)
{
    GString *out = g_string_new ("");
    if (s_words (out, topic, detail))
        return g_string_free (out, FALSE);
    g_string_free (out, TRUE);
    return s_grouped (detail);
}

char *
monitor_words_event (const vc_event_t *event)
{
    const char *args [VC_SAID_MAX_ARGS];
    size_t count = *event->msgid ? vc_event_args (event, args) : 0;
    char *said = *event->msgid ? vc_server_words_id (event->msgid, args, count) : NULL;
    if (!said)
        return monitor_words_detail (event->topic, event->detail);
    GString *out = g_string_new ("");
    bool known = g_str_has_prefix (event->topic, "scrape.")
               ? s_scrape (out, event->detail, said) : (g_string_append (out, said), true);
    free (said);
    if (known)
        return g_string_free (out, FALSE);
    g_string_free (out, TRUE);
    return monitor_words_detail (event->topic, event->detail);
}

bool
monitor_words_known (const char *topic, const char *detail)
{
    GString *out = g_string_new ("");
    bool known = s_words (out, topic, detail);
    g_string_free (out, TRUE);
    return known;
}
