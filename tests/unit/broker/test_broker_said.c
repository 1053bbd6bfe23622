/*  test_broker_said - the broker's own refusals carry their message id and
    values (docs/protocol.md, "Message ids"), for the clients to say them
    in the person's language by the id: the broker actor in-process on ipc
    endpoints of this run, a real client over them.  */
#include "broker.h"
#include "vc_api.h"
#include "vc_check.h"
#include "vc_client.h"
#include "vc_said.h"

//  service's reply to {op} has status and the message id msgid, whose
//  first value (if any) is arg
static void
s_expect (vc_client_t *client, const char *service, const char *op, int status,
          const char *msgid, const char *arg)
{
    zframe_t *body = vc_api_op (op);
    vc_reply_t *reply = vc_client_call (client, service, &body, 2000);
    VC_CHECK (reply);
    const char *args [VC_SAID_MAX_ARGS];
    size_t count;
    const char *said = vc_reply_msgid (reply, args, VC_SAID_MAX_ARGS, &count);
    printf ("%s %s: %d '%s', id '%s'\n", service, op, reply->status, reply->message,
            said ? said : "(none)");
    VC_CHECK (reply->status == status);
    VC_CHECK (said && streq (said, msgid));
    VC_CHECK (arg ? count == 1 && streq (args [0], arg) : count == 0);
    vc_reply_destroy (&reply);
}

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    vc_log_init ("test_broker_said", verbose ? "debug" : "error");
    char endpoints [4][64];
    const char *names [] = { "fe", "be", "in", "out" };
    for (int i = 0; i < 4; i++)
        snprintf (endpoints [i], sizeof endpoints [i], "ipc:///tmp/vc-broker-said-test-%d-%s",
                  (int) getpid (), names [i]);
    broker_config_t config = {
        .frontend = endpoints [0], .backend = endpoints [1], .events_in = endpoints [2],
        .events_out = endpoints [3], .services = "", .heartbeat_ms = VC_HEARTBEAT_MSEC,
        .liveness = VC_HEARTBEAT_LIVENESS, .request_timeout_ms = 2000, .queue_max = 100,
        .client_rate = 1000,
        .client_inflight_max = 100, .clients_max = 100, .history_max = 100,
        .costly = "", .costly_client_max = 2, .costly_source_max = 16, .files_max = 1024
    };
    zactor_t *broker = broker_start (&config);
    VC_CHECK (broker);
    vc_client_t *client = vc_client_new (endpoints [0], "test");
    VC_CHECK (client);
    VC_CHECK (vc_client_connect (client, 5000) == 0);
    s_expect (client, "nosuch", "ping", VC_UNKNOWN_SERVICE, "unknown service '%s'", "nosuch");
    s_expect (client, "broker", "nosuch", VC_BAD_REQUEST,
              "unknown operation for service 'broker'", NULL);
    s_expect (client, "broker", "shutdown", VC_FORBIDDEN,
              "%s is disabled: the broker has no operator key", "shutdown");
    vc_client_destroy (&client);
    zactor_destroy (&broker);
    for (int i = 0; i < 4; i++)
        unlink (endpoints [i] + strlen ("ipc://"));
    printf ("test_broker_said: OK\n");
    return 0;
}
