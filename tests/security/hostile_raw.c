/*  hostile_raw - attacks below libzmq: raw TCP connections that speak just
    enough ZMTP 3.0 (greeting, NULL handshake, READY) to be accepted, then
    misbehave. Each connection is a plain socket.

    halfframe: announce a frame of just under 256 KiB and send all but its
    last byte, then nothing (not even PONG): the broker holds the buffer
    until it drops the peer. Prints "open=N dropped=K median_drop_ms=M".
    silent: handshake and say nothing: "open=N dropped=K median_drop_ms=M".
    sources: N connections from one address, held WAIT ms: "kept=K of N".  */
#include "hostile.h"
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include "vc_check.h"

#define RAW_FRAME (256 * 1024)

static int
s_parse (const char *endpoint, struct sockaddr_in *addr)
{
    char host [64];
    int port = 0;
    if (sscanf (endpoint, "tcp://%63[^:]:%d", host, &port) != 2)
        return -1;
    memset (addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons ((uint16_t) port);
    return inet_pton (AF_INET, host, &addr->sin_addr) == 1 ? 0 : -1;
}

static int
s_write (int fd, const void *data, size_t size)
{
    const byte *bytes = (const byte *) data;
    while (size > 0) {
        ssize_t done = send (fd, bytes, size, MSG_NOSIGNAL);
        if (done <= 0)
            return -1;
        bytes += done;
        size -= (size_t) done;
    }
    return 0;
}

//  Greeting and READY as a DEALER with the given routing id.
static int
s_handshake (int fd, const byte *id, size_t id_size)
{
    byte greeting [64] = { 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3, 0, 'N', 'U', 'L', 'L' };
    byte ready [128];
    size_t size = 0;
    ready [size++] = 0x04;              //  Short command
    ready [size++] = 0;                 //  Size, set below
    memcpy (ready + size, "\x05READY", 6);
    size += 6;
    memcpy (ready + size, "\x0bSocket-Type\0\0\0\x06" "DEALER", 22);
    size += 22;
    memcpy (ready + size, "\x08" "Identity\0\0\0", 12);
    size += 12;
    ready [size++] = (byte) id_size;
    memcpy (ready + size, id, id_size);
    size += id_size;
    ready [1] = (byte) (size - 2);
    byte peer [64];
    return s_write (fd, greeting, sizeof greeting) || s_write (fd, ready, size)
        || recv (fd, peer, sizeof peer, MSG_WAITALL) != sizeof peer ? -1 : 0;
}

static int
s_open (struct sockaddr_in *addr)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    if (connect (fd, (struct sockaddr *) addr, sizeof *addr)) {
        close (fd);
        return -1;
    }
    byte id [VC_ROUTING_ID_SIZE];
    for (size_t i = 0; i < sizeof id; i++)
        id [i] = (byte) (1 + randof (255));
    if (s_handshake (fd, id, sizeof id)) {
        close (fd);
        return -1;
    }
    return fd;
}

//  All but the last byte of one frame just under the broker's limit.
static int
s_half_frame (int fd)
{
    byte header [9] = { 0x02 };
    uint64_t size = RAW_FRAME - 64;
    for (int i = 0; i < 8; i++)
        header [1 + i] = (byte) (size >> (56 - 8 * i));
    byte *body = (byte *) VC_NEED (zmalloc (size));
    int rc = s_write (fd, header, sizeof header) || s_write (fd, body, size - 1) ? -1 : 0;
    free (body);
    return rc;
}

static int
s_compare (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

//  Waits up to wait_ms for the broker to close each connection; reads and
//  drops what it sends (PINGs are never answered). Prints the summary.
static void
s_watch (int *fds, int count, int wait_ms, bool timing)
{
    int64_t started = zclock_mono ();
    int64_t *dropped_at = (int64_t *) VC_NEED (zmalloc (sizeof (int64_t) * (size_t) count));
    int open = 0, dropped = 0;
    for (int i = 0; i < count; i++)
        open += fds [i] >= 0;
    struct pollfd *items = (struct pollfd *) VC_NEED (zmalloc (sizeof (struct pollfd) * (size_t) count));
    while (dropped < open && zclock_mono () - started < wait_ms) {
        for (int i = 0; i < count; i++)
            items [i] = (struct pollfd) { fds [i], POLLIN, 0 };
        if (poll (items, (nfds_t) count, 100) < 0)
            break;
        for (int i = 0; i < count; i++) {
            if (fds [i] < 0 || !(items [i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            byte buffer [4096];
            if (recv (fds [i], buffer, sizeof buffer, 0) <= 0) {
                dropped_at [dropped++] = zclock_mono () - started;
                close (fds [i]);
                fds [i] = -1;
            }
        }
    }
    qsort (dropped_at, (size_t) dropped, sizeof (int64_t), s_compare);
    if (timing)
        printf ("open=%d dropped=%d median_drop_ms=%" PRId64 "\n", open, dropped,
                dropped ? dropped_at [dropped / 2] : (int64_t) -1);
    else
        printf ("kept=%d of %d\n", open - dropped, count);
    free (items);
    free (dropped_at);
}

int
hostile_raw (const char *mode, const char *endpoint, int count, int wait_ms)
{
    struct sockaddr_in addr;
    if (s_parse (endpoint, &addr)) {
        fprintf (stderr, "vc-hostile: %s needs a tcp://IPv4:port endpoint\n", mode);
        return 1;
    }
    int *fds = (int *) VC_NEED (zmalloc (sizeof (int) * (size_t) count));
    for (int i = 0; i < count; i++) {
        fds [i] = s_open (&addr);
        if (fds [i] >= 0 && streq (mode, "halfframe") && s_half_frame (fds [i])) {
            close (fds [i]);
            fds [i] = -1;
        }
    }
    s_watch (fds, count, wait_ms, !streq (mode, "sources"));
    for (int i = 0; i < count; i++)
        if (fds [i] >= 0)
            close (fds [i]);
    free (fds);
    return 0;
}
