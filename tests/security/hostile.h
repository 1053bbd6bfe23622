/*  hostile - the attacks vc-hostile makes on a running broker, one file
    each; every attack prints one result line that the test scripts grep
    and returns 0 when it could run, 1 on a setup error.  */
#ifndef HOSTILE_H_INCLUDED
#define HOSTILE_H_INCLUDED

#include "vc_client.h"
#include "vc_msg.h"

#define HOSTILE_WAIT_MSEC 2000

//  hostile_util.c
//  A raw DEALER connected to endpoint; with_id: a random chosen routing id
//  (as the client library does), else none (libzmq names it 0x00 + counter).
zsock_t *hostile_dealer (const char *endpoint, bool with_id);
//  A raw DEALER with the given routing id.
zsock_t *hostile_dealer_with (const char *endpoint, const byte *id, size_t size);
//  Send [VC01][HELLO][{kind: "hostile"}].
int hostile_hello (zsock_t *dealer);
//  The next message's command within timeout_ms, 0 if none; for WELCOME
//  the "client" field is copied to client.
int hostile_next (zsock_t *dealer, int timeout_ms, char *client, size_t size);
//  True if a new, well-behaved client is served a ping.
bool hostile_broker_alive (const char *endpoint);

//  hostile_routing.c: item "routing id clash" (see docs/security.md)
int hostile_routeclash (const char *endpoint, int count, const char *frontend);

//  hostile_noread.c: clients that never read their replies
int hostile_noread (const char *endpoint, int count, int seconds, const char *service, int size);

//  hostile_raw.c: raw ZMTP peers (halfframe, silent, sources)
int hostile_raw (const char *mode, const char *endpoint, int count, int wait_ms);

//  hostile_squat.c: a session taken over by its routing id
int hostile_squat (const char *endpoint, const char *username, const char *password);

//  hostile_stale.c: a connection that starts with a HEARTBEAT
int hostile_stale (const char *endpoint);

//  hostile_pair.c: a client of a broker pair that sees every answer
int hostile_pair (const char *primary, const char *backup, int seconds, const char *prefix);

//  hostile_crowd.c: many clients of one source address flooding sign-ups
int hostile_crowd (const char *endpoint, const char *source, int count, int seconds);

//  hostile_blackhole.c: a service instance that never answers
int hostile_blackhole (const char *endpoint, const char *service, int seconds);

#endif
