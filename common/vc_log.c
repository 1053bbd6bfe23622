/*  vc_log - one line per event on stderr, with time, program name and level.  */
#include "vc_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static char s_name [64] = "vcovid";
static vc_log_level_t s_level = VC_LOG_INFO;
static const char *s_level_names [] = { "error", "warn", "info", "debug" };

int
vc_log_init (const char *name, const char *level)
{
    if (name)
        snprintf (s_name, sizeof s_name, "%s", name);
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
    fprintf (stderr, "%s.%03dZ %s %s %s\n", stamp, (int) (tv.tv_usec / 1000),
             s_name, s_level_names [level], line);
}
