/*  vc_check - the check macro of self-tests and test programs: prints the
    file, line and failed condition, then aborts. Stays active in release
    builds, unlike assert. VC_NEED is the out-of-memory check of test
    programs: the value of a constructor or allocation, or, when it gave
    NULL, the file, line and call printed and exit 1 (a test failure, not
    a crash). VC_CHECK_SAID checks a text a self-test was given against
    the one expected, and frees it.
*/
#ifndef VC_CHECK_H_INCLUDED
#define VC_CHECK_H_INCLUDED

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VC_CHECK(cond) do { if (!(cond)) { \
    fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    abort (); } } while (0)

static inline void *
vc_check_need (void *value, const char *file, int line, const char *call)
{
    if (!value) {
        fprintf (stderr, "%s:%d: %s gave NULL (out of memory, or it could not be made)\n",
                 file, line, call);
        exit (1);
    }
    return value;
}
#define VC_NEED(call) vc_check_need ((call), __FILE__, __LINE__, #call)

//  said (allocated, or NULL for none; freed here) is expected (NULL: none
//  is), else both are printed with the file and line, then abort
static inline void
vc_check_said (char *said, const char *expected, const char *file, int line)
{
    if (expected ? !said || strcmp (said, expected) : said != NULL) {
        fprintf (stderr, "%s:%d: said '%s', expected '%s'\n", file, line,
                 said ? said : "(none)", expected ? expected : "(none)");
        abort ();
    }
    free (said);
}
#define VC_CHECK_SAID(said, expected) vc_check_said ((said), (expected), __FILE__, __LINE__)

#endif
