/*  data_watch - what changed after a scrape, and province change events.  */
#include "data_watch.h"
#include "vc_proto.h"
#include "vc_log.h"
#include "vc_number.h"

struct _data_watch_t {
    vc_casestore_t *store;              //  Not owned
    int64_t seen;                       //  The store's version last seen
};

data_watch_t *
data_watch_new (vc_casestore_t *store)
{
    data_watch_t *self = (data_watch_t *) zmalloc (sizeof (data_watch_t));
    if (!self)
        return NULL;
    self->store = store;
    if (vc_casestore_version (store, &self->seen)) {
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

int
data_watch_read (data_watch_t *self, vc_casestore_changes_t *changes)
{
    int rc = vc_casestore_changes (self->store, self->seen, changes);
    if (rc == 1 && vc_casestore_version (self->store, &changes->version))
        rc = -1;
    if (rc >= 0)
        self->seen = changes->version;
    return rc;
}

//  One change event for province code
static int
s_publish (data_watch_t *self, vc_provinces_t *matcher, vc_publisher_t *publisher,
           int code, uint64_t seq)
{
    vc_day_t latest = 0;
    int64_t new_cases = 0, deaths = -1;
    int rc = vc_casestore_last_day (self->store, code, &latest);
    if (rc == 0)
        rc = vc_casestore_day (self->store, code, latest, &new_cases, &deaths);
    if (rc != 0)
        return rc;                      //  A store error, or no figures left
    const vc_province_t *province = matcher ? vc_provinces_by_code (matcher, code) : NULL;
    char topic [32], date [16], cases [32], detail [256];
    snprintf (topic, sizeof topic, VC_TOPIC_DATA_PROVINCE "%02d", code);
    vc_date_format_vn (latest, date, sizeof date);
    int used = snprintf (detail, sizeof detail, "%s: figures changed; latest %s: %s new cases",
                         province ? province->name : "?", date,
                         vc_number_format (new_cases, cases, sizeof cases));
    if (deaths >= 0)
        used += snprintf (detail + used, sizeof detail - (size_t) used, ", %" PRId64 " deaths", deaths);
    snprintf (detail + used, sizeof detail - (size_t) used, " (scrape event %" PRIu64 ")", seq);
    if (vc_publish (publisher, topic, NULL, NULL, NULL, detail)) {
        vc_warn ("cannot publish %s", topic);
        return 1;
    }
    return 0;
}

int
data_watch_tell (data_watch_t *self, const vc_casestore_changes_t *changes,
                 vc_provinces_t *matcher, vc_publisher_t *publisher, uint64_t seq)
{
    int told = 0;
    for (int code = 1; code < VC_CASESTORE_CODES; code++) {
        if (!changes->codes [code].rows)
            continue;
        int rc = s_publish (self, matcher, publisher, code, seq);
        if (rc < 0)
            return -1;
        if (rc == 0)
            told++;
    }
    return told;
}
