/*  vc_api - request bodies for every operation, and sign in / sign out.  */
#include "vc_api.h"
#include "vc_object.h"

//  An optional field goes out only when it holds text
static bool
s_given (const char *value)
{
    return value && *value;
}

//  The packed body as a frame; the pack is destroyed
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
    if (!pack)
        return NULL;
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", op);
    vc_pack_map_end (pack);
    return s_finish (&pack);
}

zframe_t *
vc_api_credentials (const char *op, const char *username, const char *password)
{
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    if (streq (op, "signin")) {
        vc_auth_signin_request_t request = { .username = username, .password = password };
        vc_auth_signin_request_pack (pack, &request);
    }
    else
    if (streq (op, "signup")) {
        vc_auth_signup_request_t request = { .username = username, .password = password };
        vc_auth_signup_request_pack (pack, &request);
    }
    else {
        //  An op of no service with the same fields (tests of refusals)
        vc_pack_map_begin (pack);
        vc_pack_kstr (pack, "op", op);
        vc_pack_kstr (pack, "username", username ? username : "");
        vc_pack_kstr (pack, "password", password ? password : "");
        vc_pack_map_end (pack);
    }
    return s_finish (&pack);
}

zframe_t *
vc_api_lookup (const char *province, const char *date)
{
    vc_data_lookup_request_t request = {
        .province = province, .has_date = s_given (date), .date = date
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_lookup_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_series (const char *province, const char *from, const char *to)
{
    vc_data_series_request_t request = {
        .province = province, .has_from = s_given (from), .from = from,
        .has_to = s_given (to), .to = to
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_series_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_history (const char *province, const char *from, const char *to, const char *step)
{
    vc_data_history_request_t request = {
        .has_province = s_given (province), .province = province,
        .has_from = s_given (from), .from = from, .has_to = s_given (to), .to = to,
        .has_step = s_given (step), .step = step
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_history_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_compare (const char *const *provinces, size_t count, const char *from,
                const char *to, const char *step)
{
    vc_data_compare_request_t request = {
        .provinces = provinces, .provinces_count = count,
        .has_from = s_given (from), .from = from, .has_to = s_given (to), .to = to,
        .has_step = s_given (step), .step = step
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_compare_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_stats (const char *province, const char *date)
{
    vc_data_stats_request_t request = {
        .province = province, .has_date = s_given (date), .date = date
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_stats_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_national (const char *date)
{
    vc_data_national_request_t request = { .has_date = s_given (date), .date = date };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_national_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_top (int n, const char *date)
{
    vc_data_top_request_t request = {
        .has_n = true, .n = n, .has_date = s_given (date), .date = date
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_data_top_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_shutdown (const char *operator_key)
{
    vc_broker_shutdown_request_t request = { .key = operator_key };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_broker_shutdown_request_pack (pack, &request);
    return s_finish (&pack);
}

zframe_t *
vc_api_clients (const char *operator_key, const char *after, int limit)
{
    vc_broker_clients_request_t request = {
        .key = operator_key, .has_after = after && *after, .after = after,
        .has_limit = limit > 0, .limit = limit
    };
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_broker_clients_request_pack (pack, &request);
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
    vc_auth_signin_reply_t signed_in;
    if (reply->status == VC_OK && reply->body
    &&  vc_auth_signin_reply_decode (reply->body, &signed_in) == 0 && *signed_in.token)
        vc_client_set_token (client, signed_in.token);
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

const char *
vc_reply_msgid (vc_reply_t *reply, const char **args, size_t max, size_t *count)
{
    *count = 0;
    vc_status_reply_t status;
    if (!reply || !reply->body || vc_status_reply_decode (reply->body, &status)
    ||  !status.has_msgid || !status.has_args || status.args_count > max
    ||  strncmp (status.message, reply->message, strlen (reply->message)))
        return NULL;
    for (size_t i = 0; i < status.args_count; i++)
        args [i] = status.args [i];
    *count = status.args_count;
    return status.msgid;
}

int
vc_reply_suggestions (vc_reply_t *reply, char *out, size_t out_size)
{
    out [0] = 0;
    vc_data_unknown_province_reply_t unknown;
    if (!reply || !reply->body || vc_data_unknown_province_reply_decode (reply->body, &unknown))
        return 0;
    int count = 0;
    for (size_t i = 0; i < unknown.suggestions_count; i++) {
        size_t used = strlen (out);
        if (snprintf (out + used, out_size - used, "%s%s", count ? ", " : "",
                      unknown.suggestions [i]) < (int) (out_size - used))
            count++;
        else
            out [used] = 0;         //  No room: left out
    }
    return count;
}
