/*  broker_clients - the client side of the broker: HELLO/WELCOME, client
    heartbeats and expiry (client.lost), BYE (client.bye) and request rate
    limits; requests go on to broker_builtin or broker_dispatch, which
    answer through broker_client.  */
#include "broker.h"
#include "broker_bstar.h"
#include "broker_fsm.h"
#include "vc_text.h"

static void
s_welcome (broker_t *self, client_t *client)
{
    vc_welcome_client_body_t welcome = {
        .client = client->id, .heartbeat = self->config.heartbeat_ms, .epoch = self->epoch
    };
    vc_pack_reset (self->pack);
    vc_welcome_client_body_pack (self->pack, &welcome);
    zframe_t *body = vc_pack_frame (self->pack);
    vc_msg_t *msg = vc_msg_new (VC_CMD_WELCOME);
    vc_msg_set_body (msg, &body);
    broker_client_send (self, client, &msg);
}

static client_t *
s_client_new (broker_t *self, vc_msg_t *msg)
{
    client_t *client = (client_t *) calloc (1, sizeof (client_t));
    zframe_t *routing_id = client ? zframe_dup (vc_msg_routing_id (msg)) : NULL;
    if (!routing_id) {
        free (client);
        return NULL;
    }
    do
        broker_public_id (client->id, sizeof client->id);
    while (zhashx_lookup (self->clients, client->id));
    broker_route_key (msg, client->route);
    client->routing_id = routing_id;
    client->fd = vc_msg_peer_fd (msg);
    broker_monitor_bind (self, client->fd, client);
    vc_text_copy (client->address, sizeof client->address,
                  *vc_msg_peer (msg) ? vc_msg_peer (msg) : "unknown");
    snprintf (client->kind, sizeof client->kind, "client");
    client->tokens = self->config.client_rate;
    client->refilled_at = zclock_mono ();
    zhashx_insert (self->clients, client->id, client);
    if (broker_roster_insert (self->roster, client->id, client))    //  The id is new (above)
        vc_warn ("client %s: no memory to list it in 'clients'", client->id);
    zhashx_insert (self->routes, client->route, client);
    return client;
}

//  The kind a client says it is, from its HELLO body ("cli", "gui", ...).
static void
s_read_kind (client_t *client, vc_msg_t *msg)
{
    char err [128];
    vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
    const char *kind = NULL;
    if (body && vc_hello_body_get_kind (body, &kind) == 0)     //  The rest may be missing
        vc_text_copy (client->kind, sizeof client->kind, kind);
    vc_body_destroy (&body);
}

static void
s_connected (broker_t *self, client_t *client)
{
    char detail [96];
    snprintf (detail, sizeof detail, "%s client connected", client->kind);
    vc_info ("client %s connected from %s (%s)", client->id, client->address, client->kind);
    broker_event (self, VC_TOPIC_CLIENT_CONNECT, client->id, NULL, client->address, detail);
}

static void
s_gone (broker_t *self, client_t *client, const char *topic, const char *detail)
{
    vc_info ("client %s %s (%s)", client->id, detail, client->username);
    broker_event (self, topic, client->id, client->username, client->address, detail);
    broker_monitor_unbind (self, client);
    zhashx_delete (self->routes, client->route);
    broker_roster_remove (self->roster, client->id);
    zhashx_delete (self->clients, client->id);
}

//  Answer a malformed message as precisely as it can be addressed.
static void
s_reply_invalid (broker_t *self, vc_msg_t *msg)
{
    char message [200];
    snprintf (message, sizeof message, "malformed message: %s", vc_msg_error (msg));
    vc_debug ("%s", message);
    zframe_t *body = vc_pack_status_frame (vc_msg_error_status (msg), message);
    vc_msg_t *reply = vc_msg_new (VC_CMD_REPLY);
    zframe_t *routing_id = vc_msg_take_routing_id (msg);
    zframe_t *reqid = vc_msg_take_reqid (msg);
    if (reqid && zframe_size (reqid) > VC_REQID_MAX)
        zframe_destroy (&reqid);        //  Echoing it would make the reply malformed
    vc_msg_set_routing_id (reply, &routing_id);
    const char *service = vc_msg_command (msg) == VC_CMD_REQUEST ? vc_msg_address (msg) : "";
    vc_msg_set_address (reply, *service ? service : "broker");
    if (reqid)
        vc_msg_set_reqid (reply, &reqid);
    vc_msg_set_body (reply, &body);
    broker_send (self, BROKER_FRONTEND, &reply);
}

//  Refill the client's bucket (--client-rate per second, holding at most
//  one second's worth); true if it holds a token (or there is no limit).
static bool
s_refill (broker_t *self, client_t *client)
{
    if (self->config.client_rate <= 0)
        return true;
    int64_t now = zclock_mono ();
    client->tokens += (double) (now - client->refilled_at) * self->config.client_rate / 1000.0;
    if (client->tokens > self->config.client_rate)
        client->tokens = self->config.client_rate;
    client->refilled_at = now;
    return client->tokens >= 1;
}

//  One token from the client's bucket; false if it is empty.
static bool
s_take_token (broker_t *self, client_t *client)
{
    if (!s_refill (self, client))
        return false;
    if (self->config.client_rate > 0)
        client->tokens -= 1;
    return true;
}

//  429 to a client's request, with the reason.
static void
s_refuse_busy (broker_t *self, client_t *client, vc_msg_t *msg, const vc_said_t *reason)
{
    zframe_t *reqid = vc_msg_take_reqid (msg);
    client->inflight++;         //  Balanced by the reply
    broker_client_said (self, client->id, vc_msg_address (msg), &reqid, VC_BUSY, reason);
}

//  429: over the client's rate
static void
s_refuse_rate (broker_t *self, client_t *client, vc_msg_t *msg)
{
    vc_said_t reason;
    vc_said_set (&reason, "too many requests from this client, slow down");
    s_refuse_busy (self, client, msg, &reason);
}

//  Token bucket per client and a cap on requests in flight.
static bool
s_admit (broker_t *self, client_t *client, vc_msg_t *msg)
{
    vc_said_t reason;
    if (!s_take_token (self, client))
        vc_said_set (&reason, "too many requests from this client, slow down");
    else
    if (client->inflight >= self->config.client_inflight_max)
        vc_said_set (&reason, "too many requests in flight from this client");
    else
        return true;
    s_refuse_busy (self, client, msg, &reason);
    return false;
}

static void
s_request (broker_t *self, client_t *client, vc_msg_t *msg)
{
    if (!s_admit (self, client, msg))
        return;
    client->inflight++;
    if (streq (vc_msg_address (msg), "broker"))
        broker_builtin_request (self, client, msg);
    else
        broker_dispatch_request (self, client, msg);
}

static void
s_not_allowed (broker_t *self, client_t *client)
{
    if (!s_take_token (self, client))
        return;
    zframe_t *reqid = NULL;
    client->inflight++;         //  Balanced by the reply
    broker_client_refuse (self, client->id, "broker", &reqid, VC_BAD_REQUEST,
                          "command not allowed from a client");
}

static void
s_refuse_full (broker_t *self, vc_msg_t *msg)
{
    vc_warn ("refusing a client: %d clients connected", self->config.clients_max);
    vc_msg_t *reply = vc_msg_new (VC_CMD_REPLY);
    zframe_t *routing_id = vc_msg_take_routing_id (msg);
    vc_msg_set_routing_id (reply, &routing_id);
    vc_msg_set_address (reply, "broker");
    zframe_t *body = vc_pack_status_frame (VC_BUSY, "the server has too many clients");
    vc_msg_set_body (reply, &body);
    broker_send (self, BROKER_FRONTEND, &reply);
}

//  A connection that said BYE is finished: the client library opens a new
//  one to come back. Its id is remembered for a while so that messages on
//  it make no new client (and no client.connect event): a HELLO/BYE loop
//  on one connection cannot flood monitors. HELLO and requests are told why.
#define CLOSED_REMEMBER_MS 10000

static void
s_remember_closed (broker_t *self, const char *id)
{
    int64_t *forget_at = (int64_t *) malloc (sizeof (int64_t));
    if (!forget_at)
        return;                 //  Out of memory: the id is not remembered
    *forget_at = zclock_mono () + CLOSED_REMEMBER_MS;
    zhashx_update (self->closed, id, forget_at);
}

static void
s_forget_closed (broker_t *self, int64_t now)
{
    zlist_t *expired = zlist_new ();
    if (!expired)
        return;                 //  Out of memory: forgotten at a later upkeep
    for (int64_t *forget_at = (int64_t *) zhashx_first (self->closed); forget_at;
         forget_at = (int64_t *) zhashx_next (self->closed))
        if (now >= *forget_at)
            zlist_append (expired, (void *) zhashx_cursor (self->closed));
    for (const char *id = (const char *) zlist_first (expired); id;
         id = (const char *) zlist_next (expired))
        zhashx_delete (self->closed, id);
    zlist_destroy (&expired);
}

//  A HELLO or request on a connection that cannot be served: the reply
//  goes back on it, to the service asked (with the request id) or "broker".
static void
s_refuse (broker_t *self, vc_msg_t *msg, zframe_t **body_p)
{
    vc_msg_t *reply = vc_msg_new (VC_CMD_REPLY);
    zframe_t *routing_id = vc_msg_take_routing_id (msg);
    vc_msg_set_routing_id (reply, &routing_id);
    int command = vc_msg_command (msg);
    vc_msg_set_address (reply, command == VC_CMD_REQUEST ? vc_msg_address (msg) : "broker");
    zframe_t *reqid = command == VC_CMD_REQUEST ? vc_msg_take_reqid (msg) : NULL;
    if (reqid)
        vc_msg_set_reqid (reply, &reqid);
    vc_msg_set_body (reply, body_p);
    broker_send (self, BROKER_FRONTEND, &reply);
}

//  A new connection the broker has no memory for
static void
s_refuse_memory (broker_t *self, vc_msg_t *msg)
{
    vc_error ("refusing a client: out of memory");
    zframe_t *body = vc_pack_status_frame (VC_SERVICE_UNAVAILABLE, "the server is out of memory");
    s_refuse (self, msg, &body);
}

static void
s_refuse_closed (broker_t *self, vc_msg_t *msg)
{
    zframe_t *body = vc_pack_status_frame (VC_BAD_REQUEST,
        "this connection has said goodbye: open a new one");
    s_refuse (self, msg, &body);
}

//  A broker of a pair on standby sends clients to the other one.
static void
s_refuse_standby (broker_t *self, vc_msg_t *msg)
{
    zframe_t *body = broker_client_refusal ();
    s_refuse (self, msg, &body);
}

//  The connection's state (broker_fsm.h) as its message arrives.
static broker_state_t
s_state (broker_t *self, client_t *client, const char *id)
{
    if (!client)
        return zhashx_lookup (self->closed, id) ? BROKER_STATE_CLOSED
             : (int) zhashx_size (self->clients) >= self->config.clients_max ? BROKER_STATE_FULL
             : BROKER_STATE_NEW;
    if (client->doomed)
        return BROKER_STATE_DOOMED;
    return s_refill (self, client) ? BROKER_STATE_OPEN : BROKER_STATE_FLOODING;
}

//  The event its message makes; a HELLO or request asks the pair's state
//  (broker_peer_admit) unless nothing is read from the connection. Any
//  other first message of a connection (a heartbeat still queued from a
//  client that moved away during a stall) opens nothing on a broker that
//  does not serve, and asks for no failover either.
static broker_event_t
s_event (broker_t *self, broker_state_t state, int command)
{
    bool asks = command == VC_CMD_HELLO || command == VC_CMD_REQUEST;
    if (asks && state != BROKER_STATE_DOOMED && !broker_peer_admit (self))
        return BROKER_EVENT_STANDBY;
    if (!asks && command != VC_CMD_BYE && state == BROKER_STATE_NEW
    &&  !broker_bstar_serving (self->bstar))
        return BROKER_EVENT_STANDBY;
    return command == VC_CMD_HELLO ? BROKER_EVENT_HELLO
         : command == VC_CMD_REQUEST ? BROKER_EVENT_REQUEST
         : command == VC_CMD_HEARTBEAT ? BROKER_EVENT_HEARTBEAT
         : command == VC_CMD_BYE ? BROKER_EVENT_BYE
         : BROKER_EVENT_OTHER;
}

//  Run one action of the table; returns the client (made by OPEN).
static client_t *
s_act (broker_t *self, broker_action_t action, client_t *client, vc_msg_t *msg, const char *id)
{
    switch (action) {
        case BROKER_ACTION_REFUSE_STANDBY: s_refuse_standby (self, msg); break;
        case BROKER_ACTION_REFUSE_CLOSED:  s_refuse_closed (self, msg); break;
        case BROKER_ACTION_REFUSE_FULL:    s_refuse_full (self, msg); break;
        case BROKER_ACTION_OPEN:
            client = s_client_new (self, msg);
            if (!client) {
                s_refuse_memory (self, msg);
                break;
            }
            if (vc_msg_command (msg) == VC_CMD_HELLO)
                s_read_kind (client, msg);
            s_connected (self, client);
            break;
        case BROKER_ACTION_ALIVE:
            client->expiry = zclock_mono () + (int64_t) self->config.heartbeat_ms * self->config.liveness;
            break;
        case BROKER_ACTION_WELCOME:
            if (s_take_token (self, client))
                s_welcome (self, client);
            break;
        case BROKER_ACTION_REQUEST:        s_request (self, client, msg); break;
        case BROKER_ACTION_REFUSE_RATE:
            s_refuse_rate (self, client, msg);
            break;
        case BROKER_ACTION_NOT_ALLOWED:    s_not_allowed (self, client); break;
        case BROKER_ACTION_BYE:
            s_gone (self, client, VC_TOPIC_CLIENT_BYE, "exited");
            s_remember_closed (self, id);
            client = NULL;
            break;
        default:
            break;
    }
    return client;
}

void
broker_client_message (broker_t *self, vc_msg_t **msg_p)
{
    vc_msg_t *msg = *msg_p;
    if (!msg)
        return;
    if (broker_conn_refused (self, msg, "client")) {
        vc_msg_destroy (msg_p);
        return;
    }
    if (!vc_msg_valid (msg)) {
        s_reply_invalid (self, msg);
        vc_msg_destroy (msg_p);
        return;
    }
    byte route [BROKER_ROUTE_KEY_MAX];
    broker_route_key (msg, route);
    client_t *client = (client_t *) zhashx_lookup (self->routes, route);
    int fd = vc_msg_peer_fd (msg);
    broker_monitor_seen (self, fd, zclock_mono ());
    if (client && client->fd != fd) {
        //  Its routing id came back on another connection: the session
        //  was the old connection's and ends with it
        s_gone (self, client, VC_TOPIC_CLIENT_LOST, "connection replaced");
        client = NULL;
    }
    //  Connections that said BYE are remembered by their routing id in hex
    char id [VC_ADDRESS_MAX + 1] = "";
    if (!client || vc_msg_command (msg) == VC_CMD_BYE)
        vc_msg_route_hex (msg, id, sizeof id);
    broker_state_t state = s_state (self, client, id);
    const broker_fsm_entry_t *entry = broker_fsm_entry (state,
        s_event (self, state, vc_msg_command (msg)));
    for (int i = 0; i < BROKER_FSM_ACTIONS_MAX && entry->actions [i]; i++) {
        client = s_act (self, entry->actions [i], client, msg, id);
        if (entry->actions [i] == BROKER_ACTION_OPEN && !client)
            break;              //  Out of memory: refused, nothing more to do
    }
    vc_msg_destroy (msg_p);
}

void
broker_clients_upkeep (broker_t *self)
{
    int64_t now = zclock_mono ();
    zlist_t *lost = zlist_new ();
    if (!lost)
        return;                 //  Out of memory: the next upkeep does it
    for (client_t *client = (client_t *) zhashx_first (self->clients); client;
         client = (client_t *) zhashx_next (self->clients)) {
        if (!client->doomed && now - client->last_sent >= self->config.heartbeat_ms) {
            vc_msg_t *msg = vc_msg_new (VC_CMD_HEARTBEAT);
            broker_client_send (self, client, &msg);
        }
        if (now > client->expiry || client->doomed)
            zlist_append (lost, client);
    }
    for (client_t *client = (client_t *) zlist_first (lost); client;
         client = (client_t *) zlist_next (lost))
        if (client->doomed == BROKER_SLOW) {
            self->slow_dropped++;
            broker_conn_drop (client->fd, client->address);
            s_gone (self, client, VC_TOPIC_CLIENT_LOST, "disconnected: its replies are not being read");
        }
        else
            s_gone (self, client, VC_TOPIC_CLIENT_LOST, client->doomed ? "connection closed"
                                                 : "connection lost (no heartbeat)");
    zlist_destroy (&lost);
    s_forget_closed (self, now);
}
