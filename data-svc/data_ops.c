/*  data_ops - request dispatch, the session check, event text and the
    argument helpers shared by the handlers.  */
#include "data_ops_priv.h"
#include "vc_text.h"

typedef struct {
    const char *name;
    int (*run) (data_ops_t *self, vc_request_t *request);
    bool publish;                       //  Makes a data.lookup event
} op_t;

static const op_t s_ops [] = {
    { "lookup", data_op_lookup, true },
    { "series", data_op_series, true },
    { "national", data_op_national, true },
    { "top", data_op_top, true },
    { "provinces", data_op_provinces, false },
    { "range", data_op_range, false },
    { "history", data_op_history, true },
    { "compare", data_op_compare, true },
    { "stats", data_op_stats, true },
    { NULL, NULL, false }
};

data_ops_t *
data_ops_new (vc_casestore_t *store, int64_t refresh_ms)
{
    assert (store);
    data_ops_t *self = (data_ops_t *) zmalloc (sizeof (data_ops_t));
    if (!self)
        return NULL;
    self->store = store;
    self->cache = data_cache_new (store, refresh_ms);
    self->pack = vc_pack_new ();
    const char *help = "Whole-epidemic history replies packed, on a request (not filled yet) or by the fill after the cache was emptied";
    self->packed_by_request = vc_metrics_counter ("vc_data_history_packed_total", help, "by=\"request\"");
    self->packed_by_fill = vc_metrics_counter ("vc_data_history_packed_total", help, "by=\"fill\"");
    if (!self->cache || !self->pack)
        data_ops_destroy (&self);
    return self;
}

void
data_ops_destroy (data_ops_t **self_p)
{
    assert (self_p);
    data_ops_t *self = *self_p;
    if (!self)
        return;
    data_cache_destroy (&self->cache);
    vc_pack_destroy (&self->pack);
    free (self);
    *self_p = NULL;
}

//  Copy at most max bytes of UTF-8 text, never cutting a character
static void
s_clip (const char *text, size_t max, char *out, size_t out_size)
{
    size_t most = max < out_size - 1 ? max : out_size - 1;
    size_t len = vc_text_utf8_fit (text, strlen (text), most);
    memcpy (out, text, len);
    out [len] = 0;
}

//  Append len bytes to the event text as far as they fit (NUL-ended);
//  the new length
static size_t
s_put (data_ops_t *self, size_t used, const char *data, size_t len)
{
    if (used + 1 >= sizeof self->event)
        return used;
    if (len > sizeof self->event - 1 - used)
        len = sizeof self->event - 1 - used;
    if (len)
        memcpy (self->event + used, data, len);
    used += len;
    self->event [used] = 0;
    return used;
}

//  A field's text for the event: a string (valid UTF-8, under 4096 bytes)
//  clipped to 64 bytes without cutting a character, read in place, or a
//  positive integer written in number; else empty
static size_t
s_field_text (const msgpack_object *field, char *number, size_t number_size, const char **text)
{
    *text = "";
    if (field->type == MSGPACK_OBJECT_STR && field->via.str.size < 4096
    &&  vc_utf8_valid (field->via.str.ptr, field->via.str.size)) {
        size_t len = vc_text_utf8_fit (field->via.str.ptr, field->via.str.size, 64);
        *text = len ? field->via.str.ptr : "";
        return len;
    }
    if (field->type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
        snprintf (number, number_size, "%" PRIu64, field->via.u64);
        *text = number;
        return strlen (number);
    }
    return 0;
}

//  The request part of the event: op, then "province" and the other fields
//  as given (clipped), e.g. 'lookup "ho chi minh" 15-12-2021'. Made for
//  every lookup: appended in place, without formatting or copies.
static void
s_describe (data_ops_t *self, vc_request_t *request)
{
    static const char *keys [] = { "province", "n", "date", "from", "to", "step", NULL };
    self->event [0] = 0;
    size_t used = s_put (self, 0, request->op, strlen (request->op));
    for (int i = 0; keys [i] && used + 1 < sizeof self->event; i++) {
        const msgpack_object *field = vc_body_get (request->body, keys [i]);
        if (!field)
            continue;
        char number [24];
        const char *text;
        size_t len = s_field_text (field, number, sizeof number, &text);
        used = s_put (self, used, i == 0 ? " \"" : " ", i == 0 ? 2 : 1);
        used = s_put (self, used, text, len);
        if (i == 0)
            used = s_put (self, used, "\"", 1);
    }
}

//  Append the outcome to the event text
static void
s_conclude (data_ops_t *self, int status)
{
    const char *result = *self->result ? self->result
                       : status == VC_NOT_FOUND ? "not found" : vc_status_name (status);
    size_t used = s_put (self, strlen (self->event), " -> ", 4);
    s_put (self, used, result, strlen (result));
}

int
data_ops_handle (data_ops_t *self, vc_request_t *request)
{
    self->publish = false;
    self->result [0] = 0;
    if (!*request->username)
        return data_ops_refuse (self, VC_UNAUTHORISED, "sign in first");
    const op_t *op = s_ops;
    while (op->name && strcmp (op->name, request->op))
        op++;
    if (!op->name)
        return data_ops_refuse (self, VC_BAD_REQUEST, "unknown operation");
    self->publish = op->publish;
    if (self->publish)
        s_describe (self, request);
    int status = op->run (self, request);
    if (self->publish)
        s_conclude (self, status);
    vc_debug ("%s %s by %s: %d", request->op, request->client, request->username, status);
    return status;
}

zframe_t *
data_ops_frame (data_ops_t *self)
{
    return vc_pack_frame (self->pack);
}

vc_pack_t *
data_ops_pack (data_ops_t *self)
{
    return self->pack;
}

const char *
data_ops_event (data_ops_t *self)
{
    return self->publish ? self->event : NULL;
}

data_cache_t *
data_ops_cache (data_ops_t *self)
{
    return self->cache;
}

void
data_ops_use_store (data_ops_t *self, vc_casestore_t *store)
{
    assert (store);
    self->store = store;
    data_cache_use_store (self->cache, store);
}

int
data_ops_status (data_ops_t *self, int status, const char *message)
{
    data_reply_status (self->pack, status, message);
    return status;
}

int
data_ops_refuse (data_ops_t *self, int status, const char *format, ...)
{
    vc_said_t said;
    va_list args;
    va_start (args, format);
    vc_said_vset (&said, format, args);
    va_end (args);
    data_reply_said (self->pack, status, &said);
    return status;
}

int
data_ops_store_failed (data_ops_t *self, const char *what)
{
    vc_error ("case store query failed: %s", what);
    return data_ops_refuse (self, VC_INTERNAL, "the case store failed; try again");
}

int
data_ops_undecoded (data_ops_t *self, vc_request_t *request)
{
    return data_ops_status (self, VC_BAD_REQUEST, vc_body_error (request->body));
}

int
data_ops_province (data_ops_t *self, const char *text, const vc_province_t **province)
{
    if (!*text)
        return data_ops_refuse (self, VC_BAD_REQUEST, "no province given");
    vc_provinces_t *matcher = data_cache_matcher (self->cache);
    if (!matcher)
        return data_ops_refuse (self, VC_INTERNAL, "the province table is unavailable");
    *province = vc_provinces_match (matcher, text);
    if (*province)
        return 0;
    const vc_province_t *near [3];
    size_t count = vc_provinces_suggest (matcher, text, near, 3);
    char clipped [80];
    s_clip (text, 64, clipped, sizeof clipped);
    vc_said_t said;
    vc_said_set (&said, "no province matches '%s'", clipped);
    data_reply_unknown_province (self->pack, &said, near, count);
    return VC_NOT_FOUND;
}

int
data_ops_date (data_ops_t *self, const char *key, const char *text, vc_day_t *day)
{
    if (!text)
        return 1;
    vc_said_t reason;
    if (vc_date_parse_said (text, day, &reason) == 0)
        return 0;
    //  A range's end named before the reason: a message id for each
    int named = streq (key, "from") ? vc_said_prefix (&reason, "'from' date: ")
              : streq (key, "to") ? vc_said_prefix (&reason, "'to' date: ") : -1;
    if (streq (key, "date") || named == 0)
        data_reply_said (self->pack, VC_BAD_REQUEST, &reason);
    else
        data_ops_refuse (self, VC_BAD_REQUEST, "'%s' date: %s", key, reason.message);
    snprintf (self->result, sizeof self->result, "bad date");
    return -1;
}

int
data_ops_no_data (data_ops_t *self, vc_day_t day)
{
    char date [16], first_text [16], last_text [16];
    vc_day_t first, last;
    vc_date_format_vn (day, date, sizeof date);
    int rc = data_cache_range (self->cache, &first, &last);
    if (rc < 0)
        return data_ops_store_failed (self, "range");
    snprintf (self->result, sizeof self->result, "no data");
    if (rc == 1)
        return data_ops_refuse (self, VC_NOT_FOUND, "no data for %s; no daily figures are stored yet",
                                date);
    if (day >= first && day <= last)
        //  Inside the covered range: that day was not reported
        return data_ops_refuse (self, VC_NOT_FOUND, "not reported: no figures were published for %s",
                                date);
    vc_date_format_vn (first, first_text, sizeof first_text);
    vc_date_format_vn (last, last_text, sizeof last_text);
    return data_ops_refuse (self, VC_NOT_FOUND, "no data for %s; data covers %s to %s",
                            date, first_text, last_text);
}

int
data_ops_not_reported (data_ops_t *self, const vc_province_t *province, vc_day_t day)
{
    vc_day_t first, last;
    int rc = data_cache_range (self->cache, &first, &last);
    if (rc < 0)
        return data_ops_store_failed (self, "range");
    if (rc == 1 || day < first || day > last)
        return data_ops_no_data (self, day);
    char date [16];
    vc_date_format_vn (day, date, sizeof date);
    snprintf (self->result, sizeof self->result, "not reported");
    return data_ops_refuse (self, VC_NOT_FOUND, "not reported: %s published no figure for %s",
                            province->name, date);
}
