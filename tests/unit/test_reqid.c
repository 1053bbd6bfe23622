/*  test_reqid - unit test of request ids (vc_reqid_new): the module's
    self-test (never 0, no repeats, different in two threads), then a fork
    in the middle of a batch: the child does not send the ids its parent
    has still to send. The fork stays here, not in vc_reqid_test: a
    self-test runs inside whatever program calls it, and a library must not
    fork that program (its sockets, threads and atexit handlers would be
    copied into a child).  */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "vc_reqid.h"

#define S_AFTER_FORK 40

//  The first of the child's ids its parent also sent, or NULL: a plain
//  search, count x count comparisons (the self-test sorts its thousands)
static const uint64_t *
s_shared (const uint64_t *parent, const uint64_t *child, size_t count)
{
    for (size_t i = 0; i < count; i++)
        for (size_t j = 0; j < count; j++)
            if (child [i] == parent [j])
                return child + i;
    return NULL;
}

//  The child's ids, written to the pipe; its exit code says if they went
static void
s_child (int fd)
{
    uint64_t child [S_AFTER_FORK];
    for (int i = 0; i < S_AFTER_FORK; i++)
        child [i] = vc_reqid_new ();
    ssize_t written = write (fd, child, sizeof child);
    _exit (written == (ssize_t) sizeof child ? 0 : 1);
}

//  All of the ids size bytes long from fd into ids; the bytes read
static size_t
s_read_all (int fd, uint64_t *ids, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t part = read (fd, (char *) ids + got, size - got);
        if (part <= 0)
            break;
        got += (size_t) part;
    }
    return got;
}

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    vc_reqid_test (verbose);

    //  A fork in the middle of a batch: the child's next ids and the
    //  parent's next ids
    vc_reqid_new ();
    int fds [2];
    if (pipe (fds))
        return 1;
    pid_t pid = fork ();
    if (pid < 0)
        return 1;
    if (pid == 0)
        s_child (fds [1]);
    uint64_t forked [2 * S_AFTER_FORK];
    for (int i = 0; i < S_AFTER_FORK; i++)
        forked [i] = vc_reqid_new ();
    size_t got = s_read_all (fds [0], forked + S_AFTER_FORK, S_AFTER_FORK * sizeof (uint64_t));
    int status = 0;
    waitpid (pid, &status, 0);
    if (got != S_AFTER_FORK * sizeof (uint64_t) || !WIFEXITED (status) || WEXITSTATUS (status)) {
        fprintf (stderr, "test_reqid: the child's ids did not come\n");
        return 1;
    }
    const uint64_t *shared = s_shared (forked, forked + S_AFTER_FORK, S_AFTER_FORK);
    if (shared) {
        fprintf (stderr, "test_reqid: parent and forked child: id %zu of the"
                 " child repeated\n", (size_t) (shared - forked - S_AFTER_FORK));
        return 1;
    }
    printf (" * test_reqid: OK\n");
    return 0;
}
