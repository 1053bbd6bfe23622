/*  bench - shared definitions of the benchmark: simulated clients, latency
    recording and the workloads.
*/
#ifndef BENCH_H_INCLUDED
#define BENCH_H_INCLUDED

#include "vc_api.h"
#include "vc_client.h"
#include "vc_config.h"
#include "vc_log.h"
#if defined (BENCH_COMPAT_NEED) || defined (BENCH_COMPAT_PACK)
#include "bench_compat.h"        //  built in an older tree (bench/run.sh)
#endif

typedef enum {
    OP_LOOKUP_DATE,             //  data: lookup province + date
    OP_LOOKUP_TOTAL,            //  data: lookup province total
    OP_SIGNIN,                  //  auth: sign in (then sign out)
    OP_SIGNOUT,
    OP_ECHO,                    //  any service: ping
    OP_COUNT
} bench_op_t;

//  Latencies in microseconds, growing array
typedef struct {
    uint32_t *values;
    size_t size, capacity;
} bench_lat_t;

void bench_lat_add (bench_lat_t *lat, uint32_t usec);
void bench_lat_merge (bench_lat_t *into, bench_lat_t *from);
//  p in [0, 100]; sorts the array on first use
uint32_t bench_lat_percentile (bench_lat_t *lat, double p);
void bench_lat_free (bench_lat_t *lat);

typedef struct {
    const char *server;
    const char *workload;       //  "mixed", "lookup" or "ping"
    const char *service;        //  For "ping"
    const char *user_prefix;
    const char *password;
    int clients;
    int threads;
    int duration_s;
    int warmup_s;
} bench_config_t;

typedef struct {
    bench_lat_t lat [OP_COUNT];
    uint64_t ok [OP_COUNT];
    uint64_t errors [OP_COUNT];
    char first_error [256];
} bench_stats_t;

//  Run the workload with cfg->clients clients; fills stats. Returns 0 or -1.
int bench_system_run (const bench_config_t *cfg, bench_stats_t *stats);

//  The physical reference: DEALER<->ROUTER echo, no broker, no work, same
//  transport and message sizes, same number of clients.
int bench_echo_run (const bench_config_t *cfg, size_t request_size, size_t reply_size,
                    bench_stats_t *stats);

const char *bench_op_name (bench_op_t op);

#endif
