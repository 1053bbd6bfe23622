/*  vc_endpoint - checking and splitting the endpoints clients connect to.  */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "vc_check.h"
#include "vc_endpoint.h"
#include "vc_i18n.h"
#include "vc_proto.h"
#include "vc_text.h"

int
vc_endpoint_split (const char *endpoint, char *host, size_t host_size, int *port)
{
    if (!endpoint || strncmp (endpoint, "tcp://", 6))
        return -1;
    const char *start = endpoint + 6;
    const char *colon = strrchr (start, ':');
    if (!colon || colon == start)
        return -1;
    const char *digits = colon + 1;
    if (!*digits || strspn (digits, "0123456789") != strlen (digits) || strlen (digits) > 9)
        return -1;
    size_t len = (size_t) (colon - start);
    if (start [0] == '[' && len >= 2 && colon [-1] == ']') {
        start++;
        len -= 2;
    }
    if (len == 0 || len >= host_size)
        return -1;
    memcpy (host, start, len);
    host [len] = 0;
    *port = atoi (digits);
    return 0;
}

bool
vc_endpoint_wildcard (const char *host)
{
    return strcmp (host, "*") == 0 || strcmp (host, "0.0.0.0") == 0 || strcmp (host, "::") == 0;
}

int
vc_endpoint_events (const char *told, const char *server, char *out, size_t size)
{
    char host [256], server_host [256];
    int port = VC_DEFAULT_EVENTS_OUT_PORT, server_port = 0;
    bool have_server = server
        && vc_endpoint_split (server, server_host, sizeof server_host, &server_port) == 0;
    if (told && *told) {
        if (vc_endpoint_split (told, host, sizeof host, &port))
            return -1;
        if (vc_endpoint_wildcard (host)) {
            if (!have_server)
                return -1;
            vc_text_copy (host, sizeof host, server_host);
        }
    }
    else {
        if (!have_server)
            return -1;
        vc_text_copy (host, sizeof host, server_host);
    }
    bool ipv6 = strchr (host, ':') != NULL;
    int written = snprintf (out, size, ipv6 ? "tcp://[%s]:%d" : "tcp://%s:%d", host, port);
    return written > 0 && (size_t) written < size ? 0 : -1;
}

int
vc_endpoint_events_list (const char *servers, char *out, size_t size)
{
    char list [512];
    vc_text_copy (list, sizeof list, servers);
    out [0] = 0;
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one; one = strtok_r (NULL, ",", &save)) {
        char normal [256], events [256];
        if (vc_endpoint_normalize (one, VC_DEFAULT_FRONTEND_PORT, normal, sizeof normal))
            vc_text_copy (normal, sizeof normal, one);
        size_t used = strlen (out);
        if (vc_endpoint_events (NULL, normal, events, sizeof events) == 0
        &&  used + strlen (events) + 2 < size) {
            if (used)
                out [used++] = ',';
            memcpy (out + used, events, strlen (events) + 1);
        }
    }
    return *out ? 0 : -1;
}

//  The first broker of servers other than reached (normalized), into out;
//  reached if there is none.
static void
s_other_server (const char *servers, const char *reached, char *out, size_t size)
{
    char list [512];
    vc_text_copy (list, sizeof list, servers);
    vc_text_copy (out, size, reached);
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one; one = strtok_r (NULL, ",", &save)) {
        char normal [256];
        if (vc_endpoint_normalize (one, VC_DEFAULT_FRONTEND_PORT, normal, sizeof normal))
            continue;
        if (!reached || strcmp (normal, reached)) {
            vc_text_copy (out, size, normal);
            return;
        }
    }
}

int
vc_endpoint_events_pair (const char *told, const char *peer_told, const char *reached,
                         const char *servers, char *out, size_t size)
{
    char own [256], other [256], peer [256];
    out [0] = 0;
    if (!told || !*told || vc_endpoint_events (told, reached, own, sizeof own))
        return -1;
    s_other_server (servers, reached, other, sizeof other);
    bool with_peer = peer_told && *peer_told
        && vc_endpoint_events (peer_told, other, peer, sizeof peer) == 0 && strcmp (peer, own);
    int written = with_peer ? snprintf (out, size, "%s,%s", own, peer) : snprintf (out, size, "%s", own);
    if (written > 0 && (size_t) written < size)
        return 0;
    out [0] = 0;
    return -1;
}

int
vc_endpoint_normalize_list (const char *text, int default_port, char *out, size_t size)
{
    char list [512];
    vc_text_copy (list, sizeof list, text);
    out [0] = 0;
    int count = 0;
    char *save = NULL;
    for (char *one = strtok_r (list, ",", &save); one; one = strtok_r (NULL, ",", &save)) {
        char normal [256];
        size_t used = strlen (out);
        if (vc_endpoint_normalize (one, default_port, normal, sizeof normal)
        ||  used + strlen (normal) + 2 > size)
            return -1;
        if (used)
            out [used++] = ',';
        memcpy (out + used, normal, strlen (normal) + 1);
        count++;
    }
    return count ? 0 : -1;
}

//  The host part: an IP address that parses, or a name that resolves.
static int
s_check_host (const char *host, char *reason, size_t size)
{
    unsigned char address [16];
    if (strchr (host, ':')) {
        if (inet_pton (AF_INET6, host, address) == 1)
            return 0;
        snprintf (reason, size, _("'%.100s' is not a valid IPv6 address (or a stray ':' in the address)"), host);
        return -1;
    }
    if (strspn (host, "0123456789.") == strlen (host)) {
        if (inet_pton (AF_INET, host, address) == 1)
            return 0;
        snprintf (reason, size, _("'%.100s' is not a valid IPv4 address (four numbers from 0 to 255)"), host);
        return -1;
    }
    if (vc_endpoint_wildcard (host)) {
        snprintf (reason, size, _("'%s' is an address to listen on, not one to connect to"), host);
        return -1;
    }
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
    struct addrinfo *found = NULL;
    int rc = getaddrinfo (host, NULL, &hints, &found);
    if (found)
        freeaddrinfo (found);
    if (rc == 0)
        return 0;
    snprintf (reason, size, _("unknown host name '%.100s' (%s)"), host, gai_strerror (rc));
    return -1;
}

int
vc_endpoint_check (const char *endpoint, char *reason, size_t reason_size)
{
    if (endpoint && (strncmp (endpoint, "ipc://", 6) == 0 || strncmp (endpoint, "inproc://", 9) == 0))
        return 0;
    char host [256];
    int port = 0;
    if (vc_endpoint_split (endpoint, host, sizeof host, &port)) {
        snprintf (reason, reason_size, _("'%.200s' is not an address (expected host, host:port "
                  "or tcp://host:port)"), endpoint ? endpoint : "");
        return -1;
    }
    if (port < 1 || port > 65535) {
        snprintf (reason, reason_size, _("port %d is out of range (1 to 65535)"), port);
        return -1;
    }
    return s_check_host (host, reason, reason_size);
}

//  Non-blocking connect to one address; 1, 0 or -1 as above.
static int
s_try_connect (const struct addrinfo *address, int timeout_ms)
{
    int fd = socket (address->ai_family, address->ai_socktype | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    int rc = connect (fd, address->ai_addr, address->ai_addrlen) == 0 ? 1 : -1;
    if (rc < 0 && errno == EINPROGRESS) {
        struct pollfd item = { fd, POLLOUT, 0 };
        if (poll (&item, 1, timeout_ms) == 1) {
            int error = 0;
            socklen_t len = sizeof error;
            rc = getsockopt (fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0 ? 1 : 0;
        }
    }
    else
    if (rc < 0)
        rc = 0;
    close (fd);
    return rc;
}

int
vc_endpoint_listening (const char *endpoint, int timeout_ms)
{
    char host [256], service [16];
    int port = 0;
    if (vc_endpoint_split (endpoint, host, sizeof host, &port))
        return -1;
    snprintf (service, sizeof service, "%d", port);
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
    struct addrinfo *found = NULL;
    if (getaddrinfo (host, service, &hints, &found) || !found)
        return -1;
    int rc = s_try_connect (found, timeout_ms);
    freeaddrinfo (found);
    return rc;
}

bool
vc_endpoint_gone (const char *endpoint, int64_t opened_at, int64_t now, bool *checked)
{
    if (*checked || now - opened_at < VC_LINK_UP_MSEC)
        return false;
    *checked = true;
    return vc_endpoint_listening (endpoint, 100) == 0;
}

void
vc_endpoint_inproc (const char *prefix, char *out, size_t size)
{
    static unsigned counter = 0;
    snprintf (out, size, "inproc://%s-%u", prefix, __atomic_add_fetch (&counter, 1, __ATOMIC_RELAXED));
}

void
vc_endpoint_test (bool verbose)
{
    if (verbose)
        printf (" * vc_endpoint: ");
    char host [64], reason [256];
    int port = 0;
    char first [64], second [64];
    vc_endpoint_inproc ("test", first, sizeof first);
    vc_endpoint_inproc ("test", second, sizeof second);
    VC_CHECK (strncmp (first, "inproc://test-", 14) == 0 && strcmp (first, second) != 0);
    VC_CHECK (vc_endpoint_split ("tcp://127.0.0.1:5555", host, sizeof host, &port) == 0
           && strcmp (host, "127.0.0.1") == 0 && port == 5555);
    VC_CHECK (vc_endpoint_split ("tcp://[::1]:7", host, sizeof host, &port) == 0
           && strcmp (host, "::1") == 0 && port == 7);
    VC_CHECK (vc_endpoint_split ("tcp://host", host, sizeof host, &port) == -1);
    VC_CHECK (vc_endpoint_split ("ipc:///tmp/x", host, sizeof host, &port) == -1);
    VC_CHECK (vc_endpoint_check ("tcp://127.0.0.1:5555", reason, sizeof reason) == 0);
    VC_CHECK (vc_endpoint_check ("tcp://localhost:5555", reason, sizeof reason) == 0);
    VC_CHECK (vc_endpoint_check ("tcp://[::1]:5555", reason, sizeof reason) == 0);
    VC_CHECK (vc_endpoint_check ("ipc:///tmp/x", reason, sizeof reason) == 0);
    VC_CHECK (vc_endpoint_check ("tcp://127.0.0.1:99999", reason, sizeof reason) == -1
           && strstr (reason, "port 99999 is out of range"));
    VC_CHECK (vc_endpoint_check ("tcp://127.0.0.1:0", reason, sizeof reason) == -1);
    VC_CHECK (vc_endpoint_check ("tcp://1.2.3.999:5555", reason, sizeof reason) == -1
           && strstr (reason, "not a valid IPv4 address"));
    VC_CHECK (vc_endpoint_check ("tcp://1.2.3:5555", reason, sizeof reason) == -1);
    VC_CHECK (vc_endpoint_check ("tcp://*:5555", reason, sizeof reason) == -1);
    VC_CHECK (vc_endpoint_check ("tcp://no-such-host.invalid:5555", reason, sizeof reason) == -1
           && strstr (reason, "unknown host name 'no-such-host.invalid'"));
    VC_CHECK (vc_endpoint_check ("tcp://a:b:5555", reason, sizeof reason) == -1);
    VC_CHECK (vc_endpoint_check (NULL, reason, sizeof reason) == -1);
    VC_CHECK (vc_endpoint_wildcard ("0.0.0.0") && !vc_endpoint_wildcard ("10.0.0.1"));
    char events [64];
    VC_CHECK (vc_endpoint_events ("tcp://*:6558", "tcp://10.0.0.5:5555", events, sizeof events) == 0
           && strcmp (events, "tcp://10.0.0.5:6558") == 0);
    VC_CHECK (vc_endpoint_events ("tcp://10.0.0.9:5558", "tcp://10.0.0.5:5555", events, sizeof events) == 0
           && strcmp (events, "tcp://10.0.0.9:5558") == 0);
    VC_CHECK (vc_endpoint_events (NULL, "tcp://[::1]:5555", events, sizeof events) == 0
           && strcmp (events, "tcp://[::1]:5558") == 0);
    VC_CHECK (vc_endpoint_events ("tcp://*:5558", NULL, events, sizeof events) == -1);
    VC_CHECK (vc_endpoint_events ("", "ipc:///tmp/x", events, sizeof events) == -1);
    char both [128];
    VC_CHECK (vc_endpoint_events_list ("10.0.0.5,tcp://10.0.0.6:6000", both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558,tcp://10.0.0.6:5558") == 0);
    VC_CHECK (vc_endpoint_events_list ("ipc:///tmp/x", both, sizeof both) == -1 && !*both);
    //  Both buses of a pair, as a broker's ping tells them
    const char *pair = "10.0.0.5,10.0.0.6:6000";
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "tcp://*:6558", "tcp://10.0.0.5:5555", pair,
                                       both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558,tcp://10.0.0.6:6558") == 0);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:6558", "tcp://*:5558", "tcp://10.0.0.6:6000", pair,
                                       both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.6:6558,tcp://10.0.0.5:5558") == 0);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "tcp://10.0.0.9:5559", "tcp://10.0.0.5:5555",
                                       "10.0.0.5", both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558,tcp://10.0.0.9:5559") == 0);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "tcp://*:5559", "tcp://10.0.0.5:5555",
                                       NULL, both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558,tcp://10.0.0.5:5559") == 0);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "", "tcp://10.0.0.5:5555", pair,
                                       both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558") == 0);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "bad", "tcp://10.0.0.5:5555", pair,
                                       both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5558") == 0);
    VC_CHECK (vc_endpoint_events_pair ("", "tcp://*:5559", "tcp://10.0.0.5:5555", pair,
                                       both, sizeof both) == -1 && !*both);
    VC_CHECK (vc_endpoint_events_pair ("tcp://*:5558", "tcp://*:5559", "tcp://10.0.0.5:5555", pair,
                                       both, 20) == -1 && !*both);
    VC_CHECK (vc_endpoint_normalize_list ("10.0.0.5, 10.0.0.6:6000", 5555, both, sizeof both) == 0
           && strcmp (both, "tcp://10.0.0.5:5555,tcp://10.0.0.6:6000") == 0);
    VC_CHECK (vc_endpoint_normalize_list ("tcp://h:1", 5558, both, sizeof both) == 0
           && strcmp (both, "tcp://h:1") == 0);
    VC_CHECK (vc_endpoint_normalize_list ("h,bad://x", 5555, both, sizeof both) == -1);
    VC_CHECK (vc_endpoint_normalize_list (" , ", 5555, both, sizeof both) == -1);
    //  A listening socket on loopback, then the same port closed
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t len = sizeof address;
    VC_CHECK (fd >= 0 && bind (fd, (struct sockaddr *) &address, len) == 0 && listen (fd, 1) == 0);
    VC_CHECK (getsockname (fd, (struct sockaddr *) &address, &len) == 0);
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "tcp://127.0.0.1:%d", ntohs (address.sin_port));
    VC_CHECK (vc_endpoint_listening (endpoint, 500) == 1);
    bool checked = false;
    VC_CHECK (!vc_endpoint_gone (endpoint, 1000, 1000 + VC_LINK_UP_MSEC - 1, &checked) && !checked);
    VC_CHECK (!vc_endpoint_gone (endpoint, 1000, 1000 + VC_LINK_UP_MSEC, &checked) && checked);
    close (fd);
    VC_CHECK (vc_endpoint_listening (endpoint, 500) == 0);
    VC_CHECK (!vc_endpoint_gone (endpoint, 1000, 5000, &checked));     //  Looked at once only
    checked = false;
    VC_CHECK (vc_endpoint_gone (endpoint, 1000, 5000, &checked) && checked);
    VC_CHECK (vc_endpoint_listening ("ipc:///tmp/x", 500) == -1);
    if (verbose)
        printf ("OK\n");
}
