/*  vc_log - one line per event on stderr, tagged with the program name, at a
    level the user chooses (error, warn, info, debug).
*/
#ifndef VC_LOG_H_INCLUDED
#define VC_LOG_H_INCLUDED

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VC_LOG_ERROR = 0,
    VC_LOG_WARN = 1,
    VC_LOG_INFO = 2,
    VC_LOG_DEBUG = 3
} vc_log_level_t;

//  Set the name printed on every line and the level; level names are
//  "error", "warn", "info", "debug". Returns -1 for an unknown level name.
int vc_log_init (const char *name, const char *level);
void vc_log_set_level (vc_log_level_t level);
bool vc_log_enabled (vc_log_level_t level);

void vc_log_print (vc_log_level_t level, const char *format, ...)
    __attribute__ ((format (printf, 2, 3)));

#define vc_error(...) vc_log_print (VC_LOG_ERROR, __VA_ARGS__)
#define vc_warn(...)  vc_log_print (VC_LOG_WARN, __VA_ARGS__)
#define vc_info(...)  vc_log_print (VC_LOG_INFO, __VA_ARGS__)
#define vc_debug(...) do { if (vc_log_enabled (VC_LOG_DEBUG)) \
                            vc_log_print (VC_LOG_DEBUG, __VA_ARGS__); } while (0)

#ifdef __cplusplus
}
#endif
#endif
