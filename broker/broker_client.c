/*  broker_client - one connected client (client_t) and what the broker
    sends it: its replies, errors and heartbeats, and the standby's refusal
    that sends it to the other broker of a pair. The leaf of the client
    side: broker_clients, broker_dispatch and broker_builtin answer
    through it; it calls none of them.  */
#include "broker.h"

void
broker_client_destroy (client_t **self_p)
{
    client_t *self = *self_p;
    if (!self)
        return;
    zframe_destroy (&self->routing_id);
    free (self);
    *self_p = NULL;
}

//  A send that fails means the client's reply queue is full (it does not
//  read) or its connection is gone: either way it is disconnected at the
//  next upkeep, and nothing more is sent to it.
void
broker_client_send (broker_t *self, client_t *client, vc_msg_t **msg_p)
{
    if (client->doomed) {
        vc_msg_destroy (msg_p);
        return;
    }
    if (!*msg_p) {
        vc_warn ("client %s: out of memory: a message to it is dropped", client->id);
        return;
    }
    vc_msg_set_route (*msg_p, zframe_data (client->routing_id), zframe_size (client->routing_id));
    if (broker_send (self, BROKER_FRONTEND, msg_p))
        client->doomed = zmq_errno () == EAGAIN ? BROKER_SLOW : BROKER_GONE;
    client->last_sent = zclock_mono ();
}

//  Its connection ended (socket monitor): the client and its session end
//  at the next upkeep (a BYE it sent just before closing is read first).
void
broker_client_closed (client_t *client)
{
    client->doomed = BROKER_GONE;
}

void
broker_client_error (broker_t *self, const char *client_id, const char *service,
                     zframe_t **reqid_p, int status, const char *message)
{
    zframe_t *body = vc_pack_status_frame (status, message);
    broker_client_reply (self, client_id, service, reqid_p, &body);
}

void
broker_client_said (broker_t *self, const char *client_id, const char *service,
                    zframe_t **reqid_p, int status, const vc_said_t *said)
{
    zframe_t *body = vc_pack_said_frame (status, said);
    broker_client_reply (self, client_id, service, reqid_p, &body);
}

void
broker_client_refuse (broker_t *self, const char *client_id, const char *service,
                      zframe_t **reqid_p, int status, const char *format, ...)
{
    vc_said_t said;
    va_list args;
    va_start (args, format);
    vc_said_vset (&said, format, args);
    va_end (args);
    broker_client_said (self, client_id, service, reqid_p, status, &said);
}

void
broker_client_answer (broker_t *self, const char *client_id, const char *service,
                      const byte *reqid, size_t reqid_size, zframe_t **body_p)
{
    client_t *client = (client_t *) zhashx_lookup (self->clients, client_id);
    if (!client) {
        zframe_destroy (body_p);
        return;
    }
    if (client->inflight > 0)
        client->inflight--;
    if (client->doomed) {
        zframe_destroy (body_p);
        return;
    }
    vc_msg_t *msg = vc_msg_new (VC_CMD_REPLY);
    vc_msg_set_address (msg, service);
    if (reqid)
        vc_msg_set_reqid_data (msg, reqid, reqid_size);
    vc_msg_set_body (msg, body_p);
    broker_client_send (self, client, &msg);
}

void
broker_client_reply (broker_t *self, const char *client_id, const char *service,
                     zframe_t **reqid_p, zframe_t **body_p)
{
    zframe_t *reqid = *reqid_p;
    broker_client_answer (self, client_id, service, reqid ? zframe_data (reqid) : NULL,
                          reqid ? zframe_size (reqid) : 0, body_p);
    zframe_destroy (reqid_p);
}

//  The reply that sends a client to the other broker.
zframe_t *
broker_client_refusal (void)
{
    vc_standby_reply_t refusal = {
        .status = VC_SERVICE_UNAVAILABLE,
        .message = "this broker is on standby (passive): use the other broker", .standby = true
    };
    vc_pack_t *pack = vc_pack_new ();
    if (pack)
        vc_standby_reply_pack (pack, &refusal);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return body;
}
