/*  broker_zap - the broker's ZAP handler (ZeroMQ RFC 27), run as its own
    thread: on the worker endpoint (ZAP domain "workers") a CURVE handshake
    is accepted only when the service's public key has a certificate in the
    worker-keys folder; every other domain (the client endpoint) is
    accepted, as without a handler. The folder is read again when it
    changes, so a service key can be added or removed without a restart.  */
#include "broker.h"

#define ZAP_ENDPOINT "inproc://zeromq.zap.01"

//  Sends the RFC 27 reply: version, request id, status, text, user, metadata.
static void
s_reply (zsock_t *handler, zframe_t **reqid_p, bool allowed, const char *user)
{
    zmsg_t *reply = zmsg_new ();
    assert (reply);
    zmsg_addstr (reply, "1.0");
    zmsg_append (reply, reqid_p);
    zmsg_addstr (reply, allowed ? "200" : "400");
    zmsg_addstr (reply, allowed ? "OK" : "service key not allowed");
    zmsg_addstr (reply, user);
    zmsg_addmem (reply, NULL, 0);
    if (zmsg_send (&reply, handler))
        zmsg_destroy (&reply);
}

//  Decides one request. Frames: version, request id, domain, address,
//  routing id, mechanism, credentials (the 32-byte key for CURVE).
static void
s_handle (zsock_t *handler, zcertstore_t *store)
{
    zmsg_t *request = zmsg_recv (handler);
    if (!request)
        return;
    char *version = zmsg_popstr (request);
    zframe_t *reqid = zmsg_pop (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    zframe_t *routing_id = zmsg_pop (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *credentials = zmsg_pop (request);
    char key [41] = "";
    if (mechanism && streq (mechanism, "CURVE") && credentials && zframe_size (credentials) == 32)
        zmq_z85_encode (key, zframe_data (credentials), 32);
    bool workers = domain && streq (domain, BROKER_ZAP_DOMAIN);
    bool allowed = !workers || (*key && zcertstore_lookup (store, key));
    if (workers && !allowed)
        vc_warn ("refused a service from %s: its key %s is not in the worker keys",
                 address ? address : "?", *key ? key : "(none)");
    else
    if (workers)
        vc_debug ("admitted a service from %s with key %s", address ? address : "?", key);
    if (!reqid)
        reqid = zframe_new_empty ();
    s_reply (handler, &reqid, allowed, workers ? key : "");
    zstr_free (&version);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&mechanism);
    zframe_destroy (&routing_id);
    zframe_destroy (&credentials);
    zmsg_destroy (&request);
}

//  The actor: args is the folder of allowed service certificates. Sends
//  "OK" or the reason it cannot run on its pipe once started.
void
broker_zap_actor (zsock_t *pipe, void *args)
{
    const char *folder = (const char *) args;
    zsock_t *handler = zsock_new (ZMQ_REP);
    zcertstore_t *store = zcertstore_new (folder);
    zsock_signal (pipe, 0);
    if (!handler || !store || zsock_bind (handler, ZAP_ENDPOINT)) {
        zstr_send (pipe, "cannot start the ZAP handler (another one is running?)");
        zcertstore_destroy (&store);
        zsock_destroy (&handler);
        return;
    }
    zstr_send (pipe, "OK");
    zpoller_t *poller = zpoller_new (pipe, handler, NULL);
    assert (poller);
    zpoller_set_nonstop (poller, true);     //  Ends on $TERM only
    while (true) {
        void *which = zpoller_wait (poller, -1);
        if (which == handler)
            s_handle (handler, store);
        else
            break;              //  $TERM from the pipe, or interrupted
    }
    zpoller_destroy (&poller);
    zcertstore_destroy (&store);
    zsock_destroy (&handler);
}
