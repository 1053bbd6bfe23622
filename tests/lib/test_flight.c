/*  test_flight - the requests a raw test client keeps in flight.  */
#include <czmq.h>
#include "test_flight.h"

static const test_flight_t *
s_at (const void *records, size_t size, int index)
{
    return (const test_flight_t *) ((const char *) records + (size_t) index * size);
}

int
test_flight_waiting (const void *records, int count, size_t size, int64_t *oldest)
{
    int waiting = 0;
    *oldest = zclock_mono ();
    for (int i = 0; i < count; i++) {
        const test_flight_t *request = s_at (records, size, i);
        if (request->answers == 0) {
            waiting++;
            if (request->sent_at < *oldest)
                *oldest = request->sent_at;
        }
    }
    return waiting;
}

void *
test_flight_find (void *records, int count, size_t size, uint64_t reqid)
{
    for (int i = count - 1; i >= 0; i--)
        if (s_at (records, size, i)->reqid == reqid)
            return (char *) records + (size_t) i * size;
    return NULL;
}
