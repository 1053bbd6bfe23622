/*  vc-sec-probe - drives the broker's limits from the outside for the
    security tests: oversized messages, over-limit bodies, request bursts,
    many clients at once and malformed frames. Prints one result line that
    the test scripts grep; exits 0 when it could run, 1 on a setup error.

    vc-sec-probe oversize ADDR BYTES       raw frame of BYTES: "cut" or "reply STATUS"
    vc-sec-probe body ADDR BYTES           valid body of about BYTES: "reply STATUS MESSAGE"
    vc-sec-probe burst ADDR N SERVICE OP [KEY=INT]
                                           N pipelined requests: "200=a 429=b ..." + first refusal
    vc-sec-probe clients ADDR N            N clients at once: "connected=a refused=b" + reason
    vc-sec-probe hold ADDR N SECONDS       N clients connected and heartbeating for SECONDS:
                                           "holding=a" once all tried, "released" at the end
    vc-sec-probe garbage ADDR              malformed messages: "answered=a sent=b alive=yes|no"
    vc-sec-probe hellobye ADDR N           HELLO then BYE, N times on one connection:
                                           "welcomed=a refused=b" + first refusal
    vc-sec-probe helloflood ADDR N         N HELLOs at once on one connection: "welcomed=a"
    vc-sec-probe publish ADDR TOPIC CLIENT publishes one event to the bus input
                                           (XSUB) at ADDR: "published TOPIC"
*/
#include "vc_api.h"
#include <sodium.h>
#include "vc_client.h"
#include "vc_event.h"
#include "vc_msg.h"
#include "vc_check.h"

#define PROBE_WAIT_MSEC 3000

static zsock_t *
s_raw_dealer (const char *endpoint)
{
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    if (!dealer)
        return NULL;
    zsock_set_linger (dealer, 0);
    zsock_set_rcvtimeo (dealer, PROBE_WAIT_MSEC);
    if (vc_routing_id_choose (dealer) || zsock_connect (dealer, "%s", endpoint)) {
        zsock_destroy (&dealer);
        return NULL;
    }
    return dealer;
}

//  [VC01][cmd] + frames, sent raw.
static int
s_send_raw (zsock_t *dealer, byte command, const char *service, const void *body, size_t size)
{
    zmsg_t *zmsg = VC_NEED (zmsg_new ());
    zmsg_addstr (zmsg, VC_PROTO_SIGNATURE);
    zmsg_addmem (zmsg, &command, 1);
    if (command == VC_CMD_REQUEST) {
        zmsg_addstr (zmsg, service);
        zmsg_addmem (zmsg, "\0\0\0\0\0\0\0\1", 8);
        zmsg_addstr (zmsg, "");
    }
    if (command != VC_CMD_BYE)
        zmsg_addmem (zmsg, body, size);
    return zmsg_send (&zmsg, dealer);
}

//  Status of the next REPLY within the wait, or 0 if none came.
static int
s_reply_status (zsock_t *dealer, char *message, size_t message_size)
{
    int64_t deadline = zclock_mono () + PROBE_WAIT_MSEC;
    while (zclock_mono () < deadline) {
        vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
        if (!msg)
            return 0;
        int status = 0;
        if (vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_REPLY) {
            char err [128];
            vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
            int64_t value = 0;
            const char *text = "";
            if (body && vc_body_need_int (body, "status", 100, 999, &value) == 0)
                status = (int) value;
            if (body && vc_body_str (body, "message", 200, &text) == 0 && message)
                snprintf (message, message_size, "%s", text);
            vc_body_destroy (&body);
        }
        vc_msg_destroy (&msg);
        if (status)
            return status;
    }
    return 0;
}

//  Say BYE (the broker forgets the client at once) and close.
static void
s_bye (zsock_t **dealer_p)
{
    if (*dealer_p) {
        s_send_raw (*dealer_p, VC_CMD_BYE, NULL, NULL, 0);
        zsock_set_linger (*dealer_p, 200);
    }
    zsock_destroy (dealer_p);
}

//  Say HELLO and wait for WELCOME, so the broker knows the raw client.
static int
s_hello (zsock_t *dealer)
{
    s_send_raw (dealer, VC_CMD_HELLO, NULL, "\x81\xa4kind\xa5probe", 12);
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
    int rc = msg && vc_msg_valid (msg) && vc_msg_command (msg) == VC_CMD_WELCOME ? 0 : -1;
    vc_msg_destroy (&msg);
    if (rc)
        fprintf (stderr, "vc-sec-probe: no WELCOME from the broker\n");
    return rc;
}

//  A frame over ZMQ_MAXMSGSIZE: the broker must cut the connection.
static int
s_oversize (const char *endpoint, size_t bytes)
{
    zsock_t *dealer = s_raw_dealer (endpoint);
    if (!dealer || s_hello (dealer)) {
        zsock_destroy (&dealer);
        return 1;
    }
    zsock_t *monitor = zsock_new (ZMQ_PAIR);
    char monitor_endpoint [64];
    snprintf (monitor_endpoint, sizeof monitor_endpoint, "inproc://probe-monitor-%d", getpid ());
    if (!monitor || zmq_socket_monitor (zsock_resolve (dealer), monitor_endpoint, ZMQ_EVENT_DISCONNECTED)
    ||  zsock_connect (monitor, "%s", monitor_endpoint)) {
        fprintf (stderr, "vc-sec-probe: cannot monitor the socket\n");
        zsock_destroy (&monitor);
        zsock_destroy (&dealer);
        return 1;
    }
    byte *body = (byte *) VC_NEED (zmalloc (bytes));
    memset (body, 'x', bytes);
    s_send_raw (dealer, VC_CMD_REQUEST, "broker", body, bytes);
    free (body);
    zsock_set_rcvtimeo (monitor, PROBE_WAIT_MSEC);
    zmsg_t *event = zmsg_recv (monitor);
    if (event)
        printf ("cut\n");
    else {
        char message [256] = "";
        printf ("reply %d %s\n", s_reply_status (dealer, message, sizeof message), message);
    }
    zmsg_destroy (&event);
    zmq_socket_monitor (zsock_resolve (dealer), NULL, 0);
    zsock_destroy (&monitor);
    zsock_destroy (&dealer);
    return 0;
}

//  A well-formed body {op: "ping", pad: bin} of about the given size.
static int
s_body (const char *endpoint, size_t bytes)
{
    zsock_t *dealer = s_raw_dealer (endpoint);
    if (!dealer || s_hello (dealer)) {
        zsock_destroy (&dealer);
        return 1;
    }
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "ping");
    vc_pack_key (pack, "pad");
    byte *pad = (byte *) VC_NEED (zmalloc (bytes));
    vc_pack_bin (pack, pad, bytes);
    free (pad);
    vc_pack_map_end (pack);
    s_send_raw (dealer, VC_CMD_REQUEST, "broker", vc_pack_data (pack), vc_pack_size (pack));
    vc_pack_destroy (&pack);
    char message [256] = "";
    int status = s_reply_status (dealer, message, sizeof message);
    printf ("reply %d %s\n", status, message);
    s_bye (&dealer);
    return 0;
}

static zframe_t *
s_request_body (const char *op, const char *field)
{
    vc_pack_t *pack = VC_NEED (vc_pack_new ());
    const char *equals = field ? strchr (field, '=') : NULL;
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", op);
    if (equals) {
        vc_pack_keyn (pack, field, (size_t) (equals - field));
        vc_pack_int (pack, atoll (equals + 1));
    }
    vc_pack_map_end (pack);
    zframe_t *frame = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return frame;
}

//  Collect up to count replies (waiting at most wait_ms in all) and print
//  them by status, with the first refusal.
static void
s_tally (vc_client_t *client, int count, int wait_ms)
{
    int by_status [1000] = { 0 };
    char refusal [300] = "";
    int64_t deadline = zclock_mono () + wait_ms;
    for (int i = 0; i < count && zclock_mono () < deadline; i++) {
        vc_reply_t *reply = vc_client_recv (client, (int) (deadline - zclock_mono ()));
        if (!reply)
            break;
        if (reply->status >= 100 && reply->status < 1000)
            by_status [reply->status]++;
        if (reply->status != VC_OK && !*refusal)
            snprintf (refusal, sizeof refusal, "%d %s", reply->status, reply->message);
        vc_reply_destroy (&reply);
    }
    for (int status = 100; status < 1000; status++)
        if (by_status [status])
            printf ("%d=%d ", status, by_status [status]);
    printf ("first refusal: %s\n", *refusal ? refusal : "none");
}

//  One request sent N times at once under one request id (a client
//  retrying): the answers that come within 3 s; then N requests with
//  their own ids, to show the repeats took no place in the client's
//  quota of requests in flight.
static int
s_repeat (const char *endpoint, int count, const char *service, const char *op, const char *field)
{
    vc_client_t *client = VC_NEED (vc_client_new (endpoint, "probe"));
    if (vc_client_connect (client, PROBE_WAIT_MSEC)) {
        fprintf (stderr, "vc-sec-probe: %s\n", vc_client_error (client));
        vc_client_destroy (&client);
        return 1;
    }
    uint64_t reqid = vc_reqid_new ();
    for (int i = 0; i < count; i++) {
        zframe_t *body = s_request_body (op, field);
        vc_client_send_id (client, service, reqid, &body);
    }
    printf ("same id: ");
    s_tally (client, count, 3000);
    for (int i = 0; i < count; i++) {
        zframe_t *body = s_request_body (op, field);
        vc_client_send (client, service, &body);
    }
    printf ("own ids: ");
    s_tally (client, count, 10000);
    vc_client_destroy (&client);
    return 0;
}

//  One client keeps N sign-ups of fresh names in flight for SECONDS (a
//  new one for each answer, refused ones included): the flood of one
//  client against the auth service. Prints the answers by status.
static int
s_signflood (const char *endpoint, int count, int seconds)
{
    vc_client_t *client = VC_NEED (vc_client_new (endpoint, "probe"));
    if (vc_client_connect (client, PROBE_WAIT_MSEC)) {
        fprintf (stderr, "vc-sec-probe: %s\n", vc_client_error (client));
        vc_client_destroy (&client);
        return 1;
    }
    int by_status [1000] = { 0 }, sent = 0, answered = 0;
    uint32_t run = randombytes_random ();
    for (; sent < count; sent++) {
        char name [32];
        snprintf (name, sizeof name, "f%08x%d", run, sent);
        zframe_t *body = vc_api_credentials ("signup", name, "flood-password");
        vc_client_send (client, "auth", &body);
    }
    int64_t end = zclock_mono () + seconds * 1000;
    while (zclock_mono () < end) {
        vc_reply_t *reply = vc_client_recv (client, 200);
        if (!reply)
            continue;
        answered++;
        if (reply->status >= 100 && reply->status < 1000)
            by_status [reply->status]++;
        vc_reply_destroy (&reply);
        char name [32];
        snprintf (name, sizeof name, "f%08x%d", run, sent++);
        zframe_t *body = vc_api_credentials ("signup", name, "flood-password");
        vc_client_send (client, "auth", &body);
    }
    printf ("flood: sent=%d answered=%d ", sent, answered);
    for (int status = 100; status < 1000; status++)
        if (by_status [status])
            printf ("%d=%d ", status, by_status [status]);
    printf ("\n");
    vc_client_destroy (&client);
    return 0;
}

//  N requests sent at once; count the replies by status.
static int
s_burst (const char *endpoint, int count, const char *service, const char *op, const char *field)
{
    vc_client_t *client = VC_NEED (vc_client_new (endpoint, "probe"));
    if (vc_client_connect (client, PROBE_WAIT_MSEC)) {
        fprintf (stderr, "vc-sec-probe: %s\n", vc_client_error (client));
        vc_client_destroy (&client);
        return 1;
    }
    for (int i = 0; i < count; i++) {
        zframe_t *body = s_request_body (op, field);
        vc_client_send (client, service, &body);
    }
    s_tally (client, count, 30000);
    vc_client_destroy (&client);
    return 0;
}

//  N clients connected at once (held until all have tried).
static int
s_clients (const char *endpoint, int count)
{
    vc_client_t **clients = (vc_client_t **) VC_NEED (zmalloc (sizeof (vc_client_t *) * (size_t) count));
    int connected = 0;
    char reason [640] = "";
    for (int i = 0; i < count; i++) {
        clients [i] = VC_NEED (vc_client_new (endpoint, "probe"));
        if (vc_client_connect (clients [i], PROBE_WAIT_MSEC) == 0)
            connected++;
        else
        if (!*reason)
            snprintf (reason, sizeof reason, "%s", vc_client_error (clients [i]));
    }
    printf ("connected=%d refused=%d reason: %s\n", connected, count - connected,
            *reason ? reason : "none");
    for (int i = 0; i < count; i++)
        vc_client_destroy (&clients [i]);
    free (clients);
    return 0;
}

//  Tick every client (heartbeats) so the broker keeps them.
static void
s_tick_all (vc_client_t **clients, int count)
{
    for (int i = 0; i < count; i++)
        if (clients [i])
            vc_client_tick (clients [i]);
}

//  N clients connected at once and kept alive for a while.
static int
s_hold (const char *endpoint, int count, int seconds)
{
    //  Each client holds 3 sockets (its DEALER and the two ends of its monitor)
    zsys_set_max_sockets ((size_t) count * 3 + 64);
    vc_client_t **clients = (vc_client_t **) VC_NEED (zmalloc (sizeof (vc_client_t *) * (size_t) count));
    int connected = 0;
    int64_t ticked = zclock_mono ();
    for (int i = 0; i < count && !zsys_interrupted; i++) {
        clients [i] = vc_client_new (endpoint, "probe");
        if (clients [i] && vc_client_connect (clients [i], PROBE_WAIT_MSEC) == 0)
            connected++;
        if (zclock_mono () - ticked >= 250) {
            s_tick_all (clients, i + 1);
            ticked = zclock_mono ();
        }
    }
    printf ("holding=%d\n", connected);
    fflush (stdout);
    int64_t end = zclock_mono () + (int64_t) seconds * 1000;
    while (zclock_mono () < end && !zsys_interrupted) {
        s_tick_all (clients, count);
        zclock_sleep (200);
    }
    for (int i = 0; i < count; i++)
        vc_client_destroy (&clients [i]);
    free (clients);
    printf ("released\n");
    return 0;
}

//  Malformed messages; each that names a request must get an error reply.
static int
s_garbage (const char *endpoint)
{
    zsock_t *dealer = s_raw_dealer (endpoint);
    if (!dealer || s_hello (dealer)) {
        zsock_destroy (&dealer);
        return 1;
    }
    static const struct { const char *frames [6]; size_t sizes [6]; int count; } cases [] = {
        { { "VC02", "\x02", "broker", "r", "", "\x81\xa2op\xa4ping" }, { 4, 1, 6, 1, 0, 9 }, 6 },
        { { "VC01", "\x63" }, { 4, 1 }, 2 },
        { { "VC01", "\x02", "broker" }, { 4, 1, 6 }, 3 },
        { { "VC01", "\x02", "bro\x01ker", "r", "", "\x81\xa2op\xa4ping" }, { 4, 1, 7, 1, 0, 9 }, 6 },
        { { "VC01", "\x02", "broker", "0123456789012345678901234567890123456789", "", "\x81" },
          { 4, 1, 6, 40, 0, 1 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\xc1" }, { 4, 1, 6, 1, 0, 1 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\xdd\xff\xff\xff\xff" }, { 4, 1, 6, 1, 0, 5 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\x91\x91\x91\x91\x91\x91\x91\x91\x91\x91\x90" },
          { 4, 1, 6, 1, 0, 11 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\x92\xa2op\xa4ping" }, { 4, 1, 6, 1, 0, 9 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\x82\xa2op\xa4ping\xa2op\x01" }, { 4, 1, 6, 1, 0, 13 }, 6 },
        { { "VC01", "\x02", "broker", "r", "", "\x81\xa2op\xa4pi\xffg" }, { 4, 1, 6, 1, 0, 9 }, 6 },
        { { "VC01", "\x03", "broker", "r", "\x81" }, { 4, 1, 6, 1, 1 }, 5 },
        { { "VC01", "\x01", "auth", "\x80" }, { 4, 1, 4, 1 }, 4 },
        { { "VC01", "\x02", "nosuch", "r", "", "\x81\xa2op\xa4ping" }, { 4, 1, 6, 1, 0, 9 }, 7 }
    };
    int sent = 0, answered = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        zmsg_t *zmsg = VC_NEED (zmsg_new ());
        for (int f = 0; f < cases [i].count && f < 6; f++)
            zmsg_addmem (zmsg, cases [i].frames [f], cases [i].sizes [f]);
        if (cases [i].count > 6)
            zmsg_addstr (zmsg, "extra frame");
        zmsg_send (&zmsg, dealer);
        sent++;
        char message [256] = "";
        int status = s_reply_status (dealer, message, sizeof message);
        if (getenv ("PROBE_VERBOSE"))
            fprintf (stderr, "case %zu: %d %s\n", i, status, message);
        if (status >= 400)
            answered++;
    }
    s_send_raw (dealer, VC_CMD_REQUEST, "broker", "\x81\xa2op\xa4ping", 9);
    bool alive = s_reply_status (dealer, NULL, 0) == VC_OK;
    printf ("answered=%d sent=%d alive=%s\n", answered, sent, alive ? "yes" : "no");
    s_bye (&dealer);
    return 0;
}

//  The next message's command within the wait: WELCOME, REPLY (its text
//  into message), or 0 for none.
static int
s_next_command (zsock_t *dealer, char *message, size_t message_size)
{
    vc_msg_t *msg = vc_msg_recv (zsock_resolve (dealer), false);
    int command = msg && vc_msg_valid (msg) ? vc_msg_command (msg) : 0;
    if (command == VC_CMD_REPLY) {
        char err [128];
        const char *text = "";
        vc_body_t *body = vc_body_decode_frame (vc_msg_body (msg), err, sizeof err);
        if (body && vc_body_str (body, "message", 200, &text) == 0)
            snprintf (message, message_size, "%s", text);
        vc_body_destroy (&body);
    }
    vc_msg_destroy (&msg);
    return command;
}

//  HELLO and BYE again and again on one connection.
static int
s_hellobye (const char *endpoint, int count)
{
    zsock_t *dealer = s_raw_dealer (endpoint);
    if (!dealer)
        return 1;
    int welcomed = 0, refused = 0;
    char first [256] = "", message [256] = "";
    for (int i = 0; i < count; i++) {
        s_send_raw (dealer, VC_CMD_HELLO, NULL, "\x81\xa4kind\xa5probe", 12);
        int command = s_next_command (dealer, message, sizeof message);
        welcomed += command == VC_CMD_WELCOME;
        refused += command == VC_CMD_REPLY;
        if (command == VC_CMD_REPLY && !*first)
            snprintf (first, sizeof first, "%s", message);
        s_send_raw (dealer, VC_CMD_BYE, NULL, NULL, 0);
    }
    printf ("welcomed=%d refused=%d %s\n", welcomed, refused, first);
    zsock_destroy (&dealer);
    return 0;
}

//  Many HELLOs at once on one connection: how many are answered.
static int
s_helloflood (const char *endpoint, int count)
{
    zsock_t *dealer = s_raw_dealer (endpoint);
    if (!dealer)
        return 1;
    for (int i = 0; i < count; i++)
        s_send_raw (dealer, VC_CMD_HELLO, NULL, "\x81\xa4kind\xa5probe", 12);
    zsock_set_rcvtimeo (dealer, 1000);
    int welcomed = 0;
    char message [256];
    while (s_next_command (dealer, message, sizeof message) == VC_CMD_WELCOME)
        welcomed++;
    printf ("welcomed=%d\n", welcomed);
    s_bye (&dealer);
    return 0;
}

//  One event on the bus input, as any program on the service network could.
static int
s_publish (const char *endpoint, const char *topic, const char *client)
{
    vc_publisher_t *publisher = vc_publisher_new (endpoint, "probe");
    if (!publisher)
        return 1;
    zclock_sleep (300);                 //  Let the connection come up
    int rc = vc_publish (publisher, topic, client, "", "", "published by vc-sec-probe");
    zclock_sleep (300);
    vc_publisher_destroy (&publisher);
    if (rc == 0)
        printf ("published %s\n", topic);
    return rc ? 1 : 0;
}

int
main (int argc, char **argv)
{
    zsys_init ();
    zsys_set_logstream (NULL);
    char endpoint [256];
    if (argc < 3 || vc_endpoint_normalize (argv [2], VC_DEFAULT_FRONTEND_PORT,
                                           endpoint, sizeof endpoint)) {
        fprintf (stderr, "usage: vc-sec-probe oversize|body|burst|repeat|signflood|clients|hold|garbage|hellobye|helloflood|publish ADDR ...\n");
        return 2;
    }
    const char *mode = argv [1];
    if (streq (mode, "oversize") && argc == 4)
        return s_oversize (endpoint, (size_t) atol (argv [3]));
    if (streq (mode, "body") && argc == 4)
        return s_body (endpoint, (size_t) atol (argv [3]));
    if (streq (mode, "burst") && (argc == 6 || argc == 7))
        return s_burst (endpoint, atoi (argv [3]), argv [4], argv [5], argc == 7 ? argv [6] : NULL);
    if (streq (mode, "signflood") && argc == 5)
        return s_signflood (endpoint, atoi (argv [3]), atoi (argv [4]));
    if (streq (mode, "repeat") && (argc == 6 || argc == 7))
        return s_repeat (endpoint, atoi (argv [3]), argv [4], argv [5], argc == 7 ? argv [6] : NULL);
    if (streq (mode, "clients") && argc == 4)
        return s_clients (endpoint, atoi (argv [3]));
    if (streq (mode, "hold") && argc == 5)
        return s_hold (endpoint, atoi (argv [3]), atoi (argv [4]));
    if (streq (mode, "garbage") && argc == 3)
        return s_garbage (endpoint);
    if (streq (mode, "hellobye") && argc == 4)
        return s_hellobye (endpoint, atoi (argv [3]));
    if (streq (mode, "helloflood") && argc == 4)
        return s_helloflood (endpoint, atoi (argv [3]));
    if (streq (mode, "publish") && argc == 5)
        return s_publish (argv [2], argv [3], argv [4]);
    fprintf (stderr, "vc-sec-probe: bad arguments for '%s'\n", mode);
    return 2;
}
