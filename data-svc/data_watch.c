/*  data_watch - province change events after a scrape.  */
#include "data_watch.h"
#include "vc_proto.h"
#include "vc_log.h"
#include "vc_number.h"

struct _data_watch_t {
    vc_casestore_t *store;              //  Not owned
    vc_casestore_mark_t marks [VC_CASESTORE_CODES];
};

data_watch_t *
data_watch_new (vc_casestore_t *store)
{
    data_watch_t *self = (data_watch_t *) zmalloc (sizeof (data_watch_t));
    if (!self)
        return NULL;
    self->store = store;
    if (vc_casestore_marks (store, self->marks)) {
        free (self);
        return NULL;
    }
    return self;
}

void
data_watch_destroy (data_watch_t **self_p)
{
    if (self_p && *self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}

void
data_watch_use_store (data_watch_t *self, vc_casestore_t *store)
{
    assert (store);
    self->store = store;
}

//  One change event for province code
static int
s_publish (data_watch_t *self, vc_provinces_t *matcher, vc_publisher_t *publisher,
           int code, uint64_t seq)
{
    const vc_casestore_mark_t *mark = &self->marks [code];
    const vc_province_t *province = matcher ? vc_provinces_by_code (matcher, code) : NULL;
    char topic [32], date [16], cases [32], detail [256];
    snprintf (topic, sizeof topic, VC_TOPIC_DATA_PROVINCE "%02d", code);
    vc_date_format_vn (mark->last_day, date, sizeof date);
    int64_t new_cases = 0, deaths = -1;
    if (vc_casestore_day (self->store, code, mark->last_day, &new_cases, &deaths) < 0)
        return -1;
    int used = snprintf (detail, sizeof detail, "%s: figures changed; latest %s: %s new cases",
                         province ? province->name : "?", date,
                         vc_number_format (new_cases, cases, sizeof cases));
    if (deaths >= 0)
        used += snprintf (detail + used, sizeof detail - (size_t) used, ", %" PRId64 " deaths", deaths);
    snprintf (detail + used, sizeof detail - (size_t) used, " (scrape event %" PRIu64 ")", seq);
    if (vc_publish (publisher, topic, NULL, NULL, NULL, detail))
        vc_warn ("cannot publish %s", topic);
    return 0;
}

int
data_watch_check (data_watch_t *self, vc_provinces_t *matcher,
                  vc_publisher_t *publisher, uint64_t seq)
{
    vc_casestore_mark_t now [VC_CASESTORE_CODES];
    if (vc_casestore_marks (self->store, now))
        return -1;
    int changed = 0;
    for (int code = 1; code < VC_CASESTORE_CODES; code++) {
        if (!memcmp (&now [code], &self->marks [code], sizeof now [code]))
            continue;
        self->marks [code] = now [code];
        if (publisher && s_publish (self, matcher, publisher, code, seq) == 0)
            changed++;
    }
    return changed;
}
