/*  test_broker_said - the broker's own refusals carry their message id and
    values (docs/protocol.md, "Message ids"), for the clients to say them
    in the person's language by the id: the broker actor in-process on ipc
    endpoints of this run, a real client over them.  */
#include "vc_api.h"
#include "vc_check.h"
#include "vc_client.h"
#include "vc_log.h"
#include "vc_said.h"
#include "test_broker.h"

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
    test_broker_t *broker = test_broker_new ("broker-said-test");
    VC_CHECK (broker);
    vc_client_t *client = vc_client_new (test_broker_frontend (broker), "test");
    VC_CHECK (client);
    VC_CHECK (vc_client_connect (client, 5000) == 0);
    s_expect (client, "nosuch", "ping", VC_UNKNOWN_SERVICE, "unknown service '%s'", "nosuch");
    s_expect (client, "broker", "nosuch", VC_BAD_REQUEST,
              "unknown operation for service 'broker'", NULL);
    s_expect (client, "broker", "shutdown", VC_FORBIDDEN,
              "%s is disabled: the broker has no operator key", "shutdown");
    vc_client_destroy (&client);
    test_broker_destroy (&broker);
    printf ("test_broker_said: OK\n");
    return 0;
}
