/*  test_msg - VC01 framing over a real inproc ROUTER/DEALER pair: every
    command round-trips; malformed messages (bad signature, unknown
    command, missing or extra frames, long or binary text frames, oversized
    bodies) are flagged with a reason and the fields needed to answer.  */
#include "vc_msg.h"
#include "vc_config.h"
#include "vc_check.h"

static int s_failures = 0;
#define CHECK(x) do { if (!(x)) { fprintf (stderr, "%s:%d: CHECK failed: %s\n", \
                      __FILE__, __LINE__, #x); s_failures++; } } while (0)

static void
s_round_trip (zsock_t *router, zsock_t *dealer)
{
    zframe_t *reqid = VC_NEED (zframe_new ("\0\0\0\0\0\0\0\1", 8));
    zframe_t *body = VC_NEED (zframe_new ("\x80", 1));
    vc_msg_t *msg = VC_NEED (vc_msg_new (VC_CMD_REQUEST));
    vc_msg_set_address (msg, "data");
    vc_msg_set_reqid (msg, &reqid);
    vc_msg_set_extra (msg, "token");
    vc_msg_set_body (msg, &body);
    CHECK (vc_msg_send (&msg, zsock_resolve (dealer)) == 0);
    msg = vc_msg_recv (zsock_resolve (router), true);
    CHECK (msg && vc_msg_valid (msg));
    CHECK (vc_msg_command (msg) == VC_CMD_REQUEST);
    CHECK (streq (vc_msg_address (msg), "data"));
    CHECK (streq (vc_msg_extra (msg), "token"));
    CHECK (zframe_size (vc_msg_reqid (msg)) == 8);
    CHECK (zframe_size (vc_msg_body (msg)) == 1);
    CHECK (vc_msg_routing_id (msg) != NULL);
    char hex [65];
    vc_routing_id_hex (vc_msg_routing_id (msg), hex, sizeof hex);
    CHECK (strlen (hex) == 2 * zframe_size (vc_msg_routing_id (msg)));
    //  Reply back through the router
    vc_msg_t *reply = VC_NEED (vc_msg_new (VC_CMD_REPLY));
    zframe_t *routing_id = vc_msg_take_routing_id (msg);
    zframe_t *reply_id = vc_msg_take_reqid (msg);
    zframe_t *reply_body = vc_msg_take_body (msg);
    vc_msg_set_routing_id (reply, &routing_id);
    vc_msg_set_address (reply, "data");
    vc_msg_set_reqid (reply, &reply_id);
    vc_msg_set_body (reply, &reply_body);
    vc_msg_destroy (&msg);
    CHECK (vc_msg_send (&reply, zsock_resolve (router)) == 0);
    msg = vc_msg_recv (zsock_resolve (dealer), false);
    CHECK (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY);
    vc_msg_destroy (&msg);
    //  Commands without fields
    msg = VC_NEED (vc_msg_new (VC_CMD_HEARTBEAT));
    vc_msg_send (&msg, zsock_resolve (dealer));
    msg = vc_msg_recv (zsock_resolve (router), true);
    CHECK (msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_HEARTBEAT);
    vc_msg_destroy (&msg);
}

//  Send raw frames from the dealer; return what the router made of them.
static vc_msg_t *
s_raw (zsock_t *router, zsock_t *dealer, int count, ...)
{
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    va_list args;
    va_start (args, count);
    for (int i = 0; i < count; i++) {
        const char *data = va_arg (args, const char *);
        size_t size = va_arg (args, size_t);
        zmsg_addmem (zmsg, data, size);
    }
    va_end (args);
    zmsg_send (&zmsg, dealer);
    return vc_msg_recv (zsock_resolve (router), true);
}

static void
s_expect_invalid (vc_msg_t *msg, const char *reason)
{
    CHECK (msg && !vc_msg_valid (msg));
    if (msg && !strstr (vc_msg_error (msg), reason)) {
        fprintf (stderr, "expected '%s', got '%s'\n", reason, vc_msg_error (msg));
        s_failures++;
    }
    vc_msg_destroy (&msg);
}

static void
s_malformed (zsock_t *router, zsock_t *dealer)
{
    s_expect_invalid (s_raw (router, dealer, 1, "garbage", (size_t) 7), "signature");
    s_expect_invalid (s_raw (router, dealer, 2, "VC02", (size_t) 4, "\x02", (size_t) 1), "signature");
    s_expect_invalid (s_raw (router, dealer, 2, "VC01", (size_t) 4, "\x63", (size_t) 1), "unknown command");
    s_expect_invalid (s_raw (router, dealer, 2, "VC01", (size_t) 4, "\x02\x02", (size_t) 2), "unknown command");
    s_expect_invalid (s_raw (router, dealer, 3, "VC01", (size_t) 4, "\x02", (size_t) 1, "data", (size_t) 4),
                      "request id");
    s_expect_invalid (s_raw (router, dealer, 4, "VC01", (size_t) 4, "\x04", (size_t) 1, "x", (size_t) 1,
                             "y", (size_t) 1), "extra frames");
    //  Control bytes and over-long service names
    vc_msg_t *msg = s_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1, "da\nta", (size_t) 5,
                           "1", (size_t) 1, "", (size_t) 0, "\x80", (size_t) 1);
    CHECK (msg && vc_msg_reqid (msg));          //  Still addressable for the error reply
    s_expect_invalid (msg, "control bytes");
    char long_name [200];
    memset (long_name, 'a', sizeof long_name);
    s_expect_invalid (s_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1, long_name,
                             sizeof long_name, "1", (size_t) 1, "", (size_t) 0, "\x80", (size_t) 1),
                      "longer than");
    //  Oversized body: flagged as too large
    size_t big_size = VC_BODY_MAX + 10;
    char *big = (char *) VC_NEED (calloc (1, big_size));
    msg = s_raw (router, dealer, 6, "VC01", (size_t) 4, "\x02", (size_t) 1, "data", (size_t) 4,
                 "1", (size_t) 1, "", (size_t) 0, big, big_size);
    CHECK (msg && vc_msg_error_status (msg) == VC_TOO_LARGE);
    s_expect_invalid (msg, "larger than the limit");
    free (big);
}

static void
s_helpers (void)
{
    char out [256];
    CHECK (vc_endpoint_normalize ("127.0.0.1", 5555, out, sizeof out) == 0
        && streq (out, "tcp://127.0.0.1:5555"));
    CHECK (vc_endpoint_normalize (" localhost:6000 ", 5555, out, sizeof out) == 0
        && streq (out, "tcp://localhost:6000"));
    CHECK (vc_endpoint_normalize ("tcp://10.0.0.1:7", 5555, out, sizeof out) == 0
        && streq (out, "tcp://10.0.0.1:7"));
    CHECK (vc_endpoint_normalize ("http://x", 5555, out, sizeof out) == -1);
    CHECK (vc_endpoint_normalize ("", 5555, out, sizeof out) == -1);
    CHECK (vc_endpoint_normalize ("a b", 5555, out, sizeof out) == -1);
    CHECK (vc_service_name_valid ("data"));
    CHECK (!vc_service_name_valid ("Data"));
    CHECK (!vc_service_name_valid (""));
    CHECK (!vc_service_name_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    CHECK (streq (vc_status_name (VC_ACCOUNT_IN_USE), "account in use"));
    CHECK (streq (vc_status_name (VC_UNKNOWN_SERVICE), "unknown service"));
    vc_config_test (false);
}

int
main (void)
{
    zsys_init ();
    zsys_set_logstream (NULL);
    zsock_t *router = zsock_new_router ("inproc://test-msg");
    zsock_t *dealer = zsock_new_dealer ("inproc://test-msg");
    CHECK (router && dealer);
    s_round_trip (router, dealer);
    s_malformed (router, dealer);
    s_helpers ();
    zsock_destroy (&dealer);
    zsock_destroy (&router);
    printf ("test_msg: %s\n", s_failures ? "FAILED" : "OK");
    return s_failures ? 1 : 0;
}
