/*  vc_check - the check macro of self-tests and test programs: prints the
    file, line and failed condition, then aborts. Stays active in release
    builds, unlike assert.
*/
#ifndef VC_CHECK_H_INCLUDED
#define VC_CHECK_H_INCLUDED

#include <stdio.h>
#include <stdlib.h>

#define VC_CHECK(cond) do { if (!(cond)) { \
    fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    abort (); } } while (0)

#endif
