/*  vc_msg - one VC01 message: its frames checked on receipt and built for
    sending, for clients, workers and the broker alike.

    Layout after the optional ROUTER routing-id frame:
        [VC01][command (1 byte)][fields by command]
    READY     address=service   body
    REQUEST   address reqid extra body   (client: service, token;
                                          worker: client id, username,
                                          then the client's source address)
    REPLY     address reqid body         (client: service; worker: client id)
    HEARTBEAT (none)
    BYE       (none)
    HELLO     body
    WELCOME   body
    SESSION   address=client id  extra=username  body=token
*/
#ifndef VC_MSG_H_INCLUDED
#define VC_MSG_H_INCLUDED

#include <czmq.h>
#include "vc_proto.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _vc_msg_t vc_msg_t;

//  A new message of a command; NULL when out of memory.
vc_msg_t *vc_msg_new (int command);
void vc_msg_destroy (vc_msg_t **self_p);

//  Parse a received multipart message (consumed). router: the first frame is
//  a routing id. Returns NULL only when nothing usable arrived (no routing
//  id) or out of memory (the message is dropped whole); otherwise a message which vc_msg_valid() tells good or bad, with
//  whatever fields could be read (to address an error reply).
vc_msg_t *vc_msg_decode (zmsg_t **zmsg_p, bool router);

//  Receive and decode one message; NULL if interrupted, unusable or out of
//  memory (the message is dropped whole).
//  socket: a zsock_t or a libzmq socket; a zsock_t costs less per message
//  (CZMQ recognises a libzmq socket by asking it for its type).
vc_msg_t *vc_msg_recv (void *socket, bool router);
//  Same, but NULL at once when no message is waiting.
vc_msg_t *vc_msg_recv_nowait (void *socket, bool router);

//  Send and destroy the message (socket as for vc_msg_recv). Returns 0, or
//  -1 (nothing sent; a NULL message, out of memory, too).
int vc_msg_send (vc_msg_t **self_p, void *socket);

bool vc_msg_valid (vc_msg_t *self);
const char *vc_msg_error (vc_msg_t *self);
//  Status for the error reply: VC_TOO_LARGE or VC_BAD_REQUEST.
int vc_msg_error_status (vc_msg_t *self);

int vc_msg_command (vc_msg_t *self);
zframe_t *vc_msg_routing_id (vc_msg_t *self);
const char *vc_msg_address (vc_msg_t *self);
zframe_t *vc_msg_reqid (vc_msg_t *self);
const char *vc_msg_extra (vc_msg_t *self);
//  The source address a REQUEST from the broker carried, "" if none.
const char *vc_msg_source (vc_msg_t *self);
zframe_t *vc_msg_body (vc_msg_t *self);
//  Remote address of the sender ("Peer-Address"), for messages received on a ROUTER.
const char *vc_msg_peer (vc_msg_t *self);
//  The file descriptor of the connection a message came in on (ROUTER
//  only; ZMQ_SRCFD), or -1. Tells two connections with one routing id apart.
int vc_msg_peer_fd (vc_msg_t *self);

//  Setters copy strings; frame setters take ownership (*frame_p nulled).
//  A NULL message (vc_msg_new out of memory) is no error for a setter (a
//  frame given is destroyed) and vc_msg_send returns -1 for it: a caller
//  that builds and sends a message checks the send.
void vc_msg_set_routing_id (vc_msg_t *self, zframe_t **frame_p);
void vc_msg_set_address (vc_msg_t *self, const char *address);
void vc_msg_set_reqid (vc_msg_t *self, zframe_t **frame_p);
void vc_msg_set_extra (vc_msg_t *self, const char *extra);
//  REQUEST from the broker to a worker: the client's source address (its
//  IP, as the broker's connection sees it), sent as a last frame. Only for
//  a worker whose READY said a version of VC_WORKER_VERSION_SOURCE or more:
//  an older one (version absent, 1) takes four frames and drops a fifth.
void vc_msg_set_source (vc_msg_t *self, const char *source);
void vc_msg_set_body (vc_msg_t *self, zframe_t **frame_p);

//  Take a frame out of the message (caller owns it).
zframe_t *vc_msg_take_routing_id (vc_msg_t *self);
zframe_t *vc_msg_take_reqid (vc_msg_t *self);
zframe_t *vc_msg_take_body (vc_msg_t *self);

//  The routing id's and the request id's bytes without making a frame
//  (the broker's forwarding path); NULL when absent.
const byte *vc_msg_route (vc_msg_t *self, size_t *size);
const byte *vc_msg_reqid_data (vc_msg_t *self, size_t *size);
//  Set them from bytes (copied; small, so held by value and sent without
//  allocation); nothing for a NULL message, as the setters above.
void vc_msg_set_route (vc_msg_t *self, const byte *data, size_t size);
void vc_msg_set_reqid_data (vc_msg_t *self, const byte *data, size_t size);
//  vc_routing_id_hex and vc_routing_id_refused of the message's routing id.
void vc_msg_route_hex (vc_msg_t *self, char *out, size_t out_size);
bool vc_msg_route_refused (vc_msg_t *self);

//  Hex text of a routing id, the broker's internal key for a connection
//  (never shown to anyone: see docs/security.md).
void vc_routing_id_hex (zframe_t *routing_id, char *out, size_t out_size);

//  Routing ids: every client and service chooses a random one of
//  VC_ROUTING_ID_SIZE bytes whose first byte is not zero (libzmq reserves
//  ids starting with a zero byte for peers that choose none).
#define VC_ROUTING_ID_SIZE 16
#define VC_ROUTING_ID_MAX  32       //  Longest the broker accepts

//  The worker protocol version a READY body says (field "version"): a
//  worker without it is version 1, built before the source address frame.
#define VC_WORKER_VERSION        2  //  This tree's workers
#define VC_WORKER_VERSION_SOURCE 2  //  From this one REQUEST has the source frame
//  True if the id is empty, starts with a zero byte or is longer than
//  VC_ROUTING_ID_MAX: the broker refuses such peers.
bool vc_routing_id_refused (zframe_t *routing_id);
//  Set a fresh random routing id on a socket before it connects. 0 or -1.
int vc_routing_id_choose (void *socket);

//  Self-test: every command round-trips over an inproc ROUTER/DEALER pair;
//  malformed messages are flagged with a reason and the fields needed to
//  answer. Aborts at the first failed check.
void vc_msg_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
