/*  vc_proto - constants of the VC01 wire protocol (see docs/protocol.md):
    size limits, default endpoints and timings, and (generated from
    proto/vcovid.xml) the signature, commands, status codes and topics.
    One definition for every program.
*/
#ifndef VC_PROTO_H_INCLUDED
#define VC_PROTO_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Signature, command bytes, status codes and event topics, generated
//  from the protocol model (proto/vcovid.xml)
#include "vc_proto_codes.h"

//  Size limits, checked on every received frame
#define VC_SERVICE_MAX          32      //  Service name bytes
#define VC_ADDRESS_MAX          64      //  Service name or client id bytes
#define VC_REQID_MAX            32      //  Request id bytes (opaque)
#define VC_EXTRA_MAX            128     //  Token or username frame bytes
#define VC_BODY_MAX             (256 * 1024)  //  msgpack body bytes
#define VC_MESSAGE_MAX          (1024 * 1024) //  ZMQ_MAXMSGSIZE: larger frames cut the link
#define VC_DEPTH_MAX            8       //  msgpack nesting depth
#define VC_STRING_MAX           4096    //  Default longest string field
#define VC_TOPIC_MAX            64      //  Event topic bytes

//  Default endpoints (loopback) and timings
#define VC_DEFAULT_HOST         "127.0.0.1"
#define VC_DEFAULT_FRONTEND_PORT 5555   //  clients
#define VC_DEFAULT_BACKEND_PORT  5556   //  service workers
#define VC_DEFAULT_EVENTS_IN_PORT 5557  //  services publish (XSUB)
#define VC_DEFAULT_EVENTS_OUT_PORT 5558 //  monitors subscribe (XPUB)
#define VC_DEFAULT_FRONTEND     "tcp://127.0.0.1:5555"
#define VC_DEFAULT_BACKEND      "tcp://127.0.0.1:5556"
#define VC_DEFAULT_EVENTS_IN    "tcp://127.0.0.1:5557"
#define VC_DEFAULT_EVENTS_OUT   "tcp://127.0.0.1:5558"
#define VC_HEARTBEAT_MSEC       1000    //  Heartbeat interval
#define VC_HEARTBEAT_LIVENESS   3       //  Missed beats before a peer is lost
#define VC_REQUEST_TIMEOUT_MSEC 5000    //  Client waits this long for a reply
#define VC_CONNECT_TIMEOUT_MSEC 3000    //  Client waits this long for WELCOME

//  True if text is a valid service name: 1..VC_SERVICE_MAX of [a-z0-9._-].
bool vc_service_name_valid (const char *text);

//  Turn what a user types ("127.0.0.1", "host:5555", "tcp://h:p") into a
//  ZeroMQ endpoint with the given default port. Returns 0, -1 if unusable.
int vc_endpoint_normalize (const char *text, int default_port,
                           char *out, size_t out_size);

//  The public key (Z85, 40 chars + NUL into key) from a CURVE certificate
//  file written by vc-keygen (the public file or the _secret one).
//  Returns 0, or -1 if the file cannot be read or holds no valid key.
int vc_curve_key_load (const char *path, char *key, size_t key_size);

//  Self-test: endpoints as users type them, service names, status names.
//  Aborts at the first failed check.
void vc_proto_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
