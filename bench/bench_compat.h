/*  bench_compat - what vc-bench-rr uses of the library that an older tree's
    library lacks, for bench/run.sh VC_BENCH_BEFORE, which builds this
    harness in a checkout of another revision (bench/CMakeLists.txt finds
    what is missing there and sets BENCH_COMPAT_NEED / BENCH_COMPAT_PACK).
    Built in this tree, nothing here is used. Neither is on the measured
    path: VC_NEED checks the harness's own allocations, and the maps
    counted at their end make the echo request's body once at start-up.
*/
#ifndef BENCH_COMPAT_H_INCLUDED
#define BENCH_COMPAT_H_INCLUDED

#include "vc_check.h"

#if defined (BENCH_COMPAT_NEED) && !defined (VC_NEED)
static inline void *
bench_compat_need (void *value, const char *file, int line, const char *call)
{
    if (!value) {
        fprintf (stderr, "%s:%d: %s gave NULL (out of memory, or it could not be made)\n",
                 file, line, call);
        exit (1);
    }
    return value;
}
#define VC_NEED(call) bench_compat_need ((call), __FILE__, __LINE__, #call)
#endif

#ifdef BENCH_COMPAT_PACK
//  A map whose pairs are counted when it ends (one open at a time)
void vc_pack_map_begin (vc_pack_t *self);
void vc_pack_map_end (vc_pack_t *self);
#endif

#endif
