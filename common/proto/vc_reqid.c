/*  vc_reqid - request ids from the system's random source, in batches, one
    batch per thread, a new one in a fork's child.  */
#include "vc_reqid.h"
#include "vc_check.h"
#include "vc_log.h"
#include <sodium.h>
#include <pthread.h>

//  Request ids come from the system's random source VC_REQID_BATCH at a
//  time: one system call per batch, not one per request. Each thread has
//  its own batch; a fork's child starts a new one, so parent and child
//  never send the same ids. A taken id is wiped from the batch. The fork
//  handler is set up where a batch is made, before the process holds any
//  id, so taking an id from a batch costs no pthread_once.
#define VC_REQID_BATCH 32
static _Thread_local uint64_t s_reqids [VC_REQID_BATCH];
static _Thread_local int s_reqids_left;
static pthread_once_t s_reqid_once = PTHREAD_ONCE_INIT;

static void
s_reqids_forget (void)
{
    sodium_memzero (s_reqids, sizeof s_reqids);
    s_reqids_left = 0;
}

static void
s_reqids_at_fork (void)
{
    if (pthread_atfork (NULL, NULL, s_reqids_forget))
        vc_error ("request ids: cannot watch for fork (out of memory):"
                  " a forked child may repeat its parent's ids");
}

static void
s_reqids_fill (void)
{
    pthread_once (&s_reqid_once, s_reqids_at_fork);
    randombytes_buf (s_reqids, sizeof s_reqids);
    s_reqids_left = VC_REQID_BATCH;
}

uint64_t
vc_reqid_new (void)
{
    uint64_t reqid = 0;
    while (reqid == 0) {
        if (s_reqids_left == 0)
            s_reqids_fill ();
        s_reqids_left--;
        reqid = s_reqids [s_reqids_left];
        s_reqids [s_reqids_left] = 0;
    }
    return reqid;
}

//  ---------------------------------------------------------------------
//  Self-test

#define S_TEST_COUNT 10000      //  Ids taken in one thread
#define S_TEST_THREAD_IDS 40    //  Ids taken by each of two threads: more than a batch

static int
s_compare (const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return x < y ? -1 : x > y;
}

//  True when all ids in the array are different and not 0; else says
//  which was wrong, and where
static bool
s_all_different (uint64_t *ids, size_t count, const char *what)
{
    qsort (ids, count, sizeof ids [0], s_compare);
    for (size_t i = 0; i < count; i++) {
        if (ids [i] == 0 || (i > 0 && ids [i] == ids [i - 1])) {
            fprintf (stderr, "vc_reqid_test: %s: id %s at %zu\n", what,
                     ids [i] ? "repeated" : "0", i);
            return false;
        }
    }
    return true;
}

static void *
s_test_thread (void *arg)
{
    uint64_t *ids = (uint64_t *) arg;
    for (int i = 0; i < S_TEST_THREAD_IDS; i++)
        ids [i] = vc_reqid_new ();
    return NULL;
}

void
vc_reqid_test (bool verbose)
{
    if (verbose)
        printf (" * vc_reqid: ");
    uint64_t *ids = (uint64_t *) malloc (S_TEST_COUNT * sizeof (uint64_t));
    VC_CHECK (ids);
    for (int i = 0; i < S_TEST_COUNT; i++)
        ids [i] = vc_reqid_new ();
    VC_CHECK (s_all_different (ids, S_TEST_COUNT, "one thread"));
    free (ids);

    //  Two threads at once
    uint64_t both [2 * S_TEST_THREAD_IDS];
    pthread_t thread;
    VC_CHECK (pthread_create (&thread, NULL, s_test_thread, both + S_TEST_THREAD_IDS) == 0);
    s_test_thread (both);
    VC_CHECK (pthread_join (thread, NULL) == 0);
    VC_CHECK (s_all_different (both, 2 * S_TEST_THREAD_IDS, "two threads"));
    if (verbose)
        printf ("OK\n");
}
