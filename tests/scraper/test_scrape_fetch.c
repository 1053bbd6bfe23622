/*  test_scrape_fetch - the fetcher against fixture_httpd on 127.0.0.1:
    200, 304 on the second fetch, retries on 5xx, timeouts, redirect limit,
    cut bodies, size limit, refused connections and file:// URLs.
*/
#include "scrape_fetch.h"
#include "test_support.h"
#include "vc_server_words.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

//  Real copies (fixtures/README.md): a bulletin page and the portal's reply.
#define PAGE "real-bulletin-baodongthap-2021-12-15.html"
#define FEED "real-feed-ncsc-provinces-2021-09-19.json"

static fixture_server_t s_server;
static bool s_verbose;

static scrape_fetch_result_t *
s_get (scrape_fetch_t *fetch, const char *path)
{
    const char *url = path [0] == '/'? fixture_url (&s_server, path): path;
    scrape_fetch_result_t *result = scrape_fetch_get (fetch, url);
    VC_CHECK (result);
    if (s_verbose)
        printf ("   %-44s status=%d http=%ld size=%zu attempts=%d %s\n", path, result->status,
                result->http_code, result->size, result->attempts, result->error);
    return result;
}

//  True if the result's reason goes with the message id id (and, when
//  given, its first value is first)
static bool
s_said (const scrape_fetch_result_t *result, const char *id, const char *first)
{
    const char *args [VC_SAID_MAX_ARGS];
    const char *msgid = vc_said_msgid (&result->said);
    size_t count = vc_said_args (&result->said, args);
    bool same = msgid && !strcmp (msgid, id) && (!first || (count && !strcmp (args [0], first)));
    if (!same)
        fprintf (stderr, "said '%s' (id '%s'), expected the id '%s'\n", result->said.message,
                 msgid ? msgid : "(none)", id);
    return same;
}

//  Requests the server has seen for path.
static int
s_hits (scrape_fetch_t *fetch, const char *path)
{
    char route [512];
    snprintf (route, sizeof route, "/hits%s", path);
    scrape_fetch_result_t *result = scrape_fetch_get (fetch, fixture_url (&s_server, route));
    VC_CHECK (result && result->status == SCRAPE_FETCH_OK);
    int hits = atoi (result->body);
    scrape_fetch_result_destroy (&result);
    return hits;
}

static void
s_test_conditional (scrape_fetch_t *fetch)
{
    size_t size;
    char *page = fixture_read (PAGE, &size);
    scrape_fetch_result_t *result = s_get (fetch, "/pages/" PAGE "?charset=UTF-8");
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->http_code == 200);
    VC_CHECK (result->size == size && memcmp (result->body, page, size) == 0);
    VC_CHECK (result->body [result->size] == 0);
    VC_CHECK (strcmp (result->charset, "UTF-8") == 0);
    VC_CHECK (strncmp (result->content_type, "text/html", 9) == 0);
    scrape_fetch_result_destroy (&result);
    free (page);

    const char *url = fixture_url (&s_server, "/pages/" PAGE "?charset=UTF-8");
    VC_CHECK (scrape_fetch_etag (fetch, url) != NULL);
    result = s_get (fetch, "/pages/" PAGE "?charset=UTF-8");
    VC_CHECK (result->status == SCRAPE_FETCH_UNCHANGED && result->http_code == 304);
    VC_CHECK (result->body == NULL && result->attempts == 1);
    scrape_fetch_result_destroy (&result);

    scrape_fetch_forget (fetch, fixture_url (&s_server, "/pages/" PAGE "?charset=UTF-8"));
    result = s_get (fetch, "/pages/" PAGE "?charset=UTF-8");
    VC_CHECK (result->status == SCRAPE_FETCH_OK);
    scrape_fetch_result_destroy (&result);

    //  Last-Modified alone is enough for a 304
    result = s_get (fetch, "/pages-lm/" FEED);
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->charset [0] == 0);
    scrape_fetch_result_destroy (&result);
    VC_CHECK (scrape_fetch_etag (fetch, fixture_url (&s_server, "/pages-lm/" FEED)) == NULL);
    VC_CHECK (scrape_fetch_last_modified (fetch, fixture_url (&s_server, "/pages-lm/" FEED)));
    result = s_get (fetch, "/pages-lm/" FEED);
    VC_CHECK (result->status == SCRAPE_FETCH_UNCHANGED);
    scrape_fetch_result_destroy (&result);
}

static void
s_test_retries (scrape_fetch_t *fetch)
{
    scrape_fetch_set_retries (fetch, 2, 20);
    scrape_fetch_result_t *result = s_get (fetch, "/status/500");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && result->http_code == 500);
    VC_CHECK (result->attempts == 3 && strstr (result->error, "HTTP 500 (after 3 attempts)"));
    VC_CHECK (s_said (result, "%s (after %d attempts)", "HTTP 500"));
    scrape_fetch_result_destroy (&result);
    VC_CHECK (s_hits (fetch, "/status/500") == 3);

    result = s_get (fetch, "/status/404");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && result->attempts == 1);
    VC_CHECK (strcmp (result->error, "HTTP 404") == 0);
    VC_CHECK (s_said (result, "HTTP %d", "404"));
    scrape_fetch_result_destroy (&result);

    result = s_get (fetch, "/flaky/2/real-bulletin-baokhanhhoa-2021-12-29.html");
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->attempts == 3);
    scrape_fetch_result_destroy (&result);

    result = s_get (fetch, "/cut/" PAGE);
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && result->attempts == 3);
    scrape_fetch_result_destroy (&result);

    //  No length announced: the short body looks complete to HTTP
    result = s_get (fetch, "/close-early/" PAGE);
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->size > 0);
    VC_CHECK (!strstr (result->body, "</html>"));
    scrape_fetch_result_destroy (&result);
}

static void
s_test_limits (scrape_fetch_t *fetch)
{
    scrape_fetch_set_retries (fetch, 0, 0);
    scrape_fetch_set_timeouts (fetch, 1000, 300);
    long long start = fixture_now_ms ();
    scrape_fetch_result_t *result = s_get (fetch, "/slow/3000/" PAGE);
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR);
    VC_CHECK (s_said (result, "the server did not answer in time", NULL));
    VC_CHECK (fixture_now_ms () - start < 2500);
    scrape_fetch_result_destroy (&result);
    scrape_fetch_set_timeouts (fetch, 2000, 10000);

    result = s_get (fetch, "/redirect/3/" FEED);
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->http_code == 200);
    scrape_fetch_result_destroy (&result);
    result = s_get (fetch, "/loop/0");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && strstr (result->error, "more than 5 redirects"));
    VC_CHECK (s_said (result, "more than %d redirects", "5"));
    scrape_fetch_result_destroy (&result);
    VC_CHECK (s_hits (fetch, "/loop/5") == 1 && s_hits (fetch, "/loop/6") == 0);

    scrape_fetch_set_max_size (fetch, 100000);
    result = s_get (fetch, "/big/200000");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && strstr (result->error, "larger than 100000"));
    scrape_fetch_result_destroy (&result);
    result = s_get (fetch, "/big-nolength/200000");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && strstr (result->error, "larger than 100000"));
    scrape_fetch_result_destroy (&result);
    result = s_get (fetch, "/big/99999");
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->size == 99999);
    scrape_fetch_result_destroy (&result);
    scrape_fetch_set_max_size (fetch, 0);

    result = s_get (fetch, "/echo-headers");
    VC_CHECK (result->status == SCRAPE_FETCH_OK && strstr (result->body, "User-Agent: " SCRAPE_FETCH_USER_AGENT));
    scrape_fetch_result_destroy (&result);
    VC_CHECK (scrape_fetch_set_user_agent (fetch, "bad\r\nagent") == -1);
}

//  A port on 127.0.0.1 that nobody listens on.
static int
s_closed_port (void)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET };
    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    VC_CHECK (fd >= 0 && bind (fd, (struct sockaddr *) &address, sizeof address) == 0);
    VC_CHECK (getsockname (fd, (struct sockaddr *) &address, &length) == 0);
    close (fd);
    return ntohs (address.sin_port);
}

static void
s_test_refused_and_files (scrape_fetch_t *fetch)
{
    char url [1100];
    scrape_fetch_set_retries (fetch, 1, 10);
    snprintf (url, sizeof url, "http://127.0.0.1:%d/", s_closed_port ());
    scrape_fetch_result_t *result = s_get (fetch, url);
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && result->attempts == 2);
    VC_CHECK (s_said (result, "%s (after %d attempts)", "could not connect to the server"));
    VC_CHECK (!strcmp (result->error, "could not connect to the server (after 2 attempts)"));
    scrape_fetch_result_destroy (&result);

    size_t size;
    char *page = fixture_read (FEED, &size);
    snprintf (url, sizeof url, "file://%s", fixture_path (FEED));
    result = s_get (fetch, url);
    VC_CHECK (result->status == SCRAPE_FETCH_OK && result->http_code == 0);
    VC_CHECK (result->size == size && memcmp (result->body, page, size) == 0);
    scrape_fetch_result_destroy (&result);
    free (page);
    snprintf (url, sizeof url, "file://%s", fixture_path ("no-such-file.html"));
    result = s_get (fetch, url);
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && result->attempts == 1);
    VC_CHECK (s_said (result, "could not read the file", NULL));
    scrape_fetch_result_destroy (&result);
    result = s_get (fetch, "ftp://127.0.0.1/x");
    VC_CHECK (result->status == SCRAPE_FETCH_ERROR && vc_said_msgid (&result->said));
    scrape_fetch_result_destroy (&result);
}

//  Each common libcurl error in the scraper's words, with a message id the
//  clients' table says; any other with libcurl's text after its own words
static void
s_test_error_words (void)
{
    static const int codes [] = {
        CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
        CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2,
        CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_WEIRD_SERVER_REPLY, CURLE_SSL_CONNECT_ERROR,
        CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_UNSUPPORTED_PROTOCOL,
        CURLE_URL_MALFORMAT, CURLE_FILE_COULDNT_READ_FILE, CURLE_BAD_CONTENT_ENCODING,
        CURLE_OUT_OF_MEMORY, CURLE_FILESIZE_EXCEEDED
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes [0]; i++) {
        vc_said_t said;
        scrape_fetch_say_error (codes [i], &said);
        const char *msgid = vc_said_msgid (&said);
        char *words = msgid ? vc_server_words_id (msgid, NULL, 0) : NULL;
        if (!words || strstr (said.message, curl_easy_strerror ((CURLcode) codes [i])))
            fprintf (stderr, "libcurl error %d: '%s' has no words of its own\n", codes [i],
                     said.message);
        VC_CHECK (words);
        VC_CHECK (!strstr (said.message, curl_easy_strerror ((CURLcode) codes [i])));
        free (words);
    }
    vc_said_t said;
    scrape_fetch_say_error (CURLE_TFTP_NOSUCHUSER, &said);
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (!strcmp (vc_said_msgid (&said), "network error: %s"));
    VC_CHECK (vc_said_args (&said, args) == 1
              && !strcmp (args [0], curl_easy_strerror (CURLE_TFTP_NOSUCHUSER)));
}

int
main (int argc, char **argv)
{
    s_verbose = argc > 1 && strcmp (argv [1], "-v") == 0;
    VC_CHECK (fixture_server_start (&s_server) == 0);
    scrape_fetch_t *fetch = scrape_fetch_new ();
    VC_CHECK (fetch);
    s_test_conditional (fetch);
    s_test_retries (fetch);
    s_test_limits (fetch);
    s_test_refused_and_files (fetch);
    s_test_error_words ();
    scrape_fetch_destroy (&fetch);
    VC_CHECK (fetch == NULL);
    fixture_server_stop (&s_server);
    printf ("scraper fetch tests passed\n");
    return 0;
}
