/*  vc_api - request bodies for every operation, and sign in / sign out.  */
#include "vc_api.h"
#include "vc_object.h"

//  Count the non-NULL values so optional fields are simply left out.
static size_t
s_present (const char *a, const char *b)
{
    return (a && *a ? 1 : 0) + (b && *b ? 1 : 0);
}

static void
s_kopt (vc_pack_t *pack, const char *key, const char *value)
{
    if (value && *value)
        vc_pack_kstr (pack, key, value);
}

static zframe_t *
s_finish (vc_pack_t **pack_p)
{
    zframe_t *frame = vc_pack_frame (*pack_p);
    vc_pack_destroy (pack_p);
    return frame;
}

zframe_t *
vc_api_op (const char *op)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 1);
    vc_pack_kstr (pack, "op", op);
    return s_finish (&pack);
}

zframe_t *
vc_api_credentials (const char *op, const char *username, const char *password)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 3);
    vc_pack_kstr (pack, "op", op);
    vc_pack_kstr (pack, "username", username ? username : "");
    vc_pack_kstr (pack, "password", password ? password : "");
    return s_finish (&pack);
}

zframe_t *
vc_api_lookup (const char *province, const char *date)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2 + s_present (date, NULL));
    vc_pack_kstr (pack, "op", "lookup");
    vc_pack_kstr (pack, "province", province ? province : "");
    s_kopt (pack, "date", date);
    return s_finish (&pack);
}

zframe_t *
vc_api_series (const char *province, const char *from, const char *to)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2 + s_present (from, to));
    vc_pack_kstr (pack, "op", "series");
    vc_pack_kstr (pack, "province", province ? province : "");
    s_kopt (pack, "from", from);
    s_kopt (pack, "to", to);
    return s_finish (&pack);
}

zframe_t *
vc_api_history (const char *province, const char *from, const char *to, const char *step)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 1 + s_present (province, NULL) + s_present (from, to) + s_present (step, NULL));
    vc_pack_kstr (pack, "op", "history");
    s_kopt (pack, "province", province);
    s_kopt (pack, "from", from);
    s_kopt (pack, "to", to);
    s_kopt (pack, "step", step);
    return s_finish (&pack);
}

zframe_t *
vc_api_compare (const char *const *provinces, size_t count, const char *from,
                const char *to, const char *step)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2 + s_present (from, to) + s_present (step, NULL));
    vc_pack_kstr (pack, "op", "compare");
    vc_pack_key (pack, "provinces");
    vc_pack_array (pack, count);
    for (size_t i = 0; i < count; i++)
        vc_pack_str (pack, provinces [i] ? provinces [i] : "");
    s_kopt (pack, "from", from);
    s_kopt (pack, "to", to);
    s_kopt (pack, "step", step);
    return s_finish (&pack);
}

zframe_t *
vc_api_stats (const char *province, const char *date)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2 + s_present (date, NULL));
    vc_pack_kstr (pack, "op", "stats");
    vc_pack_kstr (pack, "province", province ? province : "");
    s_kopt (pack, "date", date);
    return s_finish (&pack);
}

zframe_t *
vc_api_national (const char *date)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 1 + s_present (date, NULL));
    vc_pack_kstr (pack, "op", "national");
    s_kopt (pack, "date", date);
    return s_finish (&pack);
}

zframe_t *
vc_api_top (int n, const char *date)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2 + s_present (date, NULL));
    vc_pack_kstr (pack, "op", "top");
    vc_pack_kint (pack, "n", n);
    s_kopt (pack, "date", date);
    return s_finish (&pack);
}

zframe_t *
vc_api_shutdown (const char *operator_key)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_pack_map (pack, 2);
    vc_pack_kstr (pack, "op", "shutdown");
    vc_pack_kstr (pack, "key", operator_key ? operator_key : "");
    return s_finish (&pack);
}

vc_reply_t *
vc_api_signup (vc_client_t *client, const char *username, const char *password, int timeout_ms)
{
    zframe_t *body = vc_api_credentials ("signup", username, password);
    return vc_client_call_once (client, VC_SERVICE_AUTH, &body, timeout_ms);
}

vc_reply_t *
vc_api_signin (vc_client_t *client, const char *username, const char *password, int timeout_ms)
{
    zframe_t *body = vc_api_credentials ("signin", username, password);
    vc_reply_t *reply = vc_client_call_once (client, VC_SERVICE_AUTH, &body, timeout_ms);
    char token [VC_EXTRA_MAX + 1];
    if (reply->status == VC_OK && *vc_reply_str (reply, "token", token, sizeof token))
        vc_client_set_token (client, token);
    return reply;
}

vc_reply_t *
vc_api_signout (vc_client_t *client, int timeout_ms)
{
    zframe_t *body = vc_api_op ("signout");
    vc_reply_t *reply = vc_client_call_once (client, VC_SERVICE_AUTH, &body, timeout_ms);
    vc_client_set_token (client, "");
    return reply;
}

const char *
vc_reply_str (vc_reply_t *reply, const char *key, char *out, size_t out_size)
{
    out [0] = 0;
    const msgpack_object *object = reply->body ? vc_body_get (reply->body, key) : NULL;
    if (object && vc_object_str (object, out, out_size))
        out [0] = 0;
    return out;
}

int64_t
vc_reply_int (vc_reply_t *reply, const char *key, int64_t fallback)
{
    int64_t value = fallback;
    if (reply->body && vc_body_int (reply->body, key, INT64_MIN, INT64_MAX, &value) != 0)
        value = fallback;
    return value;
}

int
vc_reply_suggestions (vc_reply_t *reply, char *out, size_t out_size)
{
    out [0] = 0;
    const msgpack_object *list = reply && reply->body ? vc_body_list (reply->body, "suggestions") : NULL;
    int count = 0;
    for (uint32_t i = 0; list && i < list->via.array.size; i++) {
        char name [128];
        size_t used = strlen (out);
        if (vc_object_str (&list->via.array.ptr [i], name, sizeof name) == 0
        &&  snprintf (out + used, out_size - used, "%s%s", count ? ", " : "", name) < (int) (out_size - used))
            count++;
        else
            out [used] = 0;         //  Not a name, or no room: left out
    }
    return count;
}
