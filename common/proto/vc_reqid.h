/*  vc_reqid - request ids: random, never 0, 8 bytes on the wire
    (big-endian). They come from the system's random source in batches,
    one batch per thread; a fork's child starts a batch of its own, so a
    parent and its child never send the same ids.
*/
#ifndef VC_REQID_H_INCLUDED
#define VC_REQID_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//  A random request id (never 0). Safe in any thread.
uint64_t vc_reqid_new (void);

//  Self-test: ids never 0, no repeats in one thread, none shared by two
//  threads at once. Aborts at the first failed check. (The fork case needs
//  a child process: tests/unit/test_reqid.c checks it.)
void vc_reqid_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
