/*  data_cache - matcher, covered range, province list, national series and
    whole-history replies, loaded from the case store when first used (or
    by data_ops_fill) and dropped on demand.  */
#include "data_cache.h"
#include "vc_log.h"
#include <czmq.h>
#include <limits.h>

typedef struct {
    char *data;
    size_t size;
    vc_day_t from, to;
} reply_t;

struct _data_cache_t {
    vc_casestore_t *store;              //  Not owned
    int64_t refresh_ms;
    int64_t loaded_at;                  //  When the oldest cached value was loaded
    vc_provinces_t *matcher;            //  NULL until needed
    bool have_range;
    int range_rc;
    vc_day_t first, last;
    vc_casestore_province_t provinces [DATA_PROVINCES_MAX];
    size_t province_count;              //  0 until needed
    vc_casestore_point_t *national;     //  NULL until needed
    size_t national_count;
    vc_day_t national_next;             //  First day not read yet
    bool national_read;                 //  Every day of the range read
    //  History replies as packed, by code and step (data NULL: not kept)
    reply_t replies [DATA_REPLY_CODES][DATA_REPLY_STEPS];
    size_t drops;
    uint64_t generation;                //  Clears so far (drops and expiries)
    int64_t emptied_at;                 //  When last cleared (monotonic ms)
};

data_cache_t *
data_cache_new (vc_casestore_t *store, int64_t refresh_ms)
{
    assert (store);
    data_cache_t *self = (data_cache_t *) zmalloc (sizeof (data_cache_t));
    if (!self)
        return NULL;
    self->store = store;
    self->refresh_ms = refresh_ms;
    self->emptied_at = zclock_mono ();
    return self;
}

static void s_forget_replies (data_cache_t *self, int code);

static void
s_free_replies (data_cache_t *self)
{
    for (int code = 0; code < DATA_REPLY_CODES; code++)
        s_forget_replies (self, code);
}

void
data_cache_destroy (data_cache_t **self_p)
{
    assert (self_p);
    data_cache_t *self = *self_p;
    if (!self)
        return;
    s_free_replies (self);
    vc_provinces_destroy (&self->matcher);
    free (self->national);
    free (self);
    *self_p = NULL;
}

static void
s_clear (data_cache_t *self)
{
    s_free_replies (self);
    vc_provinces_destroy (&self->matcher);
    self->have_range = false;
    self->province_count = 0;
    free (self->national);
    self->national = NULL;
    self->national_count = 0;
    self->national_read = false;
    self->loaded_at = 0;
    self->generation++;
    self->emptied_at = zclock_mono ();
}

void
data_cache_drop (data_cache_t *self)
{
    s_clear (self);
    self->drops++;
}

//  The national series from day on is read again (all of it when the
//  covered range may grow past the room it has)
static void
s_forget_national (data_cache_t *self, vc_day_t day, vc_day_t last)
{
    if (!self->national)
        return;
    if (!self->have_range || self->range_rc != 0 || day < self->first || last > self->last) {
        free (self->national);
        self->national = NULL;
        self->national_count = 0;
        self->national_read = false;
        return;
    }
    while (self->national_count > 0 && self->national [self->national_count - 1].day >= day)
        self->national_count--;
    if (day < self->national_next) {
        self->national_next = day;
        self->national_read = false;
    }
}

static void
s_forget_replies (data_cache_t *self, int code)
{
    for (int step = 0; step < DATA_REPLY_STEPS; step++) {
        free (self->replies [code][step].data);
        self->replies [code][step] = (reply_t) { NULL, 0, 0, 0 };
    }
}

void
data_cache_forget (data_cache_t *self, const vc_casestore_changes_t *changes)
{
    if (changes->rows > 0) {
        s_forget_national (self, changes->first, changes->last);
        s_forget_replies (self, 0);
        for (int code = 1; code < DATA_REPLY_CODES && code < VC_CASESTORE_CODES; code++)
            if (changes->codes [code].rows)
                s_forget_replies (self, code);
    }
    vc_provinces_destroy (&self->matcher);
    self->have_range = false;
    self->province_count = 0;
    self->generation++;
    self->emptied_at = zclock_mono ();
    self->drops++;
}

void
data_cache_use_store (data_cache_t *self, vc_casestore_t *store)
{
    assert (store);
    self->store = store;
}

size_t
data_cache_drops (data_cache_t *self)
{
    return self->drops;
}

//  Drop everything once the oldest value is older than the refresh
//  interval; returns the time now
static int64_t
s_drop_old (data_cache_t *self)
{
    int64_t now = zclock_mono ();
    if (self->loaded_at && self->refresh_ms > 0 && now - self->loaded_at >= self->refresh_ms)
        s_clear (self);
    return now;
}

//  The same, and note the load time of the first value loaded afterwards
static void
s_expire (data_cache_t *self)
{
    int64_t now = s_drop_old (self);
    if (!self->loaded_at)
        self->loaded_at = now;
}

uint64_t
data_cache_generation (data_cache_t *self)
{
    s_drop_old (self);
    return self->generation;
}

int64_t
data_cache_emptied_at (data_cache_t *self)
{
    return self->emptied_at;
}

static void
s_learn_alias (const char *alias, int code, void *arg)
{
    vc_provinces_t *matcher = (vc_provinces_t *) arg;
    if (vc_provinces_add_alias (matcher, code, alias))
        vc_warn ("stored alias '%s' for province %02d ignored (unknown code or names another province)",
                 alias, code);
}

vc_provinces_t *
data_cache_matcher (data_cache_t *self)
{
    s_expire (self);
    if (self->matcher)
        return self->matcher;
    self->matcher = vc_provinces_new ();
    if (!self->matcher) {
        vc_error ("cannot build the province matcher");
        return NULL;
    }
    int count = vc_casestore_aliases (self->store, s_learn_alias, self->matcher);
    if (count < 0)
        vc_warn ("cannot read stored aliases; using the built-in ones");
    else
        vc_debug ("province matcher loaded with %d stored aliases", count);
    return self->matcher;
}

int
data_cache_range (data_cache_t *self, vc_day_t *first, vc_day_t *last)
{
    s_expire (self);
    if (!self->have_range) {
        self->range_rc = vc_casestore_range (self->store, &self->first, &self->last);
        //  A store error is not remembered: the next request tries again
        self->have_range = self->range_rc >= 0;
        if (self->range_rc < 0)
            return -1;
    }
    if (self->range_rc == 0) {
        *first = self->first;
        *last = self->last;
    }
    return self->range_rc;
}

const vc_casestore_province_t *
data_cache_provinces (data_cache_t *self, size_t *count)
{
    s_expire (self);
    if (self->province_count == 0) {
        int rc = vc_casestore_provinces (self->store, self->provinces, DATA_PROVINCES_MAX);
        self->province_count = rc > 0 ? (size_t) rc : 0;
    }
    *count = self->province_count;
    return self->provinces;
}

int
data_cache_national_part (data_cache_t *self, int days)
{
    vc_day_t first = 0, last = 0;
    int rc = data_cache_range (self, &first, &last);
    if (rc < 0)
        return -1;
    if (!self->national) {
        //  Room for every day of the range (one point when nothing is stored)
        size_t room = rc == 0 ? (size_t) (last - first + 1) : 1;
        self->national = (vc_casestore_point_t *) calloc (room, sizeof (vc_casestore_point_t));
        if (!self->national)
            return -1;
        self->national_next = first;
        self->national_read = rc == 1;
    }
    if (self->national_read)
        return 0;
    vc_day_t to = last - self->national_next < days ? last : self->national_next + days - 1;
    size_t room = (size_t) (last - first + 1) - self->national_count;
    int points = vc_casestore_history (self->store, 0, self->national_next, to,
                                       self->national + self->national_count, room);
    if (points < 0)
        return -1;
    self->national_count += (size_t) points;
    self->national_next = to + 1;
    self->national_read = to == last;
    if (self->national_read)
        vc_debug ("national series loaded: %d days", (int) self->national_count);
    return self->national_read ? 0 : 1;
}

const vc_casestore_point_t *
data_cache_national (data_cache_t *self, size_t *count)
{
    *count = 0;
    if (data_cache_national_part (self, INT_MAX) < 0)
        return NULL;
    *count = self->national_count;
    return self->national;
}

static bool
s_reply_slot (int code, int step)
{
    return code >= 0 && code < DATA_REPLY_CODES && step >= 0 && step < DATA_REPLY_STEPS;
}

const char *
data_cache_reply (data_cache_t *self, int code, int step, vc_day_t from, vc_day_t to,
                  size_t *size)
{
    s_expire (self);
    if (!s_reply_slot (code, step))
        return NULL;
    reply_t *reply = &self->replies [code][step];
    if (!reply->data || reply->from != from || reply->to != to)
        return NULL;
    *size = reply->size;
    return reply->data;
}

int
data_cache_keep_reply (data_cache_t *self, int code, int step, vc_day_t from, vc_day_t to,
                       const char *data, size_t size)
{
    if (!s_reply_slot (code, step) || !size)
        return -1;
    char *copy = (char *) malloc (size);
    if (!copy)
        return -1;
    memcpy (copy, data, size);
    reply_t *reply = &self->replies [code][step];
    free (reply->data);
    *reply = (reply_t) { copy, size, from, to };
    return 0;
}
