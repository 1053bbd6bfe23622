/*  broker_monitor - the broker's table of TCP connections on the client
    and worker endpoints, kept from libzmq's socket monitor: a cap on
    connections per source address, connections that never say anything
    closed after BROKER_SILENT_MS, and a client's session ended as soon as
    its connection ends (not after the heartbeat timeout). Messages name
    their connection by file descriptor (ZMQ_SRCFD).  */
#include "broker.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <malloc.h>

struct _broker_conn_t {
    bool open;
    bool frontend;
    char ip [48];
    int64_t accepted;
    int64_t last_message;
    client_t *client;           //  Client on this connection, or NULL
};

//  Monitor one socket through an inproc PAIR. Returns the PAIR or NULL.
static zsock_t *
s_monitor (void *socket, const char *name)
{
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://broker-monitor-%s", name);
    if (zmq_socket_monitor (socket, endpoint, ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED))
        return NULL;
    //  No high-water mark on the events: with one, libzmq's I/O thread
    //  blocks on a full pipe while holding the monitor's lock (all I/O
    //  stops until the broker reads; broker_monitor_stop waits on the
    //  lock forever when a burst of disconnects filled it). The events
    //  are bounded by the connections the broker takes.
    zsock_t *pair = zsock_new (ZMQ_PAIR);
    if (pair)
        zsock_set_rcvhwm (pair, 0);
    if (pair && zsock_connect (pair, "%s", endpoint))
        zsock_destroy (&pair);
    return pair;
}

int
broker_monitor_start (broker_t *self)
{
    self->conns_size = self->config.files_max > 0 ? self->config.files_max : 1024;
    self->conns = (broker_conn_t *) zmalloc (sizeof (broker_conn_t) * (size_t) self->conns_size);
    self->sources = zhashx_new ();
    self->monitors [0] = s_monitor (self->frontend, "frontend");
    self->monitors [1] = s_monitor (self->backend, "backend");
    if (!self->conns || !self->sources || !self->monitors [0] || !self->monitors [1]) {
        vc_error ("cannot monitor the broker's sockets");
        return -1;
    }
    return 0;
}

void
broker_monitor_stop (broker_t *self)
{
    if (self->monitors [0])
        zmq_socket_monitor (self->frontend, NULL, 0);
    if (self->monitors [1])
        zmq_socket_monitor (self->backend, NULL, 0);
    zsock_destroy (&self->monitors [0]);
    zsock_destroy (&self->monitors [1]);
    zhashx_destroy (&self->sources);
    free (self->conns);
    self->conns = NULL;
}

//  Connections open from one address, kept as a number in the hash value.
static size_t
s_source_add (broker_t *self, const char *ip, int delta)
{
    size_t count = (size_t) zhashx_lookup (self->sources, ip);
    count = delta > 0 ? count + 1 : (count ? count - 1 : 0);
    if (count)
        zhashx_update (self->sources, ip, (void *) count);
    else
        zhashx_delete (self->sources, ip);
    return count;
}

static void
s_accepted (broker_t *self, int fd, bool frontend)
{
    if (fd < 0 || fd >= self->conns_size)
        return;
    broker_conn_t *conn = &self->conns [fd];
    if (conn->open && *conn->ip)
        s_source_add (self, conn->ip, -1);     //  A close we never heard of
    conn->open = true;
    conn->frontend = frontend;
    if (fd >= self->conns_high)
        self->conns_high = fd + 1;
    conn->accepted = zclock_mono ();
    broker_conn_peer_ip (fd, conn->ip, sizeof conn->ip);
    if (!*conn->ip)
        return;                 //  Gone already, or not TCP
    size_t count = s_source_add (self, conn->ip, 1);
    if (self->config.source_max > 0 && count > (size_t) self->config.source_max) {
        self->refused_sources++;
        if (self->refused_sources % 1000 == 1)
            vc_warn ("%s has %zu connections open, over --source-max %d: closing new ones",
                     conn->ip, count - 1, self->config.source_max);
        shutdown (fd, SHUT_RDWR);
    }
}

static void
s_disconnected (broker_t *self, int fd)
{
    if (fd < 0 || fd >= self->conns_size || !self->conns [fd].open)
        return;
    broker_conn_t *conn = &self->conns [fd];
    if (*conn->ip)
        s_source_add (self, conn->ip, -1);
    client_t *client = conn->client;
    memset (conn, 0, sizeof *conn);
    if (!self->trim_at)
        self->trim_at = zclock_mono () + 1000;
    if (client)
        broker_client_closed (client);
}

//  Reads what the monitors have to say (burst-limited).
void
broker_monitor_events (broker_t *self, int which)
{
    zsock_t *pair = self->monitors [which];
    for (int burst = 0; burst < 256; burst++) {
        zmq_pollitem_t item = { zsock_resolve (pair), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 0) <= 0)
            break;
        zmsg_t *event = zmsg_recv (pair);
        zframe_t *head = event ? zmsg_first (event) : NULL;
        if (head && zframe_size (head) == 6) {
            uint16_t code;
            uint32_t value;
            memcpy (&code, zframe_data (head), 2);
            memcpy (&value, zframe_data (head) + 2, 4);
            if (code == ZMQ_EVENT_ACCEPTED)
                s_accepted (self, (int) value, which == 0);
            else
            if (code == ZMQ_EVENT_DISCONNECTED)
                s_disconnected (self, (int) value);
        }
        zmsg_destroy (&event);
    }
}

//  A message came in on this connection; the client it belongs to, if
//  known. Returns the connection, or NULL if it is not in the table.
broker_conn_t *
broker_monitor_seen (broker_t *self, int fd, int64_t now)
{
    if (fd < 0 || fd >= self->conns_size)
        return NULL;
    broker_conn_t *conn = &self->conns [fd];
    conn->last_message = now;
    return conn;
}

void
broker_monitor_bind (broker_t *self, int fd, client_t *client)
{
    if (fd >= 0 && fd < self->conns_size)
        self->conns [fd].client = client;
}

void
broker_monitor_unbind (broker_t *self, client_t *client)
{
    if (client->fd >= 0 && client->fd < self->conns_size
    &&  self->conns [client->fd].client == client)
        self->conns [client->fd].client = NULL;
}

//  Connections that said nothing within BROKER_SILENT_MS of being accepted
//  are closed (a peer squatting a routing id never needs to speak). A
//  message may be seen just before its connection's ACCEPTED event: a
//  message up to a second before acceptance counts.
void
broker_monitor_upkeep (broker_t *self)
{
    int64_t now = zclock_mono ();
    if (self->trim_at && now >= self->trim_at) {
        //  What closed connections held (queued replies, half-read frames)
        //  was freed in libzmq's threads: give it back to the system rather
        //  than keep it in malloc's arenas; at most once a second
        malloc_trim (0);
        self->trim_at = 0;
    }
    for (int fd = 0; fd < self->conns_high; fd++) {
        broker_conn_t *conn = &self->conns [fd];
        if (!conn->open || now - conn->accepted < BROKER_SILENT_MS
        ||  conn->last_message >= conn->accepted - 1000)
            continue;
        self->silent_closed++;
        vc_debug ("connection from %s silent for %d ms: closed", conn->ip, BROKER_SILENT_MS);
        conn->last_message = now;       //  Once
        broker_conn_drop (fd, conn->ip);
    }
}
