/*  vc_notify - tells the service manager how this program is doing, through
    systemd's notification socket (sd_notify): READY=1 once the program
    serves (a service: once it has registered with the broker), STATUS=
    lines a person reads in `systemctl status`, WATCHDOG=1 from the event
    loop at half the unit's WatchdogSec=, STOPPING=1 on the way out. It
    also keeps the ready flag that /healthz reports (vc_metrics). Outside
    systemd (no NOTIFY_SOCKET) only the flag changes.
*/
#ifndef VC_NOTIFY_H_INCLUDED
#define VC_NOTIFY_H_INCLUDED

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Ready (READY=1 the first time) with a status line.
void vc_notify_ready (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
//  Not ready any more (lost the broker): a status line, /healthz says so.
void vc_notify_unready (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
//  A status line only.
void vc_notify_status (const char *format, ...) __attribute__ ((format (printf, 1, 2)));
//  STOPPING=1 and a status line.
void vc_notify_stopping (const char *status);
//  Call from the event loop as often as it turns: sends WATCHDOG=1 when
//  half the watchdog interval has passed (one clock read otherwise).
void vc_notify_watchdog (void);
bool vc_notify_is_ready (void);

void vc_notify_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
