/*  test_broker - the broker actor started in-process for a test program,
    on ipc endpoints of this run (no ports), with the limits of a test:
    clients of the test talk to it over real sockets.  */
#ifndef TEST_BROKER_H_INCLUDED
#define TEST_BROKER_H_INCLUDED

#include <czmq.h>

typedef struct _test_broker_t test_broker_t;

//  Start the broker on ipc endpoints named after name and this process;
//  NULL if it did not start.
test_broker_t *test_broker_new (const char *name);
//  Stop it and remove its endpoints' files.
void test_broker_destroy (test_broker_t **self_p);

//  The clients' endpoint (ROUTER) and the event bus's output (XPUB).
const char *test_broker_frontend (test_broker_t *self);
const char *test_broker_events (test_broker_t *self);

#endif
