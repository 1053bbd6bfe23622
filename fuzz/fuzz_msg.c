/*  fuzz_msg - fuzz target for the VC01 frame parser: vc_msg_decode on a
    message made of the input's frames (byte 0 bit 0: as a ROUTER, with a
    routing id first), then every accessor, the routing id as text, and the
    body through the msgpack decoder, as the broker and workers do.  */
#include "vc_msg.h"
#include "vc_body.h"
#include "fuzz_check.h"

static void
s_inspect (vc_msg_t *msg, bool router)
{
    if (router) {
        char id [VC_ADDRESS_MAX + 1];
        vc_routing_id_hex (vc_msg_routing_id (msg), id, sizeof id);
        FUZZ_CHECK (strlen (id) < sizeof id);
    }
    FUZZ_CHECK (strlen (vc_msg_address (msg)) <= VC_ADDRESS_MAX);
    FUZZ_CHECK (strlen (vc_msg_extra (msg)) <= VC_EXTRA_MAX);
    if (!vc_msg_valid (msg)) {
        FUZZ_CHECK (*vc_msg_error (msg));
        int status = vc_msg_error_status (msg);
        FUZZ_CHECK (status == VC_BAD_REQUEST || status == VC_TOO_LARGE);
        return;
    }
    int command = vc_msg_command (msg);
    FUZZ_CHECK (command >= VC_CMD_READY && command <= VC_CMD_SESSION);
    vc_command_name (command);
    if (vc_msg_reqid (msg))
        FUZZ_CHECK (zframe_size (vc_msg_reqid (msg)) <= VC_REQID_MAX);
    zframe_t *body = vc_msg_body (msg);
    if (body) {
        FUZZ_CHECK (zframe_size (body) <= VC_BODY_MAX);
        char err [160];
        vc_body_t *decoded = vc_body_decode_frame (body, err, sizeof err);
        const char *op = NULL;
        if (decoded)
            vc_body_need_str (decoded, "op", 32, &op);
        vc_body_destroy (&decoded);
    }
    vc_service_name_valid (vc_msg_address (msg));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    bool router = data [0] & 1;
    zmsg_t *zmsg = fuzz_frames (data + 1, size - 1);
    size_t frames = zmsg_size (zmsg);
    vc_msg_t *msg = vc_msg_decode (&zmsg, router);
    FUZZ_CHECK (zmsg == NULL);
    FUZZ_CHECK (msg || frames == 0);
    if (msg) {
        s_inspect (msg, router);
        zframe_t *reqid = vc_msg_take_reqid (msg);
        zframe_t *body = vc_msg_take_body (msg);
        zframe_t *routing_id = vc_msg_take_routing_id (msg);
        zframe_destroy (&reqid);
        zframe_destroy (&body);
        zframe_destroy (&routing_id);
        vc_msg_destroy (&msg);
    }
    return 0;
}
