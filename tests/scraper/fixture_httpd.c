/*  fixture_httpd - a tiny HTTP/1.1 server on 127.0.0.1 for scraper tests.

    Usage: fixture_httpd --root DIR [--lifetime SECONDS]
    Binds 127.0.0.1 on an ephemeral port, prints the port on stdout, serves
    until the lifetime (default 60 s) ends or it is terminated. One process,
    one thread, poll(); every answer closes its connection. Routes:

      /pages/NAME[?charset=CS]   a file of DIR, with ETag and Last-Modified;
                                 If-None-Match / If-Modified-Since -> 304
      /pages-lm/NAME             the same with Last-Modified only
      /status/CODE               answers with that status
      /flaky/N/NAME              503 for the first N requests, then the page
      /slow/MS/NAME              the page after MS milliseconds
      /redirect/N/NAME           N redirects, then the page
      /loop/N                    redirects forever
      /cut/NAME                  announces the full length, sends half, closes
      /close-early/NAME          no length, sends half, closes
      /big/BYTES                 that many bytes, with Content-Length
      /big-nolength/BYTES        that many bytes, no length
      /echo-headers              the request headers as the body
      /hits/PATH                 how many requests PATH has had
*/
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS      64
#define REQUEST_MAX    8192
#define MAX_HITS       256
#define TARGET_MAX     1024     //  A request's target, "%1023s" in s_route
#define LAST_MODIFIED  "Wed, 15 Dec 2021 11:30:00 GMT"
#define MAX_FILE       (64 * 1024 * 1024)

typedef struct {
    int fd;
    char request [REQUEST_MAX + 1];
    size_t length;
    char *response;             //  Ready to send once send_at has come
    size_t response_size;
    size_t send_limit;          //  Send at most this much, then close
    int64_t send_at;
} conn_t;

typedef struct {
    char path [TARGET_MAX];     //  Whole: a cut path would never match again
    int count;
} hit_t;

static const char *s_root;
static conn_t s_conns [MAX_CONNS];
static hit_t s_hits [MAX_HITS];
static volatile sig_atomic_t s_stop;

static int64_t
s_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int
s_hit (const char *path, bool count)
{
    for (int index = 0; index < MAX_HITS; index++) {
        if (!*s_hits [index].path && count) {
            snprintf (s_hits [index].path, sizeof s_hits [index].path, "%s", path);
            return ++s_hits [index].count;
        }
        if (strcmp (s_hits [index].path, path) == 0)
            return count? ++s_hits [index].count: s_hits [index].count;
    }
    return 0;
}

//  Build a response: status line, headers (may be NULL), body.
static void
s_respond (conn_t *conn, int status, const char *headers, const char *body, size_t size,
           bool with_length)
{
    char head [2048];
    int length = snprintf (head, sizeof head, "HTTP/1.1 %d X\r\nConnection: close\r\n%s", status,
                           headers? headers: "");
    if (with_length)
        length += snprintf (head + length, sizeof head - (size_t) length,
                            "Content-Length: %zu\r\n", size);
    length += snprintf (head + length, sizeof head - (size_t) length, "\r\n");
    conn->response = (char *) malloc ((size_t) length + size);
    if (!conn->response)
        exit (2);
    memcpy (conn->response, head, (size_t) length);
    if (size)
        memcpy (conn->response + length, body, size);
    conn->response_size = (size_t) length + size;
    conn->send_limit = conn->response_size;
}

static void
s_text (conn_t *conn, int status, const char *format, ...)
{
    char body [512];
    va_list args;
    va_start (args, format);
    vsnprintf (body, sizeof body, format, args);
    va_end (args);
    s_respond (conn, status, "Content-Type: text/plain\r\n", body, strlen (body), true);
}

//  Read a fixture file; NULL if missing or the name is unsafe.
static char *
s_read_file (const char *name, size_t *size)
{
    if (!*name || strstr (name, "..") || strchr (name, '/'))
        return NULL;
    char path [1024];
    snprintf (path, sizeof path, "%s/%s", s_root, name);
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    char *data = (char *) malloc (MAX_FILE);
    *size = data? fread (data, 1, MAX_FILE, file): 0;
    fclose (file);
    return data;
}

static const char *
s_type (const char *name)
{
    const char *dot = strrchr (name, '.');
    if (dot && strcmp (dot, ".json") == 0)
        return "application/json";
    if (dot && strcmp (dot, ".js") == 0)
        return "application/javascript";
    if (dot && strcmp (dot, ".html") == 0)
        return "text/html";
    return "application/octet-stream";
}

static char *
s_header_value (const char *request, const char *name, char *out, size_t size)
{
    size_t length = strlen (name);
    for (const char *line = strstr (request, "\r\n"); line; line = strstr (line + 2, "\r\n"))
        if (strncasecmp (line + 2, name, length) == 0 && line [2 + length] == ':') {
            const char *value = line + 3 + length;
            while (*value == ' ')
                value++;
            size_t end = strcspn (value, "\r\n");
            snprintf (out, size, "%.*s", (int) end, value);
            return out;
        }
    return NULL;
}

static uint32_t
s_fnv (const char *data, size_t size)
{
    uint32_t hash = 2166136261u;
    for (size_t index = 0; index < size; index++)
        hash = (hash ^ (uint8_t) data [index]) * 16777619u;
    return hash;
}

//  Serve a page: mode 0 normal, 1 no ETag, 2 cut, 3 close early.
static void
s_page (conn_t *conn, const char *name, const char *query, int mode)
{
    size_t size = 0;
    char *data = s_read_file (name, &size);
    if (!data) {
        s_text (conn, 404, "no such page\n");
        return;
    }
    char etag [32], headers [512], value [256], charset [64] = "";
    snprintf (etag, sizeof etag, "\"%08x\"", s_fnv (data, size));
    if (query && strncmp (query, "charset=", 8) == 0)
        snprintf (charset, sizeof charset, "; charset=%.40s", query + 8);
    snprintf (headers, sizeof headers, "Content-Type: %s%s\r\n%s%s%sLast-Modified: %s\r\n",
              s_type (name), charset, mode == 1? "": "ETag: ", mode == 1? "": etag,
              mode == 1? "": "\r\n", LAST_MODIFIED);
    //  As RFC 9110 says: If-None-Match decides when sent; If-Modified-Since
    //  counts only without it (so a changed page is sent again).
    bool same = s_header_value (conn->request, "If-None-Match", value, sizeof value)
              ? mode != 1 && strcmp (value, etag) == 0
              : s_header_value (conn->request, "If-Modified-Since", value, sizeof value)
                && strcmp (value, LAST_MODIFIED) == 0;
    if (same && mode <= 1)
        s_respond (conn, 304, headers, NULL, 0, false);
    else {
        s_respond (conn, 200, headers, data, size, mode != 3);
        if (mode >= 2)
            conn->send_limit = conn->response_size - size / 2;
    }
    free (data);
}

static void
s_big (conn_t *conn, long bytes, bool with_length)
{
    if (bytes < 0 || bytes > MAX_FILE) {
        s_text (conn, 400, "bad size\n");
        return;
    }
    char *data = (char *) malloc ((size_t) bytes + 1);
    if (!data)
        exit (2);
    memset (data, 'x', (size_t) bytes);
    s_respond (conn, 200, "Content-Type: text/plain\r\n", data, (size_t) bytes, with_length);
    free (data);
}

//  Routes that take a number and a page name: /flaky, /slow, /redirect.
static bool
s_numbered (conn_t *conn, const char *path, const char *query)
{
    char name [256] = "";
    long number = 0;
    char location [512];
    if (sscanf (path, "/flaky/%ld/%255s", &number, name) == 2) {
        if (s_hit (path, false) <= number)
            s_text (conn, 503, "try again later\n");
        else
            s_page (conn, name, query, 0);
    }
    else
    if (sscanf (path, "/slow/%ld/%255s", &number, name) == 2) {
        s_page (conn, name, query, 0);
        conn->send_at = s_now_ms () + number;
    }
    else
    if (sscanf (path, "/redirect/%ld/%255s", &number, name) == 2) {
        if (number <= 0)
            s_page (conn, name, query, 0);
        else {
            snprintf (location, sizeof location, "Location: /redirect/%ld/%s\r\n", number - 1, name);
            s_respond (conn, 302, location, NULL, 0, true);
        }
    }
    else
    if (sscanf (path, "/loop/%ld", &number) == 1) {
        snprintf (location, sizeof location, "Location: /loop/%ld\r\n", number + 1);
        s_respond (conn, 302, location, NULL, 0, true);
    }
    else
        return false;
    return true;
}

static void
s_route (conn_t *conn)
{
    char method [16], target [TARGET_MAX];
    if (sscanf (conn->request, "%15s %1023s", method, target) != 2 || strcmp (method, "GET")) {
        s_text (conn, 400, "bad request\n");
        return;
    }
    char *query = strchr (target, '?');
    if (query)
        *query++ = 0;
    const char *path = target;
    s_hit (path, true);
    long number;
    if (strncmp (path, "/pages/", 7) == 0)
        s_page (conn, path + 7, query, 0);
    else
    if (strncmp (path, "/pages-lm/", 10) == 0)
        s_page (conn, path + 10, query, 1);
    else
    if (strncmp (path, "/cut/", 5) == 0)
        s_page (conn, path + 5, query, 2);
    else
    if (strncmp (path, "/close-early/", 13) == 0)
        s_page (conn, path + 13, query, 3);
    else
    if (sscanf (path, "/status/%ld", &number) == 1)
        s_text (conn, (int) number, "status %ld\n", number);
    else
    if (sscanf (path, "/big/%ld", &number) == 1)
        s_big (conn, number, true);
    else
    if (sscanf (path, "/big-nolength/%ld", &number) == 1)
        s_big (conn, number, false);
    else
    if (strcmp (path, "/echo-headers") == 0)
        s_respond (conn, 200, "Content-Type: text/plain\r\n", conn->request, conn->length, true);
    else
    if (strncmp (path, "/hits/", 6) == 0)
        s_text (conn, 200, "%d", s_hit (path + 5, false));
    else
    if (!s_numbered (conn, path, query))
        s_text (conn, 404, "no such route\n");
}

static void
s_close (conn_t *conn)
{
    close (conn->fd);
    free (conn->response);
    memset (conn, 0, sizeof *conn);
    conn->fd = -1;
}

static void
s_send (conn_t *conn)
{
    size_t sent = 0;
    while (sent < conn->send_limit) {
        ssize_t rc = send (conn->fd, conn->response + sent, conn->send_limit - sent, MSG_NOSIGNAL);
        if (rc <= 0)
            break;              //  Client gone (it gave up): fine
        sent += (size_t) rc;
    }
    s_close (conn);
}

static void
s_read (conn_t *conn)
{
    ssize_t rc = recv (conn->fd, conn->request + conn->length, REQUEST_MAX - conn->length, 0);
    if (rc <= 0) {
        s_close (conn);
        return;
    }
    conn->length += (size_t) rc;
    conn->request [conn->length] = 0;
    if (strstr (conn->request, "\r\n\r\n")) {
        conn->send_at = s_now_ms ();
        s_route (conn);
    }
    else
    if (conn->length >= REQUEST_MAX)
        s_close (conn);
}

static void
s_accept (int listener)
{
    int fd = accept (listener, NULL, NULL);
    if (fd < 0)
        return;
    struct timeval timeout = { 5, 0 };
    setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    for (int index = 0; index < MAX_CONNS; index++)
        if (s_conns [index].fd < 0) {
            s_conns [index].fd = fd;
            return;
        }
    close (fd);                 //  Full
}

static int
s_listen (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    int on = 1;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = 0 };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on)
    ||  bind (fd, (struct sockaddr *) &address, sizeof address) || listen (fd, 64)
    ||  getsockname (fd, (struct sockaddr *) &address, &length)) {
        perror ("fixture_httpd: listen");
        exit (1);
    }
    printf ("%d\n", ntohs (address.sin_port));
    fflush (stdout);
    return fd;
}

//  One turn of the loop: wait, accept, read, send what is due.
static void
s_turn (int listener)
{
    struct pollfd fds [MAX_CONNS + 1] = { { .fd = listener, .events = POLLIN } };
    int64_t now = s_now_ms ();
    int wait = 100;
    for (int index = 0; index < MAX_CONNS; index++) {
        conn_t *conn = &s_conns [index];
        fds [index + 1].fd = conn->fd >= 0 && !conn->response? conn->fd: -1;
        fds [index + 1].events = POLLIN;
        if (conn->fd >= 0 && conn->response && conn->send_at - now < wait)
            wait = conn->send_at > now? (int) (conn->send_at - now): 0;
    }
    if (poll (fds, MAX_CONNS + 1, wait) < 0 && errno != EINTR)
        exit (1);
    if (fds [0].revents & POLLIN)
        s_accept (listener);
    now = s_now_ms ();
    for (int index = 0; index < MAX_CONNS; index++) {
        conn_t *conn = &s_conns [index];
        if (fds [index + 1].fd >= 0 && (fds [index + 1].revents & (POLLIN | POLLHUP | POLLERR)))
            s_read (conn);
        if (conn->fd >= 0 && conn->response && conn->send_at <= now)
            s_send (conn);
    }
}

static void
s_on_signal (int signal_number)
{
    (void) signal_number;
    s_stop = 1;
}

int
main (int argc, char **argv)
{
    long lifetime = 60;
    for (int index = 1; index + 1 < argc; index += 2) {
        if (strcmp (argv [index], "--root") == 0)
            s_root = argv [index + 1];
        else
        if (strcmp (argv [index], "--lifetime") == 0)
            lifetime = atol (argv [index + 1]);
    }
    if (!s_root) {
        fprintf (stderr, "usage: fixture_httpd --root DIR [--lifetime SECONDS]\n");
        return 64;
    }
    signal (SIGTERM, s_on_signal);
    signal (SIGINT, s_on_signal);
    signal (SIGPIPE, SIG_IGN);
    for (int index = 0; index < MAX_CONNS; index++)
        s_conns [index].fd = -1;
    int listener = s_listen ();
    int64_t deadline = s_now_ms () + lifetime * 1000;
    while (!s_stop && s_now_ms () < deadline)
        s_turn (listener);
    for (int index = 0; index < MAX_CONNS; index++)
        if (s_conns [index].fd >= 0)
            s_close (&s_conns [index]);
    close (listener);
    return 0;
}
