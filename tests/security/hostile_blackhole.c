/*  hostile_blackhole - a service instance that registers, heartbeats and
    takes requests but never answers them (a hung backend): the broker must
    take it out of rotation. Runs for the given seconds; prints
    "swallowed=N".  */
#include "hostile.h"
#include "vc_worker.h"

int
hostile_blackhole (const char *endpoint, const char *service, int seconds)
{
    vc_worker_t *worker = vc_worker_new (endpoint, service, 1);
    if (!worker)
        return 1;
    int swallowed = 0;
    int64_t end = zclock_mono () + (int64_t) seconds * 1000;
    while (zclock_mono () < end && !zsys_interrupted) {
        vc_request_t *request = vc_worker_recv (worker, 100);
        if (request) {
            swallowed++;
            vc_request_destroy (&request);
        }
    }
    vc_worker_destroy (&worker);
    printf ("swallowed=%d\n", swallowed);
    return 0;
}
