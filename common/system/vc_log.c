/*  vc_log - one line per event on stderr, with time, program name and level.  */
#define _GNU_SOURCE             //  program_invocation_short_name
#include "vc_log.h"
#include "vc_text.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <systemd/sd-journal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static char s_name [64] = "vcovid";
static vc_log_level_t s_level = VC_LOG_INFO;
static const char *s_level_names [] = { "error", "warn", "info", "debug" };
static const int s_priorities [] = { 3, 4, 6, 7 };     //  syslog's err, warning, info, debug
static bool s_journal;          //  stderr is systemd's journal stream

//  Under systemd, stderr is the journal when JOURNAL_STREAM names it
//  (device:inode): then lines go to the journal with their fields.
static bool
s_stderr_is_journal (void)
{
    const char *stream = getenv ("JOURNAL_STREAM");
    unsigned long device = 0, inode = 0;
    struct stat info;
    if (!stream || sscanf (stream, "%lu:%lu", &device, &inode) != 2 || fstat (2, &info))
        return false;
    return (unsigned long) info.st_dev == device && (unsigned long) info.st_ino == inode;
}

int
vc_log_init (const char *name, const char *level)
{
    if (name)
        vc_text_copy (s_name, sizeof s_name, name);
    s_journal = s_stderr_is_journal ();
    if (!level)
        return 0;
    for (int i = 0; i <= VC_LOG_DEBUG; i++)
        if (strcmp (level, s_level_names [i]) == 0) {
            s_level = (vc_log_level_t) i;
            return 0;
        }
    return -1;
}

void
vc_log_set_level (vc_log_level_t level)
{
    s_level = level;
}

bool
vc_log_enabled (vc_log_level_t level)
{
    return level <= s_level;
}

void
vc_log_print (vc_log_level_t level, const char *format, ...)
{
    if (level > s_level)
        return;
    struct timeval tv;
    gettimeofday (&tv, NULL);
    struct tm tm;
    gmtime_r (&tv.tv_sec, &tm);
    char stamp [32];
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    char line [1024];
    va_list args;
    va_start (args, format);
    vsnprintf (line, sizeof line, format, args);
    va_end (args);
    //  One event, one line: fold any newline in the message
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    //  The journal stamps time and program itself; fields for filtering:
    //  journalctl VC_COMPONENT=data VC_LEVEL=warn
    if (s_journal && sd_journal_send ("MESSAGE=%s %s", s_name, line,
                                      "PRIORITY=%d", s_priorities [level],
                                      "SYSLOG_IDENTIFIER=%s", program_invocation_short_name,
                                      "VC_COMPONENT=%s", s_name,
                                      "VC_LEVEL=%s", s_level_names [level], NULL) == 0)
        return;
    fprintf (stderr, "%s.%03dZ %s %s %s\n", stamp, (int) (tv.tv_usec / 1000),
             s_name, s_level_names [level], line);
}
