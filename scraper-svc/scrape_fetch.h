/*  scrape_fetch - fetch one page over HTTP(S) or from a file:// URL.

    Bounded in every way: connect and total timeouts, at most a few
    redirects (HTTP to HTTP(S) only), a body size limit, and a bounded number
    of retries with exponential backoff on transient failures (cannot
    connect, timeout, connection cut, HTTP 5xx and 429). Requests are
    conditional: the ETag and Last-Modified of each URL's last good answer
    are sent back as If-None-Match / If-Modified-Since, and a 304 answer is
    reported as "unchanged" without a body. Call scrape_fetch_forget when a
    page fetched fine but could not be used, so the next fetch gets it again.
*/
#ifndef SCRAPE_FETCH_H_INCLUDED
#define SCRAPE_FETCH_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#include "vc_said.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCRAPE_FETCH_USER_AGENT      "vcovid-scraper/1.0 (+COVID-19 Vietnam lookup)"
#define SCRAPE_FETCH_CONNECT_MS      10000
#define SCRAPE_FETCH_TOTAL_MS        60000
#define SCRAPE_FETCH_MAX_REDIRECTS   5
#define SCRAPE_FETCH_MAX_SIZE        (8 * 1024 * 1024)
#define SCRAPE_FETCH_RETRIES         3
#define SCRAPE_FETCH_BACKOFF_MS      1000
#define SCRAPE_FETCH_BACKOFF_MAX_MS  30000

typedef enum {
    SCRAPE_FETCH_OK,            //  body holds the page
    SCRAPE_FETCH_UNCHANGED,     //  304: same as last time, no body
    SCRAPE_FETCH_ERROR          //  error holds the reason
} scrape_fetch_status_t;

typedef struct {
    scrape_fetch_status_t status;
    long http_code;             //  Last HTTP status; 0 for file:// or no answer
    char *body;                 //  NUL-terminated; NULL unless OK
    size_t size;                //  Bytes in body, the NUL not counted
    char *content_type;         //  Content-Type header; NULL if none
    char charset [32];          //  charset parameter of it; "" if none
    int attempts;               //  Requests made, retries included
    char error [256];           //  Reason when status is ERROR
    vc_said_t said;             //  The same with its message id (vc_said.h)
} scrape_fetch_result_t;

typedef struct _scrape_fetch_t scrape_fetch_t;

scrape_fetch_t *scrape_fetch_new (void);
void scrape_fetch_destroy (scrape_fetch_t **self_p);

//  Settings; each has the default named above.
void scrape_fetch_set_timeouts (scrape_fetch_t *self, long connect_ms, long total_ms);
void scrape_fetch_set_retries (scrape_fetch_t *self, int retries, long backoff_ms);
void scrape_fetch_set_max_redirects (scrape_fetch_t *self, long max_redirects);
void scrape_fetch_set_max_size (scrape_fetch_t *self, size_t max_size);
//  Returns 0, or -1 if the agent is empty or too long.
int scrape_fetch_set_user_agent (scrape_fetch_t *self, const char *user_agent);

//  A libcurl error (a CURLcode) in the scraper's words, with its message
//  id: the common ones (the host's name not resolved, no connection, no
//  answer in time, TLS, a connection cut, a file not read...) each its own
//  sentence; any other "network error: " and libcurl's text.
void scrape_fetch_say_error (int code, vc_said_t *said);

//  Fetch url. Never NULL unless out of memory; free with
//  scrape_fetch_result_destroy.
scrape_fetch_result_t *scrape_fetch_get (scrape_fetch_t *self, const char *url);
void scrape_fetch_result_destroy (scrape_fetch_result_t **self_p);

//  Validators kept for url (NULL when none): to persist them across runs.
const char *scrape_fetch_etag (scrape_fetch_t *self, const char *url);
const char *scrape_fetch_last_modified (scrape_fetch_t *self, const char *url);
//  Set validators for url (either may be NULL). Returns 0, or -1 on no memory.
int scrape_fetch_remember (scrape_fetch_t *self, const char *url,
                           const char *etag, const char *last_modified);
//  Drop the validators of url: its next fetch is unconditional.
void scrape_fetch_forget (scrape_fetch_t *self, const char *url);

#ifdef __cplusplus
}
#endif
#endif
