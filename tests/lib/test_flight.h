/*  test_flight - the requests a raw test client keeps in flight: the part
    of a request's record every such client has (its id, how many answers
    it got, when it was last sent), how many still wait for an answer and
    when the oldest of those was sent, and a request found by its id.

    A program's own record starts with a test_flight_t; the functions take
    the program's array, its length and the size of one record.  */
#ifndef TEST_FLIGHT_H_INCLUDED
#define TEST_FLIGHT_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint64_t reqid;
    int answers;                //  Answers counted for it
    int64_t sent_at;            //  Last sent (zclock_mono)
} test_flight_t;

//  How many of the count records have no answer yet; when the oldest of
//  them was sent in *oldest (now when there is none).
int test_flight_waiting (const void *records, int count, size_t size, int64_t *oldest);

//  The record with request id reqid, the latest first; NULL if none.
void *test_flight_find (void *records, int count, size_t size, uint64_t reqid);

#endif
