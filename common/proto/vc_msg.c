/*  vc_msg - checks the frames of received VC01 messages and builds them for
    sending.  */
#include "vc_msg.h"
#include "vc_check.h"
#include "vc_text.h"
#include <sodium.h>
#include <stdarg.h>

struct _vc_msg_t {
    int command;
    //  Routing id and request id are small: held by value (no allocation),
    //  a frame is made only when one is asked for
    byte route [256];
    size_t route_size;
    bool has_route;
    zframe_t *routing_id;       //  Made on demand from route, or set
    char address [VC_ADDRESS_MAX + 1];
    byte reqid [VC_REQID_MAX];
    size_t reqid_size;
    bool has_reqid;
    zframe_t *reqid_frame;      //  Made on demand, or one too long to hold
    char extra [VC_EXTRA_MAX + 1];
    char source [VC_ADDRESS_MAX + 1];   //  REQUEST broker -> worker: the client's address
    zframe_t *body;
    zmq_msg_t signature;        //  Kept on a ROUTER, for the peer's address
    bool has_signature;
    char peer [64];
    int peer_fd;                //  Connection it came in on (ZMQ_SRCFD), -1 if unknown
    char error [128];
    int error_status;
};

//  Which fields each command carries
#define F_ADDRESS 1
#define F_REQID   2
#define F_EXTRA   4
#define F_BODY    8

static int
s_layout (int command)
{
    switch (command) {
        case VC_CMD_READY:     return F_ADDRESS | F_BODY;
        case VC_CMD_REQUEST:   return F_ADDRESS | F_REQID | F_EXTRA | F_BODY;
        case VC_CMD_REPLY:     return F_ADDRESS | F_REQID | F_BODY;
        case VC_CMD_HEARTBEAT: return 0;
        case VC_CMD_BYE:       return 0;
        case VC_CMD_HELLO:     return F_BODY;
        case VC_CMD_WELCOME:   return F_BODY;
        case VC_CMD_SESSION:   return F_ADDRESS | F_EXTRA | F_BODY;
        default:               return -1;
    }
}

vc_msg_t *
vc_msg_new (int command)
{
    //  Not zeroed as a whole (it is made for every message): each field is set
    vc_msg_t *self = (vc_msg_t *) malloc (sizeof (vc_msg_t));
    if (!self)
        return NULL;
    self->command = command;
    self->route_size = 0;
    self->has_route = false;
    self->routing_id = NULL;
    self->address [0] = 0;
    self->reqid_size = 0;
    self->has_reqid = false;
    self->reqid_frame = NULL;
    self->extra [0] = 0;
    self->source [0] = 0;
    self->body = NULL;
    zmq_msg_init (&self->signature);
    self->has_signature = false;
    self->peer [0] = 0;
    self->peer_fd = -1;
    self->error [0] = 0;
    self->error_status = 0;
    return self;
}

void
vc_msg_destroy (vc_msg_t **self_p)
{
    vc_msg_t *self = *self_p;
    if (!self)
        return;
    zframe_destroy (&self->routing_id);
    zmq_msg_close (&self->signature);
    zframe_destroy (&self->reqid_frame);
    zframe_destroy (&self->body);
    free (self);
    *self_p = NULL;
}

static void
s_invalid (vc_msg_t *self, const char *reason)
{
    if (!*self->error)
        vc_text_copy (self->error, sizeof self->error, reason);
}

//  Copy a frame into a text field: printable bytes only, within size.
static int
s_text (vc_msg_t *self, zmq_msg_t *part, char *out, size_t out_size,
        bool may_be_empty, const char *what)
{
    size_t size = part ? zmq_msg_size (part) : 0;
    const byte *data = part ? (const byte *) zmq_msg_data (part) : NULL;
    if (!part || size >= out_size || (size == 0 && !may_be_empty)) {
        char reason [96];
        snprintf (reason, sizeof reason, "%s missing, empty or longer than %zu bytes",
                  what, out_size - 1);
        s_invalid (self, reason);
        return -1;
    }
    for (size_t i = 0; i < size; i++)
        if (data [i] < 0x20 || data [i] == 0x7f) {
            char reason [96];
            snprintf (reason, sizeof reason, "%s holds control bytes", what);
            s_invalid (self, reason);
            return -1;
        }
    memcpy (out, data, size);
    out [size] = 0;
    return 0;
}

//  The libzmq socket of a zsock_t or zactor_t, or the socket itself.
//  zsock_resolve asks a libzmq socket for its type (zmq_getsockopt) to
//  recognise it: too dear for every frame of every message.
static void *
s_handle (void *socket)
{
    return zsock_is (socket) || zactor_is (socket) ? zsock_resolve (socket) : socket;
}

//  Where frames come from: a message already received, or the socket,
//  part by part into zmq_msg_t (no frame object on the hot path).
//  caller: the socket as the caller gave it (for CZMQ, which resolves a
//  zsock_t cheaply), socket: its libzmq socket.
typedef struct {
    zmsg_t *zmsg;
    void *socket;
    bool more;
    void *caller;
} source_t;

//  The next part into *part (initialised); false if there is none.
static bool
s_next_part (source_t *source, zmq_msg_t *part)
{
    if (source->zmsg) {
        zframe_t *frame = zmsg_pop (source->zmsg);
        if (!frame)
            return false;
        zmq_msg_close (part);
        if (zmq_msg_init_size (part, zframe_size (frame))) {
            zmq_msg_init (part);
            zframe_destroy (&frame);
            return false;
        }
        if (zframe_size (frame))
            memcpy (zmq_msg_data (part), zframe_data (frame), zframe_size (frame));
        zframe_destroy (&frame);
        return true;
    }
    if (!source->more)
        return false;
    if (zmq_msg_recv (part, source->socket, 0) < 0) {
        source->more = false;
        return false;
    }
    source->more = zmq_msg_more (part) != 0;
    return true;
}

//  The next part as a frame (the body, which callers keep)
static zframe_t *
s_next_frame (source_t *source)
{
    if (source->zmsg)
        return zmsg_pop (source->zmsg);
    if (!source->more)
        return NULL;
    zframe_t *frame = zframe_recv (source->caller);
    source->more = frame && zframe_more (frame);
    return frame;
}

//  Frames left over: the message is malformed; read and drop them.
static void
s_drain (vc_msg_t *self, source_t *source)
{
    zmq_msg_t part;
    zmq_msg_init (&part);
    bool extra = false;
    while (s_next_part (source, &part))
        extra = true;
    zmq_msg_close (&part);
    if (extra && self)
        s_invalid (self, "unexpected extra frames");
}

//  The command frame: its one byte, or -1 if it is missing or not one
//  byte. On a ROUTER it also tells the connection it came in on
//  (ZMQ_SRCFD: the routing id frame the ROUTER adds carries none).
static int
s_command (vc_msg_t *self, source_t *source)
{
    int command = -1;
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (s_next_part (source, &part)) {
        if (zmq_msg_size (&part) == 1)
            command = ((byte *) zmq_msg_data (&part)) [0];
        if (self->has_route && source->socket) {
            int fd = zmq_msg_get (&part, ZMQ_SRCFD);
            self->peer_fd = fd < 0 ? -1 : fd;
        }
    }
    zmq_msg_close (&part);
    return command;
}

//  Read the header frames: signature and command.
static int
s_decode_header (vc_msg_t *self, source_t *source, bool have_signature)
{
    bool signed_ok = have_signature
                  && zmq_msg_size (&self->signature) == strlen (VC_PROTO_SIGNATURE)
                  && memcmp (zmq_msg_data (&self->signature), VC_PROTO_SIGNATURE,
                             strlen (VC_PROTO_SIGNATURE)) == 0;
    int command = s_command (self, source);
    if (!signed_ok) {
        s_invalid (self, "not a VC01 message (bad protocol signature)");
        return -1;
    }
    if (command < 0 || s_layout (command) < 0) {
        s_invalid (self, "unknown command");
        return -1;
    }
    self->command = command;
    //  Received on a ROUTER: keep the signature; vc_msg_peer reads the address
    self->has_signature = self->has_route;
    return 0;
}

static void
s_decode_reqid (vc_msg_t *self, source_t *source, zmq_msg_t *part)
{
    if (!s_next_part (source, part)) {
        s_invalid (self, "request id frame missing or too long");
        return;
    }
    size_t size = zmq_msg_size (part);
    if (size > VC_REQID_MAX) {
        s_invalid (self, "request id frame missing or too long");
        self->reqid_frame = zframe_new (zmq_msg_data (part), size);
        return;
    }
    if (size)
        memcpy (self->reqid, zmq_msg_data (part), size);
    self->reqid_size = size;
    self->has_reqid = true;
}

static void
s_decode_fields (vc_msg_t *self, source_t *source)
{
    int layout = s_layout (self->command);
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (layout & F_ADDRESS)
        s_text (self, s_next_part (source, &part) ? &part : NULL, self->address,
                sizeof self->address, false, "address frame");
    if (layout & F_REQID)
        s_decode_reqid (self, source, &part);
    if (layout & F_EXTRA)
        s_text (self, s_next_part (source, &part) ? &part : NULL, self->extra,
                sizeof self->extra, true, "token/username frame");
    zmq_msg_close (&part);
    if (layout & F_BODY) {
        self->body = s_next_frame (source);
        if (!self->body)
            s_invalid (self, "body frame missing");
        else
        if (zframe_size (self->body) > VC_BODY_MAX) {
            s_invalid (self, "body larger than the limit of 262144 bytes");
            self->error_status = VC_TOO_LARGE;
        }
    }
}

//  A REQUEST from the broker (read on a DEALER) may end with the client's
//  source address, which the broker sets from the connection. On a ROUTER
//  (a client's REQUEST) that frame is an extra frame: a client cannot send one.
static void
s_decode_source (vc_msg_t *self, source_t *source, bool router)
{
    if (router || self->command != VC_CMD_REQUEST || !self->body || *self->error)
        return;
    if (!source->zmsg && !source->more)
        return;
    if (source->zmsg && zmsg_size (source->zmsg) == 0)
        return;
    zmq_msg_t part;
    zmq_msg_init (&part);
    s_text (self, s_next_part (source, &part) ? &part : NULL, self->source,
            sizeof self->source, true, "source address frame");
    zmq_msg_close (&part);
}

//  Parse from a source whose first part (routing id or signature) is read.
static vc_msg_t *
s_decode (source_t *source, zmq_msg_t *first, bool router)
{
    vc_msg_t *self = vc_msg_new (0);
    if (!self) {
        s_drain (NULL, source);     //  Out of memory: the message is dropped whole
        return NULL;
    }
    bool have_signature = true;
    if (router) {
        size_t size = zmq_msg_size (first);
        if (size > sizeof self->route)
            size = sizeof self->route;
        memcpy (self->route, zmq_msg_data (first), size);
        self->route_size = size;
        self->has_route = true;
        have_signature = s_next_part (source, &self->signature);
    }
    else
        zmq_msg_move (&self->signature, first);
    if (s_decode_header (self, source, have_signature) == 0) {
        s_decode_fields (self, source);
        s_decode_source (self, source, router);
    }
    if (!self->has_signature) {
        zmq_msg_close (&self->signature);
        zmq_msg_init (&self->signature);
    }
    s_drain (self, source);
    return self;
}

vc_msg_t *
vc_msg_decode (zmsg_t **zmsg_p, bool router)
{
    zmsg_t *zmsg = *zmsg_p;
    *zmsg_p = NULL;
    if (!zmsg)
        return NULL;
    source_t source = { zmsg, NULL, false, NULL };
    zmq_msg_t first;
    zmq_msg_init (&first);
    vc_msg_t *self = s_next_part (&source, &first) ? s_decode (&source, &first, router) : NULL;
    zmq_msg_close (&first);
    zmsg_destroy (&zmsg);
    return self;
}

static vc_msg_t *
s_recv (void *caller, bool router, bool wait)
{
    void *socket = s_handle (caller);
    zmq_msg_t first;
    zmq_msg_init (&first);
    if (zmq_msg_recv (&first, socket, wait ? 0 : ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&first);
        return NULL;
    }
    source_t source = { NULL, socket, zmq_msg_more (&first) != 0, caller };
    vc_msg_t *self = s_decode (&source, &first, router);
    zmq_msg_close (&first);
    return self;
}

vc_msg_t *
vc_msg_recv (void *socket, bool router)
{
    return s_recv (socket, router, true);
}

vc_msg_t *
vc_msg_recv_nowait (void *socket, bool router)
{
    return s_recv (socket, router, false);
}

//  Send one text frame; more: further frames follow.
static int
s_send_text (void *socket, const char *text, bool more)
{
    return zmq_send (socket, text, strlen (text), more ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
}

//  Send bytes held by value (small: no allocation in libzmq).
static int
s_send_bytes (void *socket, const byte *data, size_t size, bool more)
{
    return zmq_send (socket, data, size, more ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
}

//  Send an owned frame (or an empty one if NULL), moved, not copied;
//  caller: the socket as given to vc_msg_send, for zframe_send.
static int
s_send_frame (void *socket, void *caller, zframe_t **frame_p, bool more)
{
    if (!*frame_p)
        return zmq_send (socket, "", 0, more ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
    return zframe_send (frame_p, caller, more ? ZFRAME_MORE : 0);
}

static int
s_send_reqid (vc_msg_t *self, void *socket, void *caller)
{
    if (self->reqid_frame)
        return s_send_frame (socket, caller, &self->reqid_frame, true);
    return s_send_bytes (socket, self->reqid, self->has_reqid ? self->reqid_size : 0, true);
}

int
vc_msg_send (vc_msg_t **self_p, void *socket)
{
    assert (self_p);
    vc_msg_t *self = *self_p;
    if (!self)
        return -1;
    int layout = s_layout (self->command);
    assert (layout >= 0);
    void *caller = socket;      //  For zframe_send
    socket = s_handle (socket);
    byte command [2] = { (byte) self->command, 0 };
    int rc = 0;
    if (self->routing_id)
        rc = s_send_frame (socket, caller, &self->routing_id, true);
    else
    if (self->has_route)
        rc = s_send_bytes (socket, self->route, self->route_size, true);
    if (rc == 0)
        rc = s_send_text (socket, VC_PROTO_SIGNATURE, true);
    if (rc == 0)
        rc = zmq_send (socket, command, 1, layout ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
    if (rc == 0 && (layout & F_ADDRESS))
        rc = s_send_text (socket, self->address, (layout & ~F_ADDRESS) != 0);
    if (rc == 0 && (layout & F_REQID))
        rc = s_send_reqid (self, socket, caller);
    if (rc == 0 && (layout & F_EXTRA))
        rc = s_send_text (socket, self->extra, true);
    bool with_source = self->command == VC_CMD_REQUEST && *self->source;
    if (rc == 0 && (layout & F_BODY))
        rc = s_send_frame (socket, caller, &self->body, with_source);
    if (rc == 0 && with_source)
        rc = s_send_text (socket, self->source, false);
    vc_msg_destroy (self_p);
    return rc;
}

bool vc_msg_valid (vc_msg_t *self) { return self->error [0] == 0; }
int vc_msg_error_status (vc_msg_t *self) { return self->error_status ? self->error_status : VC_BAD_REQUEST; }
const char *vc_msg_error (vc_msg_t *self) { return self->error; }
int vc_msg_command (vc_msg_t *self) { return self->command; }
int vc_msg_peer_fd (vc_msg_t *self) { return self->peer_fd; }
const char *vc_msg_address (vc_msg_t *self) { return self->address; }
const char *vc_msg_extra (vc_msg_t *self) { return self->extra; }
const char *vc_msg_source (vc_msg_t *self) { return self->source; }
zframe_t *vc_msg_body (vc_msg_t *self) { return self->body; }
const char *
vc_msg_peer (vc_msg_t *self)
{
    //  Looked up only when asked (a new client or worker), not per message
    if (!*self->peer && self->has_signature) {
        const char *peer = zmq_msg_gets (&self->signature, "Peer-Address");
        vc_text_copy (self->peer, sizeof self->peer, peer ? peer : "local");
    }
    return self->peer;
}

zframe_t *
vc_msg_routing_id (vc_msg_t *self)
{
    if (!self->routing_id && self->has_route)
        self->routing_id = zframe_new (self->route, self->route_size);
    return self->routing_id;
}

zframe_t *
vc_msg_reqid (vc_msg_t *self)
{
    if (!self->reqid_frame && self->has_reqid)
        self->reqid_frame = zframe_new (self->reqid, self->reqid_size);
    return self->reqid_frame;
}

const byte *
vc_msg_route (vc_msg_t *self, size_t *size)
{
    if (self->has_route) {
        *size = self->route_size;
        return self->route;
    }
    *size = self->routing_id ? zframe_size (self->routing_id) : 0;
    return self->routing_id ? zframe_data (self->routing_id) : NULL;
}

const byte *
vc_msg_reqid_data (vc_msg_t *self, size_t *size)
{
    if (self->has_reqid) {
        *size = self->reqid_size;
        return self->reqid;
    }
    *size = self->reqid_frame ? zframe_size (self->reqid_frame) : 0;
    return self->reqid_frame ? zframe_data (self->reqid_frame) : NULL;
}

void
vc_msg_set_route (vc_msg_t *self, const byte *data, size_t size)
{
    if (!self)
        return;
    zframe_destroy (&self->routing_id);
    self->has_route = data != NULL && size <= sizeof self->route;
    self->route_size = self->has_route ? size : 0;
    if (self->has_route && size)
        memcpy (self->route, data, size);
}

void
vc_msg_set_reqid_data (vc_msg_t *self, const byte *data, size_t size)
{
    if (!self)
        return;
    zframe_destroy (&self->reqid_frame);
    self->has_reqid = data != NULL && size <= VC_REQID_MAX;
    self->reqid_size = self->has_reqid ? size : 0;
    if (self->has_reqid && size)
        memcpy (self->reqid, data, size);
    else
    if (data && size > VC_REQID_MAX)
        self->reqid_frame = zframe_new (data, size);
}

void
vc_msg_set_routing_id (vc_msg_t *self, zframe_t **frame_p)
{
    if (!self) {                    //  A message not made: out of memory
        zframe_destroy (frame_p);
        return;
    }
    zframe_destroy (&self->routing_id);
    self->has_route = false;
    self->route_size = 0;
    self->routing_id = *frame_p;
    *frame_p = NULL;
}

void
vc_msg_set_address (vc_msg_t *self, const char *address)
{
    if (!self)
        return;
    vc_text_copy (self->address, sizeof self->address, address);
}

void
vc_msg_set_reqid (vc_msg_t *self, zframe_t **frame_p)
{
    if (!self) {                    //  A message not made: out of memory
        zframe_destroy (frame_p);
        return;
    }
    zframe_destroy (&self->reqid_frame);
    self->has_reqid = false;
    self->reqid_size = 0;
    self->reqid_frame = *frame_p;
    *frame_p = NULL;
}

void
vc_msg_set_extra (vc_msg_t *self, const char *extra)
{
    if (!self)
        return;
    vc_text_copy (self->extra, sizeof self->extra, extra);
}

void
vc_msg_set_source (vc_msg_t *self, const char *source)
{
    if (!self)
        return;
    vc_text_copy (self->source, sizeof self->source, source);
}

void
vc_msg_set_body (vc_msg_t *self, zframe_t **frame_p)
{
    if (!self) {                    //  A message not made: out of memory
        zframe_destroy (frame_p);
        return;
    }
    zframe_destroy (&self->body);
    self->body = *frame_p;
    *frame_p = NULL;
}

zframe_t *
vc_msg_take_routing_id (vc_msg_t *self)
{
    zframe_t *frame = vc_msg_routing_id (self);
    self->routing_id = NULL;
    self->has_route = false;
    self->route_size = 0;
    return frame;
}

zframe_t *
vc_msg_take_reqid (vc_msg_t *self)
{
    zframe_t *frame = vc_msg_reqid (self);
    self->reqid_frame = NULL;
    self->has_reqid = false;
    self->reqid_size = 0;
    return frame;
}

zframe_t *
vc_msg_take_body (vc_msg_t *self)
{
    zframe_t *frame = self->body;
    self->body = NULL;
    return frame;
}

//  Hex text of a routing id's bytes
static void
s_hex (const byte *data, size_t size, char *out, size_t out_size)
{
    static const char hex [] = "0123456789abcdef";
    size_t pos = 0;
    for (size_t i = 0; i < size && pos + 2 < out_size; i++) {
        out [pos++] = hex [data [i] >> 4];
        out [pos++] = hex [data [i] & 15];
    }
    if (out_size)
        out [pos < out_size ? pos : out_size - 1] = 0;
}

void
vc_msg_route_hex (vc_msg_t *self, char *out, size_t out_size)
{
    size_t size;
    const byte *data = vc_msg_route (self, &size);
    s_hex (data, size, out, out_size);
}

static bool
s_route_refused (const byte *data, size_t size)
{
    return !data || size == 0 || size > VC_ROUTING_ID_MAX || data [0] == 0;
}

bool
vc_msg_route_refused (vc_msg_t *self)
{
    size_t size;
    const byte *data = vc_msg_route (self, &size);
    return s_route_refused (data, size);
}

void
vc_routing_id_hex (zframe_t *routing_id, char *out, size_t out_size)
{
    s_hex (routing_id ? zframe_data (routing_id) : NULL, routing_id ? zframe_size (routing_id) : 0,
           out, out_size);
}

//  libzmq's ROUTER names peers that set no routing id 0x00 + a 4-byte
//  counter and does not check chosen ids against that range: an id that
//  is empty or starts with a zero byte is refused by the broker, and so is
//  one too long for the broker's keys to tell apart.
bool
vc_routing_id_refused (zframe_t *routing_id)
{
    return s_route_refused (routing_id ? zframe_data (routing_id) : NULL,
                            routing_id ? zframe_size (routing_id) : 0);
}

int
vc_routing_id_choose (void *socket)
{
    byte id [VC_ROUTING_ID_SIZE];
    if (sodium_init () < 0)
        return -1;
    randombytes_buf (id, sizeof id);
    while (id [0] == 0)
        randombytes_buf (id, 1);
    return zmq_setsockopt (zsock_resolve (socket), ZMQ_ROUTING_ID, id, sizeof id);
}

//  ---------------------------------------------------------------------
//  Self-test: VC01 framing over a real inproc ROUTER/DEALER pair

//  Every command round-trips
static void
s_test_round_trip (zsock_t *router, zsock_t *dealer)
{
    zframe_t *reqid = zframe_new ("\0\0\0\0\0\0\0\1", 8);
    zframe_t *body = zframe_new ("\x80", 1);
    vc_msg_t *msg = vc_msg_new (VC_CMD_REQUEST);
    VC_CHECK (reqid && body && msg);
    vc_msg_set_address (msg, "data");
    vc_msg_set_reqid (msg, &reqid);
    vc_msg_set_extra (msg, "token");
    vc_msg_set_body (msg, &body);
    VC_CHECK (vc_msg_send (&msg, zsock_resolve (dealer)) == 0);
    msg = vc_msg_recv (zsock_resolve (router), true);
    VC_CHECK (msg && vc_msg_valid (msg));
    VC_CHECK (vc_msg_command (msg) == VC_CMD_REQUEST);
    VC_CHECK (streq (vc_msg_address (msg), "data"));
    VC_CHECK (streq (vc_msg_extra (msg), "token"));
    VC_CHECK (zframe_size (vc_msg_reqid (msg)) == 8);
    VC_CHECK (zframe_size (vc_msg_body (msg)) == 1);
    VC_CHECK (vc_msg_routing_id (msg) != NULL);
    char hex [65];
    vc_routing_id_hex (vc_msg_routing_id (msg), hex, sizeof hex);
    VC_CHECK (strlen (hex) == 2 * zframe_size (vc_msg_routing_id (msg)));
    //  Reply back through the router
    vc_msg_t *reply = vc_msg_new (VC_CMD_REPLY);
    VC_CHECK (reply);
    zframe_t *routing_id = vc_msg_take_routing_id (msg);
    zframe_t *reply_id = vc_msg_take_reqid (msg);
    zframe_t *reply_body = vc_msg_take_body (msg);
    vc_msg_set_routing_id (reply, &routing_id);
    vc_msg_set_address (reply, "data");
    vc_msg_set_reqid (reply, &reply_id);
    vc_msg_set_body (reply, &reply_body);
    vc_msg_destroy (&msg);
    VC_CHECK (vc_msg_send (&reply, zsock_resolve (router)) == 0);
    msg = vc_msg_recv (zsock_resolve (dealer), false);
    VC_CHECK (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY);
    vc_msg_destroy (&msg);
    //  Commands without fields
    msg = vc_msg_new (VC_CMD_HEARTBEAT);
    VC_CHECK (msg);
    VC_CHECK (vc_msg_send (&msg, zsock_resolve (dealer)) == 0);
    msg = vc_msg_recv (zsock_resolve (router), true);
    VC_CHECK (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_HEARTBEAT);
    vc_msg_destroy (&msg);
}

//  Send raw frames from the dealer; return what the router made of them.
static vc_msg_t *
s_test_raw (zsock_t *router, zsock_t *dealer, int count, ...)
{
    zmsg_t *zmsg = zmsg_new ();
    VC_CHECK (zmsg);
    va_list args;
    va_start (args, count);
    for (int i = 0; i < count; i++) {
        const char *data = va_arg (args, const char *);
        size_t size = va_arg (args, size_t);
        VC_CHECK (zmsg_addmem (zmsg, data, size) == 0);
    }
    va_end (args);
    VC_CHECK (zmsg_send (&zmsg, dealer) == 0);
    return vc_msg_recv (zsock_resolve (router), true);
}

static void
s_test_invalid (vc_msg_t *msg, const char *reason)
{
    VC_CHECK (msg && !vc_msg_valid (msg));
    if (!strstr (vc_msg_error (msg), reason))
        fprintf (stderr, "expected '%s', got '%s'\n", reason, vc_msg_error (msg));
    VC_CHECK (strstr (vc_msg_error (msg), reason));
    vc_msg_destroy (&msg);
}

//  Malformed messages (bad signature, unknown command, missing or extra
//  frames) are flagged with a reason
static void
s_test_malformed (zsock_t *router, zsock_t *dealer)
{
    s_test_invalid (s_test_raw (router, dealer, 1, "garbage", (size_t) 7), "signature");
    s_test_invalid (s_test_raw (router, dealer, 2, "VC02", (size_t) 4, "\x02", (size_t) 1), "signature");
    s_test_invalid (s_test_raw (router, dealer, 2, "VC01", (size_t) 4, "\x63", (size_t) 1),
                    "unknown command");
    s_test_invalid (s_test_raw (router, dealer, 2, "VC01", (size_t) 4, "\x02\x02", (size_t) 2),
                    "unknown command");
    s_test_invalid (s_test_raw (router, dealer, 3, "VC01", (size_t) 4, "\x02", (size_t) 1,
                                "data", (size_t) 4), "request id");
    s_test_invalid (s_test_raw (router, dealer, 4, "VC01", (size_t) 4, "\x04", (size_t) 1,
                                "x", (size_t) 1, "y", (size_t) 1), "extra frames");
}

//  Long or binary text frames and oversized bodies are flagged, with the
//  fields needed to answer
static void
s_test_oversized (zsock_t *router, zsock_t *dealer)
{
    //  Control bytes and over-long service names
    vc_msg_t *msg = s_test_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1,
                                "da\nta", (size_t) 5, "1", (size_t) 1, "", (size_t) 0,
                                "\x80", (size_t) 1);
    VC_CHECK (msg && vc_msg_reqid (msg));       //  Still addressable for the error reply
    s_test_invalid (msg, "control bytes");
    char long_name [200];
    memset (long_name, 'a', sizeof long_name);
    s_test_invalid (s_test_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1,
                                long_name, sizeof long_name, "1", (size_t) 1, "", (size_t) 0,
                                "\x80", (size_t) 1), "longer than");
    //  Oversized body: flagged as too large
    size_t big_size = VC_BODY_MAX + 10;
    char *big = (char *) calloc (1, big_size);
    VC_CHECK (big);
    msg = s_test_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1, "data",
                      (size_t) 4, "1", (size_t) 1, "", (size_t) 0, big, big_size);
    VC_CHECK (msg && vc_msg_error_status (msg) == VC_TOO_LARGE);
    s_test_invalid (msg, "larger than the limit");
    free (big);
}

void
vc_msg_test (bool verbose)
{
    if (verbose)
        printf (" * vc_msg: ");
    zsock_t *router = zsock_new_router ("inproc://vc-msg-test");
    zsock_t *dealer = zsock_new_dealer ("inproc://vc-msg-test");
    VC_CHECK (router && dealer);
    s_test_round_trip (router, dealer);
    s_test_malformed (router, dealer);
    s_test_oversized (router, dealer);
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    if (verbose)
        printf ("OK\n");
}
