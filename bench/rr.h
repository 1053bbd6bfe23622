/*  rr - shared definitions of vc-bench-rr, the side-by-side request/reply
    benchmark: one closed-loop client harness driving several targets (raw
    DEALER to an echo ROUTER, one zmq_proxy hop, the broker with a service,
    NATS), with latency percentiles and CPU per request per process.
*/
#ifndef RR_H_INCLUDED
#define RR_H_INCLUDED

#include "bench.h"

//  Payload of the raw and NATS requests, and the size the broker's echo
//  requests are padded to
#define RR_REQUEST_SIZE 128

typedef struct _rr_client_t rr_client_t;

//  One kind of target: how a client connects, sends one request, and
//  takes its reply. Pollable targets give a ZeroMQ socket to poll; NATS
//  runs its own threads and calls rr_client_done () itself.
typedef struct {
    const char *name;
    int (*open) (rr_client_t *client, const char *endpoint, int index);
    int (*send) (rr_client_t *client);
    //  1: a reply was taken, 0: none waiting, -1: a wrong reply
    int (*recv) (rr_client_t *client);
    void (*close) (rr_client_t *client);
    void *(*socket) (rr_client_t *client);  //  NULL: not pollable
    //  Keep an idle client alive (heartbeats) while others connect; or NULL
    void (*tick) (rr_client_t *client);
} rr_target_t;

struct _rr_client_t {
    const rr_target_t *target;
    void *handle;               //  The target's connection
    void *extra;                //  The target's per-client state
    int64_t sent_us;
    int64_t *start_us, *stop_us;
    bench_lat_t lat;
    uint64_t ok, errors;
    volatile int stopped;       //  Its last request was answered after stop
    uint64_t quota;             //  Requests to make, 0: until stop_us
};

extern const rr_target_t rr_target_zmq;       //  DEALER, one frame
extern const rr_target_t rr_target_echo;      //  vc_client, echo service
extern const rr_target_t rr_target_lookup;    //  vc_client, data lookups
extern const rr_target_t rr_target_nats;      //  libnats request/reply

//  Microseconds, monotonic
int64_t rr_now_us (void);
//  A reply arrived: record it and send the next request while running.
void rr_client_done (rr_client_t *client, bool good);

typedef struct {
    const rr_target_t *target;
    const char *endpoint;
    int clients;
    int threads;
    int duration_ms;
    int warmup_ms;
    const char *pids;           //  name=pid,... whose CPU is measured
    const char *label;          //  Row name printed in the result
    long requests;              //  > 0: that many requests in all, no
                                //  warm-up, measured until the last reply
} rr_run_t;

//  Run the closed loop and print one RESULT line. Returns 0 or -1.
int rr_run (const rr_run_t *run);

//  CPU time (user + system) of a process in microseconds, -1 if unknown
int64_t rr_cpu_us (int pid);

//  ZMTP heartbeats (PING every this many ms, peer lost after 3 of them) on
//  the echo server's ROUTER and the plain DEALERs; 0: none (--zmtp-heartbeat)
extern int rr_zmtp_heartbeat_ms;
void rr_zmtp_heartbeat (zsock_t *sock);

//  Helper processes of the benchmark (each runs until SIGTERM)
int rr_echo_server (const char *endpoint);
int rr_proxy (const char *frontend, const char *backend);
int rr_nats_echo (const char *url);
//  Connect count idle clients to a broker (kind "broker"), a nats-server
//  ("nats") or the plain ROUTER echo server ("zmq"), measure the server's
//  resident memory before and after. Prints one IDLE line. beat_ms > 0:
//  each plain DEALER sends a message of two small frames (what a HEARTBEAT
//  of the protocol is) that often, which the echo server sends back.
int rr_idle (const char *kind, const char *endpoint, int count, int server_pid, int settle_ms,
             int beat_ms);

#endif
