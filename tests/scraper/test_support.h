/*  test_support - shared helpers of the scraper tests: checks that stay on
    in release builds, fixture files, and the loopback fixture HTTP server.
*/
#ifndef TEST_SUPPORT_H_INCLUDED
#define TEST_SUPPORT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include "vc_check.h"

typedef struct {
    pid_t pid;
    int port;
} fixture_server_t;

//  Start tests/scraper/fixture_httpd on 127.0.0.1; 0 or -1.
int fixture_server_start (fixture_server_t *server);
void fixture_server_stop (fixture_server_t *server);

//  "http://127.0.0.1:PORT" + path, in a static buffer (one at a time).
const char *fixture_url (const fixture_server_t *server, const char *path);

//  Absolute path of a fixture file (a name that starts with '/' is one
//  already), in a static buffer.
const char *fixture_path (const char *name);

//  Contents of a fixture file (NUL-terminated); caller frees. Aborts if absent.
char *fixture_read (const char *name, size_t *size);

//  Milliseconds on a monotonic clock.
long long fixture_now_ms (void);

#endif
