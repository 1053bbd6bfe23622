/*  hostile_squat - taking over a session by its token or its routing id.
    The victim connects with a routing id of its own and signs in; while it
    is connected, a thief on a connection of its own asks "whoami" with the
    victim's token (as if stolen), then the victim asks it (the token is
    good on its own connection). The victim drops its link without BYE; the
    attacker connects with the same routing id and asks "whoami" with the
    token. The session must be bound to the victim's connection and end
    with it: "owner=STATUS stolen=STATUS whoami=STATUS signin_again=STATUS".  */
#include "hostile.h"
#include "vc_check.h"

//  Sends one request with the token in the extra frame and returns the
//  reply's status (0: none within the wait); copies "token" if asked.
static int
s_call (zsock_t *dealer, const char *token, vc_pack_t *pack, char *token_out, size_t size,
        int wait_ms)
{
    zframe_t *body = vc_pack_frame (pack);
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    byte command = VC_CMD_REQUEST;
    uint64_t reqid = (uint64_t) randof (0x7fffffff);
    zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
    zmsg_addmem (zmsg, &command, 1);
    zmsg_addstr (zmsg, "auth");
    zmsg_addmem (zmsg, &reqid, sizeof reqid);
    zmsg_addstr (zmsg, token);
    zmsg_append (zmsg, &body);
    if (zmsg_send (&zmsg, dealer))
        return 0;
    int64_t deadline = zclock_mono () + wait_ms;
    while (zclock_mono () < deadline) {
        zmq_pollitem_t item = { zsock_resolve (dealer), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 100) <= 0)
            continue;
        vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
        int status = 0;
        if (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY) {
            char err [128];
            vc_body_t *reply = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
            int64_t value = 0;
            const char *text = NULL;
            if (reply && vc_body_need_int (reply, "status", 100, 999, &value) == 0)
                status = (int) value;
            if (reply && token_out && vc_body_str (reply, "token", 200, &text) == 0)
                snprintf (token_out, size, "%s", text);
            vc_body_destroy (&reply);
        }
        vc_msg_destroy (&msg);
        if (status)
            return status;
    }
    return 0;
}

static vc_pack_t *
s_account_op (const char *op, const char *username, const char *password)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", op);
    if (password) {
        vc_pack_kstr (pack, "username", username);
        vc_pack_kstr (pack, "password", password);
    }
    vc_pack_map_end (pack);
    return pack;
}

static int
s_op (zsock_t *dealer, const char *token, const char *op, const char *username,
      const char *password, char *token_out, size_t size)
{
    vc_pack_t *pack = s_account_op (op, username, password);
    //  Password hashing takes a while; whoami is quick
    int status = s_call (dealer, token, pack, token_out, size, password ? 10000 : 1500);
    vc_pack_destroy (&pack);
    return status;
}

int
hostile_squat (const char *endpoint, const char *username, const char *password)
{
    byte id [VC_ROUTING_ID_SIZE];
    for (size_t i = 0; i < sizeof id; i++)
        id [i] = (byte) (1 + randof (255));
    zsock_t *victim = hostile_dealer_with (endpoint, id, sizeof id);
    if (!victim || hostile_hello (victim) || hostile_next (victim, HOSTILE_WAIT_MSEC, NULL, 0) != VC_CMD_WELCOME) {
        zsock_destroy (&victim);
        return 1;
    }
    char token [256] = "";
    s_op (victim, "", "signup", username, password, NULL, 0);
    int signin = s_op (victim, "", "signin", username, password, token, sizeof token);
    if (signin != VC_OK || !*token) {
        fprintf (stderr, "vc-hostile: the victim could not sign in (%d)\n", signin);
        zsock_destroy (&victim);
        return 1;
    }
    //  The token from another connection, then from its own
    zsock_t *thief = hostile_dealer (endpoint, true);
    int stolen = thief ? s_op (thief, token, "whoami", NULL, NULL, NULL, 0) : 0;
    zsock_destroy (&thief);
    int owner = s_op (victim, token, "whoami", NULL, NULL, NULL, 0);
    zsock_destroy (&victim);            //  Link dropped: no BYE
    zclock_sleep (100);
    //  Until the broker's socket has let the victim's id go, a connection
    //  with the same id is ignored: try again on a new one
    int whoami = 0;
    for (int attempt = 0; attempt < 5 && !whoami; attempt++) {
        zsock_t *attacker = hostile_dealer_with (endpoint, id, sizeof id);
        whoami = attacker ? s_op (attacker, token, "whoami", NULL, NULL, NULL, 0) : 0;
        zsock_destroy (&attacker);
    }
    //  The real owner comes back on a new connection
    zclock_sleep (500);
    zsock_t *returned = hostile_dealer (endpoint, true);
    int again = returned ? s_op (returned, "", "signin", username, password, NULL, 0) : 0;
    zsock_destroy (&returned);
    printf ("owner=%d stolen=%d whoami=%d signin_again=%d\n", owner, stolen, whoami, again);
    return 0;
}
