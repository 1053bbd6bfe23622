/*  rr_idle - memory per idle client: many clients connect to a fresh
    server (the broker through the client library; nats-server over plain
    TCP speaking the NATS protocol: CONNECT, an inbox subscription, PING;
    the plain ROUTER echo server through plain DEALERs, one request each:
    what libzmq itself keeps per connection, and optionally a two-frame
    beat each way every beat_ms) and stay idle; the server's resident
    memory is read before and after.  */
#include "rr.h"
#include <netdb.h>
#include <sys/socket.h>
#include "vc_check.h"

long bench_rss_kb (int pid, bool peak);

//  One NATS connection: connected, subscribed and answered PONG; the fd or -1.
static int
s_nats_idle_client (const char *host, const char *port, int index)
{
    struct addrinfo hints = { 0 }, *info = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo (host, port, &hints, &info))
        return -1;
    int fd = socket (info->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect (fd, info->ai_addr, info->ai_addrlen)) {
        if (fd >= 0)
            close (fd);
        freeaddrinfo (info);
        return -1;
    }
    freeaddrinfo (info);
    char line [256];
    int size = snprintf (line, sizeof line,
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"lang\":\"c\",\"version\":\"3.4\",\"protocol\":1}\r\n"
        "SUB _INBOX.idle%d.* %d\r\nPING\r\n", index, index + 1);
    char buffer [4096];
    size_t got = 0;
    if (write (fd, line, (size_t) size) == size)
        //  INFO first, then PONG
        while (got < sizeof buffer - 1) {
            ssize_t n = read (fd, buffer + got, sizeof buffer - 1 - got);
            if (n <= 0)
                break;
            got += (size_t) n;
            buffer [got] = 0;
            if (strstr (buffer, "PONG\r\n"))
                return fd;
        }
    close (fd);
    return -1;
}

static int
s_nats_idle (const char *endpoint, int count, int *fds)
{
    char host [128] = "127.0.0.1", port [16] = "4222";
    const char *at = strstr (endpoint, "://");
    at = at ? at + 3 : endpoint;
    const char *colon = strrchr (at, ':');
    if (colon) {
        snprintf (host, sizeof host, "%.*s", (int) (colon - at), at);
        snprintf (port, sizeof port, "%s", colon + 1);
    }
    int connected = 0;
    for (int i = 0; i < count; i++)
        if ((fds [i] = s_nats_idle_client (host, port, i)) >= 0)
            connected++;
    return connected;
}

//  Each plain DEALER sends a beat (two small frames); what came back is read.
static void
s_zmq_beat (rr_client_t *dealers, int count)
{
    for (int i = 0; i < count; i++) {
        void *socket = dealers [i].handle ? zsock_resolve (dealers [i].handle) : NULL;
        if (!socket)
            continue;
        if (zmq_send (socket, "VC01", 4, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 4)
            zmq_send (socket, "\x04", 1, ZMQ_DONTWAIT);
        char frame [RR_REQUEST_SIZE];
        while (zmq_recv (socket, frame, sizeof frame, ZMQ_DONTWAIT) >= 0)
            ;
    }
}

int
rr_idle (const char *kind, const char *endpoint, int count, int server_pid, int settle_ms,
         int beat_ms)
{
    zclock_sleep (settle_ms);
    long before = bench_rss_kb (server_pid, false);
    bool nats = streq (kind, "nats");
    bool plain = streq (kind, "zmq");
    rr_client_t *dealers = (rr_client_t *) VC_NEED (calloc ((size_t) count, sizeof (rr_client_t)));
    vc_client_t **clients = (vc_client_t **) VC_NEED (calloc ((size_t) count, sizeof (vc_client_t *)));
    int *fds = (int *) VC_NEED (calloc ((size_t) count, sizeof (int)));
    int connected = 0;
    if (nats)
        connected = s_nats_idle (endpoint, count, fds);
    else
    if (plain)
        for (int i = 0; i < count; i++)
            connected += rr_target_zmq.open (&dealers [i], endpoint, i) == 0;
    else
        for (int i = 0; i < count; i++) {
            clients [i] = VC_NEED (vc_client_new (endpoint, "bench-idle"));
            if (vc_client_connect (clients [i], 10000) == 0)
                connected++;
        }
    //  Idle, heartbeats only, then read the server's memory
    int64_t end = zclock_mono () + settle_ms;
    int64_t next_beat = zclock_mono () + beat_ms;
    while (zclock_mono () < end) {
        for (int i = 0; !nats && !plain && i < count; i++)
            vc_client_tick (clients [i]);
        if (plain && beat_ms > 0 && zclock_mono () >= next_beat) {
            s_zmq_beat (dealers, count);
            next_beat += beat_ms;
        }
        zclock_sleep (100);
    }
    long after = bench_rss_kb (server_pid, false);
    printf ("IDLE %s %d %ld %ld %.1f\n", kind, connected, before, after,
            connected ? (double) (after - before) / connected : -1.0);
    fflush (stdout);
    for (int i = 0; i < count; i++) {
        if (nats && fds [i] >= 0)
            close (fds [i]);
        if (plain && dealers [i].handle)
            rr_target_zmq.close (&dealers [i]);
        if (!nats && !plain)
            vc_client_destroy (&clients [i]);
    }
    free (dealers);
    free (clients);
    free (fds);
    return connected == count ? 0 : 1;
}
