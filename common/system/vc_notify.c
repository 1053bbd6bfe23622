/*  vc_notify - readiness, status and watchdog for systemd (sd_notify).  */
#include "vc_notify.h"
#include "vc_check.h"
#include "vc_text.h"

#include <czmq.h>
#include <stdarg.h>
#include <systemd/sd-daemon.h>

static bool s_ready;
static bool s_told_ready;
static bool s_watchdog_checked;
static int64_t s_watchdog_every_ms;     //  0: no watchdog
static int64_t s_watchdog_next;

static void
s_send (const char *prefix, const char *format, va_list args)
{
    char status [256];
    vsnprintf (status, sizeof status, format, args);
    for (char *p = status; *p; p++)
        if (*p == '\n')
            *p = ' ';
    sd_notifyf (0, "%sSTATUS=%s", prefix, status);
}

void
vc_notify_ready (const char *format, ...)
{
    __atomic_store_n (&s_ready, true, __ATOMIC_RELAXED);
    va_list args;
    va_start (args, format);
    s_send (s_told_ready ? "" : "READY=1\n", format, args);
    va_end (args);
    s_told_ready = true;
}

void
vc_notify_unready (const char *format, ...)
{
    __atomic_store_n (&s_ready, false, __ATOMIC_RELAXED);
    va_list args;
    va_start (args, format);
    s_send ("", format, args);
    va_end (args);
}

void
vc_notify_status (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    s_send ("", format, args);
    va_end (args);
}

void
vc_notify_stopping (const char *status)
{
    __atomic_store_n (&s_ready, false, __ATOMIC_RELAXED);
    sd_notifyf (0, "STOPPING=1\nSTATUS=%s", status ? status : "stopping");
}

void
vc_notify_watchdog (void)
{
    if (!s_watchdog_checked) {
        uint64_t usec = 0;
        if (sd_watchdog_enabled (0, &usec) > 0 && usec >= 2000)
            s_watchdog_every_ms = (int64_t) (usec / 2000);
        s_watchdog_checked = true;
    }
    if (!s_watchdog_every_ms)
        return;
    int64_t now = zclock_mono ();
    if (now < s_watchdog_next)
        return;
    sd_notify (0, "WATCHDOG=1");
    s_watchdog_next = now + s_watchdog_every_ms;
}

bool
vc_notify_is_ready (void)
{
    return __atomic_load_n (&s_ready, __ATOMIC_RELAXED);
}

//  Self-test: a datagram socket stands in for systemd's.
void
vc_notify_test (bool verbose)
{
    if (verbose)
        printf (" * vc_notify: ");
    char path [64];
    snprintf (path, sizeof path, "/tmp/vc-notify-test-%d.sock", (int) getpid ());
    int fd = socket (AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    VC_CHECK (fd >= 0);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    vc_text_copy (addr.sun_path, sizeof addr.sun_path, path);
    unlink (path);
    VC_CHECK (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
    setenv ("NOTIFY_SOCKET", path, 1);
    setenv ("WATCHDOG_USEC", "10000", 1);
    char pid [16];
    snprintf (pid, sizeof pid, "%d", (int) getpid ());
    setenv ("WATCHDOG_PID", pid, 1);

    char buffer [512];
    VC_CHECK (!vc_notify_is_ready ());
    vc_notify_ready ("registered with %s", "broker run 1");
    ssize_t size = recv (fd, buffer, sizeof buffer - 1, 0);
    VC_CHECK (size > 0);
    buffer [size] = 0;
    VC_CHECK (streq (buffer, "READY=1\nSTATUS=registered with broker run 1"));
    VC_CHECK (vc_notify_is_ready ());
    vc_notify_unready ("broker silent");
    size = recv (fd, buffer, sizeof buffer - 1, 0);
    buffer [size > 0 ? size : 0] = 0;
    VC_CHECK (streq (buffer, "STATUS=broker silent"));
    VC_CHECK (!vc_notify_is_ready ());
    vc_notify_ready ("registered again");      //  READY=1 is said once
    size = recv (fd, buffer, sizeof buffer - 1, 0);
    buffer [size > 0 ? size : 0] = 0;
    VC_CHECK (streq (buffer, "STATUS=registered again"));
    vc_notify_watchdog ();                      //  Every 5 ms: first call sends
    size = recv (fd, buffer, sizeof buffer - 1, 0);
    buffer [size > 0 ? size : 0] = 0;
    VC_CHECK (streq (buffer, "WATCHDOG=1"));
    vc_notify_watchdog ();                      //  Not due yet: nothing
    VC_CHECK (recv (fd, buffer, sizeof buffer, MSG_DONTWAIT) < 0);
    close (fd);
    unlink (path);
    unsetenv ("NOTIFY_SOCKET");
    unsetenv ("WATCHDOG_USEC");
    unsetenv ("WATCHDOG_PID");
    s_watchdog_checked = false;
    s_watchdog_every_ms = 0;
    s_ready = s_told_ready = false;
    if (verbose)
        printf ("OK\n");
}
