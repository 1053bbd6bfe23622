/*  broker - internal definitions shared by the broker's files: the broker
    object, its clients, services, workers and requests in flight.
*/
#ifndef BROKER_H_INCLUDED
#define BROKER_H_INCLUDED

#include <czmq.h>
#include "vc_body.h"
#include "broker_history.h"
#include "broker_pending.h"
#include "broker_roster.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_msg.h"
#include "vc_proto.h"
#include "vc_messages.h"
#include "vc_said.h"

typedef struct {
    const char *frontend;       //  Client endpoint to bind
    const char *backend;        //  Worker endpoint to bind
    const char *events_in;      //  XSUB endpoint to bind
    const char *events_out;     //  XPUB endpoint to bind
    const char *services;       //  Declared service names, comma-separated
    const char *operator_key;   //  Secret that allows "shutdown", or NULL
    const char *curve_secret;   //  Broker's CURVE secret key (Z85), or NULL
    const char *curve_public;   //  Broker's CURVE public key (Z85), or NULL
    bool curve_backend;         //  Use CURVE on the worker endpoint too
    const char *worker_keys;    //  Folder of admitted service certificates, or NULL
    int heartbeat_ms;
    int liveness;
    int request_timeout_ms;
    int queue_max;              //  Requests waiting per service
    int client_rate;            //  Requests per second per client, 0 = no limit
    int client_inflight_max;    //  Requests in flight per client
    int clients_max;            //  Connected clients at once
    int history_max;            //  Events kept for late monitors (broker_history)
    int source_max;             //  Connections open per source address, 0 = no limit
    const char *costly;         //  Services whose requests are costly (sign-up, sign-in), comma-separated
    int costly_client_max;      //  Their requests in flight per client
    int costly_source_max;      //  ... and per source address
    int files_max;              //  The process's file limit (sizes the connection table)
    const char *role;           //  "primary" or "backup" of a pair, or NULL: alone
    const char *peer;           //  The peer's state endpoint (connect)
    const char *state;          //  This broker's state endpoint for the peer (bind)
} broker_config_t;

//  A connection that says nothing this long after it is accepted is closed
#define BROKER_SILENT_MS 10000
//  Replies queued to a client beyond its limits before it is disconnected
#define BROKER_REPLY_SLACK 1000
//  Kernel send buffer per client connection (bytes; Linux doubles it)
#define BROKER_CLIENT_SNDBUF (128 * 1024)
//  A routing id as a key: [length][bytes]
#define BROKER_ROUTE_KEY_MAX (1 + VC_ROUTING_ID_MAX)

typedef struct _broker_conn_t broker_conn_t;

//  Why a client is to be disconnected at the next upkeep
#define BROKER_SLOW 1           //  Its reply queue is full: it does not read
#define BROKER_GONE 2           //  Its connection is gone

typedef struct _broker_t broker_t;
typedef struct _service_t service_t;
typedef struct _broker_queue_t broker_queue_t;

typedef struct {
    char id [VC_ADDRESS_MAX + 1];       //  Public id (opaque, random)
    byte route [BROKER_ROUTE_KEY_MAX];  //  Routing id, [length][bytes]: never shown
    zframe_t *routing_id;
    int fd;                             //  Its connection (ZMQ_SRCFD), or -1
    int doomed;                         //  To be disconnected: BROKER_SLOW, BROKER_GONE
    char address [64];
    char kind [33];
    char username [VC_EXTRA_MAX + 1];
    char token [VC_EXTRA_MAX + 1];
    int64_t expiry;
    int64_t last_sent;
    double tokens;              //  Rate limit bucket
    int64_t refilled_at;
    int inflight;
    int costly;                 //  Requests in flight to costly services
} client_t;

typedef struct {
    byte id [BROKER_ROUTE_KEY_MAX];     //  Routing id, [length][bytes]: never shown
    zframe_t *routing_id;
    service_t *service;
    char instance [96];
    char address [64];
    int capacity;
    int version;                //  READY's "version", 1 if absent (see vc_msg.h)
    int inflight;
    int64_t expiry;
    int64_t last_sent;
    uint64_t served;
    int timeouts;               //  Consecutive requests it let time out
    int ejections;              //  Times taken out of rotation since its last answer
    int64_t ejected_until;      //  Out of rotation until then (outlier detection)
} worker_t;

//  Outlier detection: an instance that heartbeats but lets this many
//  requests in a row time out is taken out of rotation for BROKER_EJECT_MS,
//  doubled each time it fails again (at most 16 times), and put back for
//  one request when that ends; an answer resets it
#define BROKER_OUTLIER_TIMEOUTS 3
#define BROKER_EJECT_MS 5000

struct _service_t {
    char name [VC_SERVICE_MAX + 1];
    zlistx_t *workers;          //  worker_t, not owned
    broker_queue_t *queue;      //  request_t waiting for capacity, fair between clients
    uint64_t requests;
    uint64_t failures;
};

//  A request's key in broker->requests: the client id and the request id,
//  as bytes with their lengths (no formatting); hashed by broker_dispatch
#define BROKER_KEY_MAX (2 + VC_ADDRESS_MAX + VC_REQID_MAX)

typedef struct {
    byte key [BROKER_KEY_MAX];  //  [length of the rest][id length][id][request id]
    char client [VC_ADDRESS_MAX + 1];
    char service [VC_SERVICE_MAX + 1];
    char username [VC_EXTRA_MAX + 1];
    byte reqid [VC_REQID_MAX];
    size_t reqid_size;
    zframe_t *body;             //  Held while queued
    worker_t *worker;           //  NULL while queued
    void *queue_handle;         //  Place in the service queue while queued
    int64_t deadline;
    int64_t started_us;         //  Arrival (zclock_usecs), for the latency metrics
    bool costly;                //  Counted in the costly quotas
    char address [64];          //  The client's source address
} request_t;

struct _broker_t {
    broker_config_t config;
    void *frontend;             //  ROUTER for clients
    void *backend;              //  ROUTER for workers
    void *events_in;            //  XSUB
    void *events_out;           //  XPUB
    zsock_t *sockets [4];       //  The same as zsock_t (cheaper for vc_msg)
    bool sent [2];              //  Sent on the frontend / backend since the loop
                                //  last looked at it (broker_send)
    zactor_t *zap;              //  ZAP handler, with worker_keys only
    zhashx_t *clients;          //  public id -> client_t
    broker_roster_t *roster;    //  The same clients ordered by id (pages of "clients")
    zhashx_t *routes;           //  routing id ([length][bytes]) -> client_t, not owned
    zhashx_t *workers;          //  routing id ([length][bytes]) -> worker_t
    zhashx_t *services;         //  name -> service_t
    zhashx_t *requests;         //  key -> request_t
    zhashx_t *declared;         //  Known service names
    zhashx_t *closed;           //  Client ids that said BYE -> int64_t forget-at
    vc_pack_t *pack;            //  Reused for events and built-in replies
    broker_history_t *history;  //  The last events, for op "history"
    char epoch [17];
    uint64_t event_seq;
    int64_t started;
    bool shutdown;              //  Operator asked for a system shutdown
    uint64_t refused_ids;       //  Messages from reserved routing ids
    uint64_t refused_sources;   //  Connections over --source-max
    uint64_t silent_closed;     //  Connections closed for saying nothing
    uint64_t slow_dropped;      //  Clients dropped for not reading replies
    broker_conn_t *conns;       //  Connection table, by file descriptor
    int conns_size;
    int conns_high;             //  Highest descriptor seen + 1
    zhashx_t *sources;          //  IP -> connections open (as a number)
    zhashx_t *costly_sources;   //  IP -> costly requests in flight (as a number)
    zsock_t *monitors [2];      //  Socket monitors: frontend, backend
    int64_t trim_at;            //  When to give freed memory back, or 0
    //  A broker of a pair (broker_peer): NULL bstar when alone
    struct _broker_bstar_t *bstar;
    zsock_t *peer_pub;          //  Our state, to the peer
    zsock_t *peer_sub;          //  The peer's state
    zsock_t *peer_monitor;      //  The peer connection's disconnections
    int64_t peer_sent_at;
    char peer_epoch [17];       //  The peer's run, as last heard
    char peer_events [257];     //  The peer's event bus (as it binds it), as last heard
    zsock_t *peer_bus;          //  SUB to the peer's event bus (broker_bus)
    char peer_bus_at [257];     //  Where it is connected, "" not yet
    zsock_t *peer_bus_monitor;  //  Its handshakes (a socket monitor)
    int64_t peer_bus_connected; //  When it was connected there
    bool peer_bus_followed;     //  A handshake seen since it was connected there
    bool peer_bus_warned;       //  Said that it does not answer
    broker_pending_t *pending;  //  Service events held while not active
    int reported;               //  State last reported (bstar_state_t)
    bool peer_heard;            //  The peer was heard at the last upkeep
};

//  The two ROUTERs, as indexes of sockets [] and sent []
typedef enum { BROKER_FRONTEND, BROKER_BACKEND } broker_router_t;

//  Every message to a client or a service goes out here: a send may
//  process the socket's commands and so take the signal of its descriptor,
//  and the loop looks at a ROUTER that was sent on before it waits
//  (s_wait in broker.c). 0 or -1 as vc_msg_send.
static inline int
broker_send (broker_t *self, broker_router_t router, vc_msg_t **msg_p)
{
    self->sent [router] = true;
    return vc_msg_send (msg_p, self->sockets [router]);
}

//  broker.c
broker_t *broker_new (const broker_config_t *config);
void broker_destroy (broker_t **self_p);
//  The loop, until interrupted, an operator shutdown or $TERM on pipe
//  (NULL: no pipe). Returns 0.
int broker_run (broker_t *self, zsock_t *pipe);
//  The broker in a zactor; args: its config, kept by the caller while it
//  runs. Sends "READY" or "FAILED" once started, "STOPPED" if it ends by itself.
void broker_actor (zsock_t *pipe, void *args);
//  Start the actor and wait until it is ready; NULL if it failed (logged).
zactor_t *broker_start (const broker_config_t *config);

//  broker_selftest.c: the broker in-process with a client and an echo
//  worker (common/), over ipc endpoints. Returns 0 or the failures.
int broker_test (bool verbose);

//  broker_client.c: one client and what is sent to it (calls no other file)
void broker_client_destroy (client_t **self_p);
//  Send to the client (routed to it); a failed send dooms it.
void broker_client_send (broker_t *self, client_t *client, vc_msg_t **msg_p);
//  Its connection ended: it is dropped at the next upkeep.
void broker_client_closed (client_t *client);
void broker_client_reply (broker_t *self, const char *client_id, const char *service,
                          zframe_t **reqid_p, zframe_t **body_p);
//  The same with the request id's bytes (copied; NULL: none).
void broker_client_answer (broker_t *self, const char *client_id, const char *service,
                           const byte *reqid, size_t reqid_size, zframe_t **body_p);
void broker_client_error (broker_t *self, const char *client_id, const char *service,
                          zframe_t **reqid_p, int status, const char *message);
//  The same, the message written from a format whose id is a shape of
//  common/system/vc_server_words.c, sent with its id and values (vc_said.h),
//  or already written (broker_client_said)
void broker_client_refuse (broker_t *self, const char *client_id, const char *service,
                           zframe_t **reqid_p, int status, const char *format, ...)
    __attribute__ ((format (printf, 6, 7)));
void broker_client_said (broker_t *self, const char *client_id, const char *service,
                         zframe_t **reqid_p, int status, const vc_said_t *said);
//  Reply body {503, standby: true} that sends a client to the other broker.
zframe_t *broker_client_refusal (void);

//  broker_clients.c: messages from clients, client upkeep
void broker_client_message (broker_t *self, vc_msg_t **msg_p);
void broker_clients_upkeep (broker_t *self);

//  broker_service.c: one service
void broker_service_destroy (service_t **self_p);
//  The service of that name, made (and declared) if new; NULL when out of
//  memory.
service_t *broker_service_require (broker_t *self, const char *name);

//  broker_workers.c: messages from workers, worker upkeep
void broker_worker_message (broker_t *self, vc_msg_t **msg_p);
void broker_workers_upkeep (broker_t *self);
void broker_workers_standby (broker_t *self);
void broker_worker_destroy (worker_t **self_p);

//  broker_dispatch.c
void broker_dispatch_request (broker_t *self, client_t *client, vc_msg_t *msg);
void broker_dispatch_reply (broker_t *self, worker_t *worker, vc_msg_t *msg);
void broker_dispatch_queued (broker_t *self, service_t *service);
void broker_requests_upkeep (broker_t *self);
//  Set the hashing of request keys on broker->requests.
void broker_requests_keyed (zhashx_t *requests);
void broker_fail_worker_requests (broker_t *self, worker_t *worker);
void broker_standby_requests (broker_t *self);
void broker_request_destroy (request_t **self_p);

//  broker_queue.c
broker_queue_t *broker_queue_new (void);
void broker_queue_destroy (broker_queue_t **self_p);
size_t broker_queue_size (broker_queue_t *self);
//  -1 when out of memory (the request is not queued: it times out)
int broker_queue_push (broker_queue_t *self, request_t *request);
request_t *broker_queue_pop (broker_queue_t *self);
void broker_queue_remove (broker_queue_t *self, request_t *request);
//  Self-test: cheap requests before costly ones without starving them,
//  clients taking turns, removal from either lane. Aborts at the first
//  failed check.
void broker_queue_test (bool verbose);

//  broker_builtin.c
void broker_builtin_request (broker_t *self, client_t *client, vc_msg_t *msg);

//  broker_zap.c: the ZAP domain of the worker endpoint, and the handler
#define BROKER_ZAP_DOMAIN "workers"
void broker_zap_actor (zsock_t *pipe, void *args);

//  broker_conn.c
//  The numeric address of the peer of a connected TCP socket, "" if none.
void broker_conn_peer_ip (int fd, char *out, size_t size);
int broker_conn_drop (int fd, const char *peer);
bool broker_conn_refused (broker_t *self, vc_msg_t *msg, const char *side);
//  The message's routing id as [length][bytes] (BROKER_ROUTE_KEY_MAX), the
//  key of routes and workers (hashed as request keys: broker_requests_keyed)
void broker_route_key (vc_msg_t *msg, byte *key);
void broker_public_id (char *out, size_t size);

//  broker_metrics.c: Prometheus series and systemd notification
void broker_metrics_start (broker_t *self);
void broker_metrics_upkeep (broker_t *self);
//  A request answered with status (started_us 0: answered on arrival)
void broker_metrics_request (const char *service, int64_t started_us, int status);
int broker_metrics_reply_status (zframe_t *body);

//  broker_monitor.c
int broker_monitor_start (broker_t *self);
void broker_monitor_stop (broker_t *self);
void broker_monitor_events (broker_t *self, int which);
broker_conn_t *broker_monitor_seen (broker_t *self, int fd, int64_t now);
void broker_monitor_bind (broker_t *self, int fd, client_t *client);
void broker_monitor_unbind (broker_t *self, client_t *client);
void broker_monitor_upkeep (broker_t *self);

//  broker_peer.c: the other broker of a pair (Binary Star)
int broker_peer_start (broker_t *self);
void broker_peer_stop (broker_t *self);
//  A client asks (HELLO or request): true if it may be served.
bool broker_peer_admit (broker_t *self);
void broker_peer_recv (broker_t *self);
void broker_peer_monitor (broker_t *self);
void broker_peer_stalled (broker_t *self, int64_t stalled_ms);
void broker_peer_upkeep (broker_t *self);

//  broker_bus.c
//  What services published, to subscribers (a burst); true when it read
//  the socket empty (it need not be looked at again before it signals)
bool broker_bus_forward (broker_t *self);
void broker_bus_subscription (broker_t *self);
//  A broker of a pair: its SUB to the peer's bus and its pending list;
//  connect (again) to the peer's bus as the peer told it; what the peer's
//  bus carries; publish what is held (on going active); forget the old
int broker_bus_pair_start (broker_t *self);
void broker_bus_pair_stop (broker_t *self);
void broker_bus_peer_told (broker_t *self);
void broker_bus_peer (broker_t *self);
void broker_bus_release (broker_t *self);
void broker_bus_upkeep (broker_t *self);
void broker_event (broker_t *self, const char *topic, const char *client,
                   const char *username, const char *address, const char *detail);

#endif
