/*  fuzz_check - shared by the fuzz harnesses: a CHECK that aborts in every
    build (release builds define NDEBUG), and the split of one fuzz input
    into the frames of a ZeroMQ message.

    Input layout for framed targets: byte 0 holds flags for the target;
    then frames, each a 2-byte big-endian length followed by that many
    bytes (a length running past the end takes what is left).
*/
#ifndef FUZZ_CHECK_H_INCLUDED
#define FUZZ_CHECK_H_INCLUDED

#include <czmq.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond) do { if (!(cond)) { \
    fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    abort (); } } while (0)

#define FUZZ_FRAMES_MAX 16

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  A message of up to FUZZ_FRAMES_MAX frames from data (after the flags byte).
static inline zmsg_t *
fuzz_frames (const uint8_t *data, size_t size)
{
    zmsg_t *zmsg = zmsg_new ();
    size_t pos = 0;
    while (pos < size && zmsg_size (zmsg) < FUZZ_FRAMES_MAX) {
        size_t len = data [pos++];
        if (pos < size)
            len = (len << 8) | data [pos++];
        if (len > size - pos)
            len = size - pos;
        zmsg_addmem (zmsg, data + pos, len);
        pos += len;
    }
    return zmsg;
}

#endif
