/*  vc_msg - checks the frames of received VC01 messages and builds them for
    sending.  */
#include "vc_msg.h"
#include <sodium.h>

struct _vc_msg_t {
    int command;
    zframe_t *routing_id;
    char address [VC_ADDRESS_MAX + 1];
    zframe_t *reqid;
    char extra [VC_EXTRA_MAX + 1];
    zframe_t *body;
    zframe_t *signature;        //  Kept on a ROUTER, for the peer's address
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
    vc_msg_t *self = (vc_msg_t *) zmalloc (sizeof (vc_msg_t));
    assert (self);
    self->command = command;
    self->peer_fd = -1;
    return self;
}

void
vc_msg_destroy (vc_msg_t **self_p)
{
    assert (self_p);
    vc_msg_t *self = *self_p;
    if (!self)
        return;
    zframe_destroy (&self->routing_id);
    zframe_destroy (&self->signature);
    zframe_destroy (&self->reqid);
    zframe_destroy (&self->body);
    free (self);
    *self_p = NULL;
}

static void
s_invalid (vc_msg_t *self, const char *reason)
{
    if (!*self->error)
        snprintf (self->error, sizeof self->error, "%s", reason);
}

//  Copy a frame into a text field: printable bytes only, within size.
static int
s_text (vc_msg_t *self, zframe_t *frame, char *out, size_t out_size,
        bool may_be_empty, const char *what)
{
    size_t size = frame ? zframe_size (frame) : 0;
    const byte *data = frame ? zframe_data (frame) : NULL;
    if (!frame || size >= out_size || (size == 0 && !may_be_empty)) {
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

//  Where frames come from: a message already received, or the socket,
//  frame by frame (no intermediate zmsg on the hot path).
typedef struct {
    zmsg_t *zmsg;
    void *socket;
    bool more;
} source_t;

static zframe_t *
s_next (source_t *source)
{
    if (source->zmsg)
        return zmsg_pop (source->zmsg);
    if (!source->more)
        return NULL;
    zframe_t *frame = zframe_recv (source->socket);
    source->more = frame && zframe_more (frame);
    return frame;
}

//  Frames left over: the message is malformed; read and drop them.
static void
s_drain (vc_msg_t *self, source_t *source)
{
    zframe_t *frame;
    bool extra = false;
    while ((frame = s_next (source))) {
        extra = true;
        zframe_destroy (&frame);
    }
    if (extra)
        s_invalid (self, "unexpected extra frames");
}

//  The command frame: its one byte, or -1 if it is missing or not one
//  byte. Read from the socket straight into a zmq_msg_t (no frame object);
//  on a ROUTER it also tells the connection it came in on (ZMQ_SRCFD: the
//  routing id frame the ROUTER adds carries none).
static int
s_command (vc_msg_t *self, source_t *source)
{
    int command = -1;
    if (!source->socket) {
        zframe_t *frame = s_next (source);
        if (frame && zframe_size (frame) == 1)
            command = zframe_data (frame) [0];
        zframe_destroy (&frame);
        return command;
    }
    if (!source->more)
        return -1;
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (zmq_msg_recv (&part, source->socket, 0) < 0)
        source->more = false;
    else {
        source->more = zmq_msg_more (&part) != 0;
        if (zmq_msg_size (&part) == 1)
            command = ((byte *) zmq_msg_data (&part)) [0];
        if (self->routing_id) {
            int fd = zmq_msg_get (&part, ZMQ_SRCFD);
            self->peer_fd = fd < 0 ? -1 : fd;
        }
    }
    zmq_msg_close (&part);
    return command;
}

//  Read the header frames: signature and command.
static int
s_decode_header (vc_msg_t *self, zframe_t *signature, source_t *source)
{
    int command = s_command (self, source);
    int rc = -1;
    if (!signature || !zframe_streq (signature, VC_PROTO_SIGNATURE))
        s_invalid (self, "not a VC01 message (bad protocol signature)");
    else
    if (command < 0 || s_layout (command) < 0)
        s_invalid (self, "unknown command");
    else {
        self->command = command;
        if (self->routing_id) {
            //  Received on a ROUTER: keep it; vc_msg_peer reads the address
            self->signature = signature;
            signature = NULL;
        }
        rc = 0;
    }
    zframe_destroy (&signature);
    return rc;
}

static void
s_decode_fields (vc_msg_t *self, source_t *source)
{
    int layout = s_layout (self->command);
    if (layout & F_ADDRESS) {
        zframe_t *frame = s_next (source);
        s_text (self, frame, self->address, sizeof self->address, false, "address frame");
        zframe_destroy (&frame);
    }
    if (layout & F_REQID) {
        self->reqid = s_next (source);
        if (!self->reqid || zframe_size (self->reqid) > VC_REQID_MAX)
            s_invalid (self, "request id frame missing or too long");
    }
    if (layout & F_EXTRA) {
        zframe_t *frame = s_next (source);
        s_text (self, frame, self->extra, sizeof self->extra, true, "token/username frame");
        zframe_destroy (&frame);
    }
    if (layout & F_BODY) {
        self->body = s_next (source);
        if (!self->body)
            s_invalid (self, "body frame missing");
        else
        if (zframe_size (self->body) > VC_BODY_MAX) {
            s_invalid (self, "body larger than the limit of 262144 bytes");
            self->error_status = VC_TOO_LARGE;
        }
    }
}

//  Parse from a source; the first frame (routing id or signature) is given.
static vc_msg_t *
s_decode (source_t *source, zframe_t *first, bool router)
{
    vc_msg_t *self = vc_msg_new (0);
    zframe_t *signature = first;
    if (router) {
        self->routing_id = first;
        signature = s_next (source);
    }
    if (s_decode_header (self, signature, source) == 0)
        s_decode_fields (self, source);
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
    source_t source = { zmsg, NULL, false };
    zframe_t *first = zmsg_pop (zmsg);
    vc_msg_t *self = first ? s_decode (&source, first, router) : NULL;
    zmsg_destroy (&zmsg);
    return self;
}

static vc_msg_t *
s_recv (void *socket, bool router, bool wait)
{
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (zmq_msg_recv (&part, socket, wait ? 0 : ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&part);
        return NULL;
    }
    //  The first frame is a routing id or the signature: small, copied
    zframe_t *first = zframe_new (zmq_msg_data (&part), zmq_msg_size (&part));
    source_t source = { NULL, socket, zmq_msg_more (&part) != 0 };
    zmq_msg_close (&part);
    return s_decode (&source, first, router);
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

//  Send an owned frame (or an empty one if NULL), zero-copy.
static int
s_send_frame (void *socket, zframe_t **frame_p, bool more)
{
    if (!*frame_p)
        return zmq_send (socket, "", 0, more ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
    return zframe_send (frame_p, socket, more ? ZFRAME_MORE : 0);
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
    socket = zsock_resolve (socket);
    byte command [2] = { (byte) self->command, 0 };
    int rc = 0;
    if (self->routing_id)
        rc = s_send_frame (socket, &self->routing_id, true);
    if (rc == 0)
        rc = s_send_text (socket, VC_PROTO_SIGNATURE, true);
    if (rc == 0)
        rc = zmq_send (socket, command, 1, layout ? ZMQ_SNDMORE : 0) < 0 ? -1 : 0;
    if (rc == 0 && (layout & F_ADDRESS))
        rc = s_send_text (socket, self->address, (layout & ~F_ADDRESS) != 0);
    if (rc == 0 && (layout & F_REQID))
        rc = s_send_frame (socket, &self->reqid, true);
    if (rc == 0 && (layout & F_EXTRA))
        rc = s_send_text (socket, self->extra, true);
    if (rc == 0 && (layout & F_BODY))
        rc = s_send_frame (socket, &self->body, false);
    vc_msg_destroy (self_p);
    return rc;
}

bool vc_msg_valid (vc_msg_t *self) { return self->error [0] == 0; }
int vc_msg_error_status (vc_msg_t *self) { return self->error_status ? self->error_status : VC_BAD_REQUEST; }
const char *vc_msg_error (vc_msg_t *self) { return self->error; }
int vc_msg_command (vc_msg_t *self) { return self->command; }
zframe_t *vc_msg_routing_id (vc_msg_t *self) { return self->routing_id; }
int vc_msg_peer_fd (vc_msg_t *self) { return self->peer_fd; }
const char *vc_msg_address (vc_msg_t *self) { return self->address; }
zframe_t *vc_msg_reqid (vc_msg_t *self) { return self->reqid; }
const char *vc_msg_extra (vc_msg_t *self) { return self->extra; }
zframe_t *vc_msg_body (vc_msg_t *self) { return self->body; }
const char *
vc_msg_peer (vc_msg_t *self)
{
    //  Looked up only when asked (a new client or worker), not per message
    if (!*self->peer && self->signature) {
        const char *peer = zframe_meta (self->signature, "Peer-Address");
        snprintf (self->peer, sizeof self->peer, "%s", peer ? peer : "local");
    }
    return self->peer;
}

void
vc_msg_set_routing_id (vc_msg_t *self, zframe_t **frame_p)
{
    zframe_destroy (&self->routing_id);
    self->routing_id = *frame_p;
    *frame_p = NULL;
}

void
vc_msg_set_address (vc_msg_t *self, const char *address)
{
    snprintf (self->address, sizeof self->address, "%s", address ? address : "");
}

void
vc_msg_set_reqid (vc_msg_t *self, zframe_t **frame_p)
{
    zframe_destroy (&self->reqid);
    self->reqid = *frame_p;
    *frame_p = NULL;
}

void
vc_msg_set_extra (vc_msg_t *self, const char *extra)
{
    snprintf (self->extra, sizeof self->extra, "%s", extra ? extra : "");
}

void
vc_msg_set_body (vc_msg_t *self, zframe_t **frame_p)
{
    zframe_destroy (&self->body);
    self->body = *frame_p;
    *frame_p = NULL;
}

zframe_t *
vc_msg_take_routing_id (vc_msg_t *self)
{
    zframe_t *frame = self->routing_id;
    self->routing_id = NULL;
    return frame;
}

zframe_t *
vc_msg_take_reqid (vc_msg_t *self)
{
    zframe_t *frame = self->reqid;
    self->reqid = NULL;
    return frame;
}

zframe_t *
vc_msg_take_body (vc_msg_t *self)
{
    zframe_t *frame = self->body;
    self->body = NULL;
    return frame;
}

void
vc_routing_id_hex (zframe_t *routing_id, char *out, size_t out_size)
{
    static const char hex [] = "0123456789abcdef";
    size_t size = routing_id ? zframe_size (routing_id) : 0;
    const byte *data = routing_id ? zframe_data (routing_id) : NULL;
    size_t pos = 0;
    for (size_t i = 0; i < size && pos + 2 < out_size; i++) {
        out [pos++] = hex [data [i] >> 4];
        out [pos++] = hex [data [i] & 15];
    }
    if (out_size)
        out [pos < out_size ? pos : out_size - 1] = 0;
}

//  libzmq's ROUTER names peers that set no routing id 0x00 + a 4-byte
//  counter and does not check chosen ids against that range: an id that
//  is empty or starts with a zero byte is refused by the broker, and so is
//  one too long for the broker's keys to tell apart.
bool
vc_routing_id_refused (zframe_t *routing_id)
{
    return !routing_id || zframe_size (routing_id) == 0
        || zframe_size (routing_id) > VC_ROUTING_ID_MAX || zframe_data (routing_id) [0] == 0;
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
