/*  test_broker - the broker actor in-process on ipc endpoints of this run
    (see test_broker.h).  */
#include "test_broker.h"
#include "broker.h"

enum { S_FRONTEND, S_BACKEND, S_EVENTS_IN, S_EVENTS_OUT, S_ENDPOINTS };

struct _test_broker_t {
    char endpoints [S_ENDPOINTS][96];
    zactor_t *actor;
};

test_broker_t *
test_broker_new (const char *name)
{
    test_broker_t *self = (test_broker_t *) zmalloc (sizeof (test_broker_t));
    if (!self)
        return NULL;
    const char *parts [S_ENDPOINTS] = { "fe", "be", "in", "out" };
    for (int i = 0; i < S_ENDPOINTS; i++)
        snprintf (self->endpoints [i], sizeof self->endpoints [i], "ipc:///tmp/vc-%s-%d-%s",
                  name, (int) getpid (), parts [i]);
    broker_config_t config = {
        .frontend = self->endpoints [S_FRONTEND], .backend = self->endpoints [S_BACKEND],
        .events_in = self->endpoints [S_EVENTS_IN], .events_out = self->endpoints [S_EVENTS_OUT],
        .services = "", .heartbeat_ms = VC_HEARTBEAT_MSEC,
        .liveness = VC_HEARTBEAT_LIVENESS, .request_timeout_ms = 2000, .queue_max = 100,
        .client_rate = 1000,
        .client_inflight_max = 100, .clients_max = 100, .history_max = 100,
        .costly = "", .costly_client_max = 2, .costly_source_max = 16, .files_max = 1024
    };
    self->actor = broker_start (&config);
    if (!self->actor)
        test_broker_destroy (&self);
    return self;
}

void
test_broker_destroy (test_broker_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    test_broker_t *self = *self_p;
    zactor_destroy (&self->actor);
    for (int i = 0; i < S_ENDPOINTS; i++)
        unlink (self->endpoints [i] + strlen ("ipc://"));
    free (self);
    *self_p = NULL;
}

const char *
test_broker_frontend (test_broker_t *self)
{
    return self->endpoints [S_FRONTEND];
}

const char *
test_broker_events (test_broker_t *self)
{
    return self->endpoints [S_EVENTS_OUT];
}
