/*  test_echo - the body of a request to the test echo service (vc-echo-svc):
    {op: "echo", text}, its map counted by the pack.  */
#ifndef TEST_ECHO_H_INCLUDED
#define TEST_ECHO_H_INCLUDED

#include <czmq.h>

//  A new frame with the body; NULL when out of memory.
zframe_t *test_echo_body (const char *text);

#endif
