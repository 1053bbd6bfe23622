/*  broker_conn - the broker's defences at the connection level: peers
    whose routing id is reserved by libzmq (empty, or starting with a zero
    byte) are cut off, connections are closed by their file descriptor,
    and clients are known to others only by an opaque public id, never by
    their routing id (see docs/security.md, "Routing ids").  */
#include "broker.h"
#include <sodium.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

//  The numeric address of the peer of a connected TCP socket, "" if none.
void
broker_conn_peer_ip (int fd, char *out, size_t size)
{
    struct sockaddr_storage addr;
    socklen_t length = sizeof addr;
    out [0] = 0;
    if (getpeername (fd, (struct sockaddr *) &addr, &length))
        return;
    if (addr.ss_family == AF_INET)
        inet_ntop (AF_INET, &((struct sockaddr_in *) &addr)->sin_addr, out, (socklen_t) size);
    else
    if (addr.ss_family == AF_INET6)
        inet_ntop (AF_INET6, &((struct sockaddr_in6 *) &addr)->sin6_addr, out, (socklen_t) size);
}

//  Closes the connection a message came in on: shutdown() on the socket
//  libzmq reads (it stays libzmq's to close), so its I/O thread sees the
//  end of the stream and forgets the peer and its routing id. The socket
//  is checked to still belong to the same remote address first, in case
//  libzmq closed it and the number was reused. Returns 0 or -1.
int
broker_conn_drop (int fd, const char *peer)
{
    if (fd < 0)
        return -1;
    char ip [INET6_ADDRSTRLEN];
    broker_conn_peer_ip (fd, ip, sizeof ip);
    if (!*ip || !peer || !streq (ip, peer))
        return -1;
    return shutdown (fd, SHUT_RDWR);
}

//  A message from a peer with a reserved routing id: the connection is
//  cut and the message dropped. True if it was such a message. Nothing is
//  sent back: a reply would have to be routed to that id.
bool
broker_conn_refused (broker_t *self, vc_msg_t *msg, const char *side)
{
    if (!vc_msg_route_refused (msg))
        return false;
    self->refused_ids++;
    int rc = broker_conn_drop (vc_msg_peer_fd (msg), vc_msg_peer (msg));
    vc_debug ("%s from %s with a reserved routing id: connection %s", side,
              vc_msg_peer (msg), rc == 0 ? "closed" : "already gone");
    return true;
}

//  A message's routing id as a key of routes or workers: [length][bytes],
//  no text made for it (ids longer than VC_ROUTING_ID_MAX are refused
//  before, by broker_conn_refused).
void
broker_route_key (vc_msg_t *msg, byte *key)
{
    size_t size;
    const byte *data = vc_msg_route (msg, &size);
    if (size > VC_ROUTING_ID_MAX)
        size = VC_ROUTING_ID_MAX;
    key [0] = (byte) size;
    if (size)
        memcpy (key + 1, data, size);
}

//  A fresh opaque public id for a client: 16 hex digits of randomness,
//  unrelated to its routing id.
void
broker_public_id (char *out, size_t size)
{
    static const char hex [] = "0123456789abcdef";
    byte random [8];
    randombytes_buf (random, sizeof random);
    size_t pos = 0;
    for (size_t i = 0; i < sizeof random && pos + 2 < size; i++) {
        out [pos++] = hex [random [i] >> 4];
        out [pos++] = hex [random [i] & 15];
    }
    out [pos] = 0;
}
