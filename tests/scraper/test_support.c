/*  test_support - fixture files and the loopback fixture server for tests.
*/
#include "test_support.h"

#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
fixture_server_start (fixture_server_t *server)
{
    int pipe_fds [2];
    if (pipe (pipe_fds))
        return -1;
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        //  A test that fails a check aborts: the server goes with it, not
        //  at the end of its lifetime (it holds the test's output open)
        if (prctl (PR_SET_PDEATHSIG, SIGTERM) || getppid () != parent)
            _exit (1);
        dup2 (pipe_fds [1], STDOUT_FILENO);
        close (pipe_fds [0]);
        close (pipe_fds [1]);
        execl (FIXTURE_HTTPD, FIXTURE_HTTPD, "--root", FIXTURE_DIR, "--lifetime", "120", (char *) NULL);
        _exit (127);
    }
    close (pipe_fds [1]);
    struct pollfd ready = { .fd = pipe_fds [0], .events = POLLIN };
    char line [32] = "";
    ssize_t got = 0;
    if (poll (&ready, 1, 5000) == 1)
        got = read (pipe_fds [0], line, sizeof line - 1);
    close (pipe_fds [0]);
    server->pid = pid;
    server->port = got > 0? atoi (line): 0;
    if (server->port <= 0) {
        fixture_server_stop (server);
        return -1;
    }
    return 0;
}

void
fixture_server_stop (fixture_server_t *server)
{
    if (server->pid > 0) {
        kill (server->pid, SIGTERM);
        waitpid (server->pid, NULL, 0);
    }
    server->pid = 0;
}

const char *
fixture_url (const fixture_server_t *server, const char *path)
{
    static char url [1024];
    snprintf (url, sizeof url, "http://127.0.0.1:%d%s", server->port, path);
    return url;
}

const char *
fixture_path (const char *name)
{
    static char path [1024];
    if (name [0] == '/')
        snprintf (path, sizeof path, "%s", name);
    else
        snprintf (path, sizeof path, "%s/%s", FIXTURE_DIR, name);
    return path;
}

char *
fixture_read (const char *name, size_t *size)
{
    FILE *file = fopen (fixture_path (name), "rb");
    if (!file) {
        fprintf (stderr, "missing fixture %s\n", fixture_path (name));
        abort ();
    }
    fseek (file, 0, SEEK_END);
    long length = ftell (file);
    fseek (file, 0, SEEK_SET);
    char *data = (char *) malloc ((size_t) length + 1);
    VC_CHECK (data);
    VC_CHECK (fread (data, 1, (size_t) length, file) == (size_t) length);
    data [length] = 0;
    fclose (file);
    *size = (size_t) length;
    return data;
}

long long
fixture_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}
