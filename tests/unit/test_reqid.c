/*  test_reqid - unit test of request ids (vc_reqid_new): never 0, no
    repeats, different in two threads, and a fork's child does not send the
    ids its parent has still to send (ids come from the system's random
    source in batches).  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/wait.h>
#include "vc_client.h"

#define S_COUNT 10000
#define S_AFTER_FORK 40

static int
s_compare (const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return x < y ? -1 : x > y;
}

//  Fails unless all ids in the array are different and not 0.
static void
s_all_different (uint64_t *ids, size_t count, const char *what)
{
    qsort (ids, count, sizeof ids [0], s_compare);
    for (size_t i = 0; i < count; i++) {
        if (ids [i] == 0 || (i > 0 && ids [i] == ids [i - 1])) {
            fprintf (stderr, "test_reqid: %s: id %s at %zu\n", what,
                     ids [i] ? "repeated" : "0", i);
            exit (1);
        }
    }
}

static void *
s_thread (void *arg)
{
    uint64_t *ids = (uint64_t *) arg;
    for (int i = 0; i < S_AFTER_FORK; i++)
        ids [i] = vc_reqid_new ();
    return NULL;
}

int
main (void)
{
    uint64_t *ids = (uint64_t *) malloc (S_COUNT * sizeof (uint64_t));
    if (!ids)
        return 1;
    for (int i = 0; i < S_COUNT; i++)
        ids [i] = vc_reqid_new ();
    s_all_different (ids, S_COUNT, "one thread");

    //  Two threads at once
    uint64_t both [2 * S_AFTER_FORK];
    pthread_t thread;
    if (pthread_create (&thread, NULL, s_thread, both + S_AFTER_FORK))
        return 1;
    s_thread (both);
    pthread_join (thread, NULL);
    s_all_different (both, 2 * S_AFTER_FORK, "two threads");

    //  A fork in the middle of a batch: the child's next ids and the
    //  parent's next ids
    vc_reqid_new ();
    int fds [2];
    if (pipe (fds))
        return 1;
    pid_t pid = fork ();
    if (pid < 0)
        return 1;
    if (pid == 0) {
        uint64_t child [S_AFTER_FORK];
        for (int i = 0; i < S_AFTER_FORK; i++)
            child [i] = vc_reqid_new ();
        ssize_t written = write (fds [1], child, sizeof child);
        _exit (written == (ssize_t) sizeof child ? 0 : 1);
    }
    uint64_t forked [2 * S_AFTER_FORK];
    for (int i = 0; i < S_AFTER_FORK; i++)
        forked [i] = vc_reqid_new ();
    size_t got = 0;
    while (got < S_AFTER_FORK * sizeof (uint64_t)) {
        ssize_t size = read (fds [0], (char *) (forked + S_AFTER_FORK) + got,
                             S_AFTER_FORK * sizeof (uint64_t) - got);
        if (size <= 0)
            break;
        got += (size_t) size;
    }
    int status = 0;
    waitpid (pid, &status, 0);
    if (got != S_AFTER_FORK * sizeof (uint64_t) || !WIFEXITED (status) || WEXITSTATUS (status)) {
        fprintf (stderr, "test_reqid: the child's ids did not come\n");
        return 1;
    }
    s_all_different (forked, 2 * S_AFTER_FORK, "parent and forked child");
    free (ids);
    printf (" * test_reqid: OK\n");
    return 0;
}
