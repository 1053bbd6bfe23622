/*  vc_api - request bodies for every operation of the services, built in
    one place for every client (CLI, GTK client, monitor, benchmarks), and
    the sign-in call that keeps the session token. See docs/protocol.md.
*/
#ifndef VC_API_H_INCLUDED
#define VC_API_H_INCLUDED

#include "vc_client.h"
#include "vc_messages.h"

#ifdef __cplusplus
extern "C" {
#endif

//  Service names
#define VC_SERVICE_AUTH     "auth"
#define VC_SERVICE_DATA     "data"
#define VC_SERVICE_SCRAPER  "scraper"
#define VC_SERVICE_BROKER   "broker"

//  Account rules (auth-svc enforces them; clients check early)
#define VC_USERNAME_MIN     3
#define VC_USERNAME_MAX     32
#define VC_PASSWORD_MIN     8
#define VC_PASSWORD_MAX     128

//  Each builder gives its caller a new frame, or NULL when out of memory
//  (vc_client_call answers a NULL body with 500 "out of memory").
//  {op} alone (ping, signout, provinces, range, services, status, refresh...)
zframe_t *vc_api_op (const char *op);
//  {op, username, password}: signup, signin
zframe_t *vc_api_credentials (const char *op, const char *username, const char *password);
//  {op:"lookup", province, date?}
zframe_t *vc_api_lookup (const char *province, const char *date);
//  {op:"series", province, from?, to?}
zframe_t *vc_api_series (const char *province, const char *from, const char *to);
//  {op:"national", date?}
zframe_t *vc_api_national (const char *date);
//  {op:"top", n, date?}
zframe_t *vc_api_top (int n, const char *date);
//  {op:"history", province?, from?, to?, step?}; no province: the country
zframe_t *vc_api_history (const char *province, const char *from, const char *to,
                          const char *step);
//  {op:"compare", provinces: [names], from?, to?, step?}
zframe_t *vc_api_compare (const char *const *provinces, size_t count, const char *from,
                          const char *to, const char *step);
//  {op:"stats", province, date?}
zframe_t *vc_api_stats (const char *province, const char *date);
//  {op:"shutdown", key} to the broker
zframe_t *vc_api_shutdown (const char *operator_key);
//  {op:"clients", key, after?, limit?} to the broker: one page of the
//  connected clients (after: "" or NULL for the first; limit 0: default)
zframe_t *vc_api_clients (const char *operator_key, const char *after, int limit);

//  Sign-up, sign-in and sign-out change state: they are sent with
//  vc_client_call_once (retried with the same request id).
//  Sign up (201-like answer: 200 "account created").
vc_reply_t *vc_api_signup (vc_client_t *client, const char *username,
                           const char *password, int timeout_ms);
//  Sign in; on success the client carries the returned token from now on.
vc_reply_t *vc_api_signin (vc_client_t *client, const char *username,
                           const char *password, int timeout_ms);
//  Sign out; the client drops its token whatever the answer.
vc_reply_t *vc_api_signout (vc_client_t *client, int timeout_ms);

//  Read a string field of a reply into out ("" if absent or not a string).
const char *vc_reply_str (vc_reply_t *reply, const char *key, char *out, size_t out_size);
//  Read an integer field of a reply (fallback if absent).
int64_t vc_reply_int (vc_reply_t *reply, const char *key, int64_t fallback);
//  The nearest names of a not-found reply ("suggestions"), joined by ", "
//  into out; returns how many (0, out "", when there are none).
int vc_reply_suggestions (vc_reply_t *reply, char *out, size_t out_size);

//  The message id of a reply's message and its values (docs/protocol.md,
//  "Message ids"), at most max of them into args: the id, or NULL if the
//  reply has none (an older service; a message the client made). The
//  texts hold while reply does.
const char *vc_reply_msgid (vc_reply_t *reply, const char **args, size_t max, size_t *count);

#ifdef __cplusplus
}
#endif
#endif
