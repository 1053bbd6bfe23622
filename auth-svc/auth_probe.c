/*  auth_probe - "is this client connected?" asked of the broker.  */
#include "auth_probe.h"
#include "vc_api.h"
#include "vc_log.h"
#include "vc_text.h"

#define S_CONNECT_MSEC  1000
#define S_CALL_MSEC     1000

struct _auth_probe_t {
    char frontend [256];
    vc_client_t *client;
};

auth_probe_t *
auth_probe_new (const char *frontend)
{
    auth_probe_t *self = (auth_probe_t *) zmalloc (sizeof (auth_probe_t));
    if (self)
        vc_text_copy (self->frontend, sizeof self->frontend, frontend);
    return self;
}

void
auth_probe_destroy (auth_probe_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    vc_client_destroy (&(*self_p)->client);
    free (*self_p);
    *self_p = NULL;
}

//  A live connection to the broker, reconnecting if it went silent.
static vc_client_t *
s_client (auth_probe_t *self)
{
    if (self->client && vc_client_broker_alive (self->client))
        return self->client;
    vc_client_destroy (&self->client);
    self->client = vc_client_new (self->frontend, "auth-probe");
    if (self->client && vc_client_connect (self->client, S_CONNECT_MSEC) == 0)
        return self->client;
    vc_warn ("cannot ask the broker about clients: %s",
             self->client ? vc_client_error (self->client) : "out of memory");
    vc_client_destroy (&self->client);
    return NULL;
}

static int
s_ask (vc_client_t *client, const char *client_id)
{
    vc_broker_client_request_t request = { .client = client_id };
    vc_pack_t *pack = vc_pack_new ();
    vc_broker_client_request_pack (pack, &request);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    vc_reply_t *reply = vc_client_call (client, VC_SERVICE_BROKER, &body, S_CALL_MSEC);
    int rc = reply->status == VC_OK ? 1 : reply->status == VC_NOT_FOUND ? 0 : -1;
    if (rc < 0)
        vc_warn ("broker did not say whether client %s is connected: %s", client_id, reply->message);
    vc_reply_destroy (&reply);
    return rc;
}

int
auth_probe_connected (auth_probe_t *self, const char *client_id)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        vc_client_t *client = s_client (self);
        if (!client)
            return -1;
        int rc = s_ask (client, client_id);
        if (rc >= 0)
            return rc;
        //  The broker may have restarted: try once more on a new connection
        vc_client_destroy (&self->client);
    }
    return -1;
}

void
auth_probe_tick (auth_probe_t *self)
{
    if (self->client)
        vc_client_tick (self->client);
}
