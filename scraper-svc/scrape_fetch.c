/*  scrape_fetch - libcurl fetcher with limits, retries and conditional GET.
*/
#include "scrape_fetch.h"
#include "vc_log.h"
#include "vc_text.h"

#include <assert.h>
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_VALIDATORS 1024

typedef struct _validator_t {
    char *url;
    char *etag;
    char *last_modified;
    struct _validator_t *next;
} validator_t;

struct _scrape_fetch_t {
    CURL *curl;
    long connect_ms;
    long total_ms;
    long max_redirects;
    size_t max_size;
    int retries;
    long backoff_ms;
    char user_agent [256];
    validator_t *validators;
    size_t validator_count;
};

typedef struct {
    char *data;
    size_t size;
    size_t capacity;
    size_t max_size;
    bool too_big;
    bool no_memory;
} body_t;

scrape_fetch_t *
scrape_fetch_new (void)
{
    if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return NULL;
    scrape_fetch_t *self = (scrape_fetch_t *) calloc (1, sizeof (scrape_fetch_t));
    if (self)
        self->curl = curl_easy_init ();
    if (!self || !self->curl) {
        free (self);
        curl_global_cleanup ();
        return NULL;
    }
    self->connect_ms = SCRAPE_FETCH_CONNECT_MS;
    self->total_ms = SCRAPE_FETCH_TOTAL_MS;
    self->max_redirects = SCRAPE_FETCH_MAX_REDIRECTS;
    self->max_size = SCRAPE_FETCH_MAX_SIZE;
    self->retries = SCRAPE_FETCH_RETRIES;
    self->backoff_ms = SCRAPE_FETCH_BACKOFF_MS;
    strcpy (self->user_agent, SCRAPE_FETCH_USER_AGENT);
    return self;
}

static void
s_validator_free (validator_t *validator)
{
    free (validator->url);
    free (validator->etag);
    free (validator->last_modified);
    free (validator);
}

void
scrape_fetch_destroy (scrape_fetch_t **self_p)
{
    assert (self_p);
    scrape_fetch_t *self = *self_p;
    if (!self)
        return;
    while (self->validators) {
        validator_t *next = self->validators->next;
        s_validator_free (self->validators);
        self->validators = next;
    }
    curl_easy_cleanup (self->curl);
    curl_global_cleanup ();
    free (self);
    *self_p = NULL;
}

void
scrape_fetch_set_timeouts (scrape_fetch_t *self, long connect_ms, long total_ms)
{
    assert (self);
    self->connect_ms = connect_ms > 0? connect_ms: SCRAPE_FETCH_CONNECT_MS;
    self->total_ms = total_ms > 0? total_ms: SCRAPE_FETCH_TOTAL_MS;
}

void
scrape_fetch_set_retries (scrape_fetch_t *self, int retries, long backoff_ms)
{
    assert (self);
    self->retries = retries < 0? 0: retries > 10? 10: retries;
    self->backoff_ms = backoff_ms < 0? 0: backoff_ms;
}

void
scrape_fetch_set_max_redirects (scrape_fetch_t *self, long max_redirects)
{
    assert (self);
    self->max_redirects = max_redirects < 0? 0: max_redirects;
}

void
scrape_fetch_set_max_size (scrape_fetch_t *self, size_t max_size)
{
    assert (self);
    self->max_size = max_size? max_size: SCRAPE_FETCH_MAX_SIZE;
}

int
scrape_fetch_set_user_agent (scrape_fetch_t *self, const char *user_agent)
{
    assert (self);
    if (!user_agent || !*user_agent || strlen (user_agent) >= sizeof self->user_agent
    ||  strpbrk (user_agent, "\r\n"))
        return -1;
    strcpy (self->user_agent, user_agent);
    return 0;
}

static validator_t *
s_validator (scrape_fetch_t *self, const char *url)
{
    for (validator_t *validator = self->validators; validator; validator = validator->next)
        if (strcmp (validator->url, url) == 0)
            return validator;
    return NULL;
}

const char *
scrape_fetch_etag (scrape_fetch_t *self, const char *url)
{
    assert (self);
    validator_t *validator = s_validator (self, url);
    return validator? validator->etag: NULL;
}

const char *
scrape_fetch_last_modified (scrape_fetch_t *self, const char *url)
{
    assert (self);
    validator_t *validator = s_validator (self, url);
    return validator? validator->last_modified: NULL;
}

void
scrape_fetch_forget (scrape_fetch_t *self, const char *url)
{
    assert (self);
    for (validator_t **link = &self->validators; *link; link = &(*link)->next)
        if (strcmp ((*link)->url, url) == 0) {
            validator_t *validator = *link;
            *link = validator->next;
            s_validator_free (validator);
            self->validator_count--;
            return;
        }
}

int
scrape_fetch_remember (scrape_fetch_t *self, const char *url,
                       const char *etag, const char *last_modified)
{
    assert (self);
    assert (url);
    scrape_fetch_forget (self, url);
    if (!etag && !last_modified)
        return 0;
    if (self->validator_count >= MAX_VALIDATORS)
        return 0;               //  Plenty for any configuration: stop remembering
    validator_t *validator = (validator_t *) calloc (1, sizeof (validator_t));
    if (!validator)
        return -1;
    validator->url = strdup (url);
    validator->etag = etag? strdup (etag): NULL;
    validator->last_modified = last_modified? strdup (last_modified): NULL;
    if (!validator->url || (etag && !validator->etag)
    || (last_modified && !validator->last_modified)) {
        s_validator_free (validator);
        return -1;
    }
    validator->next = self->validators;
    self->validators = validator;
    self->validator_count++;
    return 0;
}

static size_t
s_write (char *data, size_t size, size_t count, void *argument)
{
    body_t *body = (body_t *) argument;
    size_t length = size * count;
    if (body->size + length > body->max_size) {
        body->too_big = true;
        return 0;               //  Aborts the transfer
    }
    if (body->size + length + 1 > body->capacity) {
        size_t capacity = body->capacity? body->capacity: 16384;
        while (capacity < body->size + length + 1)
            capacity *= 2;
        char *grown = (char *) realloc (body->data, capacity);
        if (!grown) {
            body->no_memory = true;
            return 0;
        }
        body->data = grown;
        body->capacity = capacity;
    }
    memcpy (body->data + body->size, data, length);
    body->size += length;
    body->data [body->size] = 0;
    return length;
}

static bool
s_is_http (const char *url)
{
    return strncasecmp (url, "http://", 7) == 0 || strncasecmp (url, "https://", 8) == 0;
}

//  Request headers for a conditional GET; NULL if none (or no memory).
static struct curl_slist *
s_conditions (scrape_fetch_t *self, const char *url)
{
    validator_t *validator = s_validator (self, url);
    struct curl_slist *headers = NULL;
    char line [1024];
    if (validator && validator->etag) {
        snprintf (line, sizeof line, "If-None-Match: %s", validator->etag);
        headers = curl_slist_append (headers, line);
    }
    if (validator && validator->last_modified) {
        snprintf (line, sizeof line, "If-Modified-Since: %s", validator->last_modified);
        struct curl_slist *more = curl_slist_append (headers, line);
        if (more)
            headers = more;
    }
    return headers;
}

static void
s_setup (scrape_fetch_t *self, const char *url, body_t *body,
         struct curl_slist *headers, char *errbuf)
{
    CURL *curl = self->curl;
    curl_easy_reset (curl);
    curl_easy_setopt (curl, CURLOPT_URL, url);
    curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt (curl, CURLOPT_MAXREDIRS, self->max_redirects);
    curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, self->connect_ms);
    curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, self->total_ms);
    curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (curl, CURLOPT_USERAGENT, self->user_agent);
    curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt (curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) self->max_size);
    curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, s_write);
    curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
    curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
    if (headers)
        curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
}

static bool
s_transient (CURLcode code, long http_code)
{
    switch (code) {
        case CURLE_OK:
            return http_code >= 500 || http_code == 429;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

static void
s_sleep_ms (long ms)
{
    struct timespec delay = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep (&delay, &delay) == -1)
        ;                       //  Interrupted: sleep the rest
}

//  The TLS failures: the handshake, or the server's certificate
static bool
s_say_tls (CURLcode code, vc_said_t *said)
{
    switch (code) {
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_USE_SSL_FAILED:
            vc_said_set (said, "the secure connection (TLS) to the server failed");
            return true;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            vc_said_set (said, "the server's certificate could not be verified (TLS)");
            return true;
        default:
            return false;
    }
}

//  The connection's failures: name, connect, time, the transfer
static bool
s_say_link (CURLcode code, vc_said_t *said)
{
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            vc_said_set (said, "could not resolve the server's host name");
            return true;
        case CURLE_COULDNT_CONNECT:
            vc_said_set (said, "could not connect to the server");
            return true;
        case CURLE_OPERATION_TIMEDOUT:
            vc_said_set (said, "the server did not answer in time");
            return true;
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
            vc_said_set (said, "the connection to the server broke");
            return true;
        case CURLE_GOT_NOTHING:
            vc_said_set (said, "the server closed the connection without an answer");
            return true;
        case CURLE_PARTIAL_FILE:
            vc_said_set (said, "the page was cut short in transfer");
            return true;
        case CURLE_WEIRD_SERVER_REPLY:
            vc_said_set (said, "the server's answer is not HTTP");
            return true;
        default:
            return false;
    }
}

void
scrape_fetch_say_error (int number, vc_said_t *said)
{
    CURLcode code = (CURLcode) number;
    if (s_say_link (code, said) || s_say_tls (code, said))
        return;
    switch (code) {
        case CURLE_UNSUPPORTED_PROTOCOL:
            vc_said_set (said, "the source's address names a protocol that is not supported");
            break;
        case CURLE_URL_MALFORMAT:
            vc_said_set (said, "the source's address is malformed");
            break;
        case CURLE_FILE_COULDNT_READ_FILE:
        case CURLE_READ_ERROR:
            vc_said_set (said, "could not read the file");
            break;
        case CURLE_BAD_CONTENT_ENCODING:
            vc_said_set (said, "the page's compression could not be undone");
            break;
        case CURLE_OUT_OF_MEMORY:
            vc_said_set (said, "out of memory");
            break;
        case CURLE_FILESIZE_EXCEEDED:
            vc_said_set (said, "page too large");
            break;
        default:
            //  The library's words, in English: the only ones there are
            vc_said_set (said, "network error: %s", curl_easy_strerror (code));
    }
}

//  Describe a failed attempt in result->said; the library's own text in
//  the log.
static void
s_describe (scrape_fetch_t *self, CURLcode code, const body_t *body,
            const char *errbuf, scrape_fetch_result_t *result)
{
    if (body->too_big || code == CURLE_FILESIZE_EXCEEDED)
        vc_said_set (&result->said, "body larger than %zu bytes", self->max_size);
    else
    if (body->no_memory)
        vc_said_set (&result->said, "out of memory");
    else
    if (code == CURLE_TOO_MANY_REDIRECTS)
        vc_said_set (&result->said, "more than %ld redirects", self->max_redirects);
    else
    if (code != CURLE_OK) {
        scrape_fetch_say_error ((int) code, &result->said);
        vc_debug ("fetch failed: %s", *errbuf ? errbuf : curl_easy_strerror (code));
    }
    else
        vc_said_set (&result->said, "HTTP %ld", result->http_code);
    vc_text_copy (result->error, sizeof result->error, result->said.message);
}

//  charset=... from a Content-Type value.
static void
s_charset (const char *content_type, char *charset, size_t size)
{
    *charset = 0;
    const char *found = content_type? strcasestr (content_type, "charset="): NULL;
    if (!found)
        return;
    found += 8;
    if (*found == '"')
        found++;
    size_t length = strcspn (found, "\"; \t");
    if (length >= size)
        return;
    memcpy (charset, found, length);
    charset [length] = 0;
}

static const char *
s_header (CURL *curl, const char *name)
{
    struct curl_header *header = NULL;
    if (curl_easy_header (curl, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || !header)
        return NULL;
    return header->value;
}

//  Take over a good answer: body, content type, validators.
static void
s_accept (scrape_fetch_t *self, const char *url, body_t *body, scrape_fetch_result_t *result)
{
    char *content_type = NULL;
    curl_easy_getinfo (self->curl, CURLINFO_CONTENT_TYPE, &content_type);
    if (content_type) {
        result->content_type = strdup (content_type);
        s_charset (content_type, result->charset, sizeof result->charset);
    }
    if (!body->data)
        body->data = (char *) calloc (1, 1);
    if (!body->data) {
        result->status = SCRAPE_FETCH_ERROR;
        vc_said_set (&result->said, "out of memory");
        vc_text_copy (result->error, sizeof result->error, result->said.message);
        return;
    }
    result->status = SCRAPE_FETCH_OK;
    result->body = body->data;
    result->size = body->size;
    body->data = NULL;
    if (s_is_http (url))
        scrape_fetch_remember (self, url, s_header (self->curl, "ETag"),
                               s_header (self->curl, "Last-Modified"));
}

//  One request; true if it is worth another try.
static bool
s_attempt (scrape_fetch_t *self, const char *url, scrape_fetch_result_t *result)
{
    body_t body = { .max_size = self->max_size };
    char errbuf [CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = s_is_http (url)? s_conditions (self, url): NULL;
    s_setup (self, url, &body, headers, errbuf);
    result->attempts++;
    CURLcode code = curl_easy_perform (self->curl);
    result->http_code = 0;
    curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &result->http_code);
    bool retry = false;
    result->error [0] = 0;
    vc_said_text (&result->said, "");
    if (code == CURLE_OK && result->http_code == 304)
        result->status = SCRAPE_FETCH_UNCHANGED;
    else
    if (code == CURLE_OK && (result->http_code == 0
                          || (result->http_code >= 200 && result->http_code < 300)))
        s_accept (self, url, &body, result);
    else {
        result->status = SCRAPE_FETCH_ERROR;
        s_describe (self, code, &body, errbuf, result);
        retry = !body.too_big && s_transient (code, result->http_code);
    }
    curl_slist_free_all (headers);
    free (body.data);
    return retry;
}

scrape_fetch_result_t *
scrape_fetch_get (scrape_fetch_t *self, const char *url)
{
    assert (self);
    assert (url);
    scrape_fetch_result_t *result = (scrape_fetch_result_t *) calloc (1, sizeof (scrape_fetch_result_t));
    if (!result)
        return NULL;
    long delay = self->backoff_ms;
    while (s_attempt (self, url, result) && result->attempts <= self->retries) {
        s_sleep_ms (delay);
        delay = delay * 2 > SCRAPE_FETCH_BACKOFF_MAX_MS? SCRAPE_FETCH_BACKOFF_MAX_MS: delay * 2;
    }
    if (result->status == SCRAPE_FETCH_ERROR && result->attempts > 1) {
        //  The reason, said again by its own shape inside this one
        vc_said_t once = result->said;
        vc_said_set (&result->said, "%.200s (after %d attempts)", once.message, result->attempts);
        vc_text_copy (result->error, sizeof result->error, result->said.message);
    }
    return result;
}

void
scrape_fetch_result_destroy (scrape_fetch_result_t **self_p)
{
    assert (self_p);
    scrape_fetch_result_t *self = *self_p;
    if (!self)
        return;
    free (self->body);
    free (self->content_type);
    free (self);
    *self_p = NULL;
}
