/*  vc-test-reply-count - one client that counts, per request id, every
    reply it receives while the brokers of a pair fail over. It keeps
    --window requests in flight (echo requests, and every --signup-every-th
    a sign-up of a new account), reads replies with the pipelined API so
    that none is dropped unseen, and when its broker goes silent it joins
    the list again and sends what got no answer with the same request ids.
    A reply with the status of a broker is not an answer: on standby (503
    {standby}) the client joins the list again; otherwise (503 with no
    service yet, 504, 429) the request goes again with its id after a pause.
    Prints every request answered twice ("twice id=..."), the echo texts
    it sent again ("resent text=..."), then one line of totals; exits 0
    only if every request got exactly one answer.  */
#include "vc_api.h"
#include "vc_client.h"
#include "vc_config.h"
#include "vc_log.h"
#include "test_flight.h"
#include "test_echo.h"
#include "vc_check.h"

static const vc_option_t s_options [] = {
    { "server", "VC_SERVER", VC_DEFAULT_FRONTEND, "Broker addresses, comma-separated", false },
    { "seconds", "VC_COUNT_SECONDS", "20", "Send new requests this long, then wait for the last answers", false },
    { "window", "VC_COUNT_WINDOW", "4", "Requests in flight at once (1-64)", false },
    { "signup-every", "VC_COUNT_SIGNUP_EVERY", "5", "Every Nth request is a sign-up (0: none)", false },
    { "prefix", "VC_COUNT_PREFIX", "count", "Usernames of the sign-ups: this and a number", false },
    { "patience", "VC_COUNT_PATIENCE", "2000", "Milliseconds without an answer before joining the list again", false },
    VC_OPTION_LOG_LEVEL,
    { NULL, NULL, NULL, NULL, false }
};

#define MAX_REQUESTS 100000

typedef struct {
    test_flight_t flight;       //  Id, replies that answered it (not 503,
                                //  504, 429), last sent
    int number;
    bool signup;
    int status;                 //  Of the first answer
    int sends;
    int64_t again_at;           //  0, or when to send it again
} request_t;

typedef struct {
    vc_client_t *client;
    const char *prefix;
    request_t *requests;
    int count;                  //  Requests made
    int window, signup_every;
    int64_t patience_ms;
    int twice, resent, joins, broker_replies;
    bool standby;               //  The broker said it stands by: join again
} counter_t;

#define AGAIN_PAUSE_MSEC 200

static zframe_t *
s_body (counter_t *self, request_t *request)
{
    char text [64];
    if (request->signup) {
        snprintf (text, sizeof text, "%s%d", self->prefix, request->number);
        return vc_api_credentials ("signup", text, "count-password-1");
    }
    snprintf (text, sizeof text, "%s-%d", self->prefix, request->number);
    return VC_NEED (test_echo_body (text));
}

static void
s_send (counter_t *self, request_t *request)
{
    zframe_t *body = s_body (self, request);
    if (request->sends > 0) {
        self->resent++;
        if (!request->signup)
            printf ("resent text=%s-%d\n", self->prefix, request->number);
    }
    request->sends++;
    request->flight.sent_at = zclock_mono ();
    request->again_at = 0;
    if (vc_client_send_id (self->client, request->signup ? "auth" : "echo", request->flight.reqid, &body))
        vc_debug ("request %d not sent: the link is down", request->number);
}

static request_t *
s_find (counter_t *self, uint64_t reqid)
{
    return (request_t *) test_flight_find (self->requests, self->count,
                                           sizeof self->requests [0], reqid);
}

static bool
s_broker_status (int status)
{
    return status == VC_SERVICE_UNAVAILABLE || status == VC_TIMEOUT || status == VC_BUSY;
}

static void
s_take (counter_t *self, vc_reply_t *reply)
{
    request_t *request = s_find (self, reply->reqid);
    if (!request) {
        vc_warn ("a reply to no request of ours (%d)", reply->status);
        return;
    }
    if (s_broker_status (reply->status)) {
        self->broker_replies++;
        bool standby = false;
        if (reply->body && vc_body_bool (reply->body, "standby", &standby) == 0 && standby)
            self->standby = true;
        else
        if (request->flight.answers == 0)      //  Not done, or done with the answer lost
            request->again_at = zclock_mono () + AGAIN_PAUSE_MSEC;
        return;
    }
    if (++request->flight.answers == 1)
        request->status = reply->status;
    else {
        self->twice++;
        printf ("twice id=%016" PRIx64 " request=%d status=%d then %d\n", request->flight.reqid,
                request->number, request->status, reply->status);
    }
}

//  The broker went silent, or kept a request too long: join the list again
//  (the other broker, when this one is gone) and send what is unanswered
static void
s_rejoin (counter_t *self)
{
    if (vc_client_connect (self->client, 4000)) {
        vc_debug ("cannot join: %s", vc_client_error (self->client));
        return;
    }
    self->joins++;
    printf ("joined %s run %s\n", vc_client_endpoint (self->client), vc_client_epoch (self->client));
    fflush (stdout);
    for (int i = 0; i < self->count; i++)
        if (self->requests [i].flight.answers == 0)
            s_send (self, &self->requests [i]);
}

static void
s_run (counter_t *self, int64_t stop_at)
{
    int64_t give_up = stop_at + 30000;
    while (zclock_mono () < give_up) {
        int64_t oldest;
        int flying = test_flight_waiting (self->requests, self->count,
                                          sizeof self->requests [0], &oldest);
        bool sending = zclock_mono () < stop_at && self->count < MAX_REQUESTS && !zsys_interrupted;
        if (!sending && flying == 0)
            break;
        if (sending && flying < self->window) {
            request_t *request = &self->requests [self->count];
            request->flight.reqid = vc_reqid_new ();
            request->number = self->count;
            request->signup = self->signup_every > 0 && self->count % self->signup_every == 0;
            self->count++;
            s_send (self, request);
            continue;
        }
        vc_reply_t *reply = vc_client_recv (self->client, 50);
        if (reply)
            s_take (self, reply);
        vc_reply_destroy (&reply);
        for (int i = 0; i < self->count; i++)
            if (self->requests [i].again_at && zclock_mono () >= self->requests [i].again_at
            &&  self->requests [i].flight.answers == 0)
                s_send (self, &self->requests [i]);
        if (flying && (self->standby || !vc_client_broker_alive (self->client)
                   ||  zclock_mono () - oldest > self->patience_ms)) {
            self->standby = false;
            s_rejoin (self);
        }
    }
}

static int
s_report (counter_t *self)
{
    int answered = 0, unanswered = 0, signups = 0, created = 0;
    for (int i = 0; i < self->count; i++) {
        request_t *request = &self->requests [i];
        answered += request->flight.answers > 0;
        unanswered += request->flight.answers == 0;
        signups += request->signup;
        created += request->signup && request->flight.answers && request->status == VC_OK;
    }
    printf ("requests=%d answered=%d twice=%d unanswered=%d resent=%d joins=%d "
            "broker_replies=%d signups=%d created=%d\n", self->count, answered, self->twice,
            unanswered, self->resent, self->joins, self->broker_replies, signups, created);
    fflush (stdout);
    return self->twice == 0 && unanswered == 0 && created == signups ? 0 : 1;
}

int
main (int argc, char **argv)
{
    int rc = 0;
    vc_config_t *config = vc_program_start ("vc-test-reply-count", "count", "[options]",
        "One client counting every reply per request id through a failover.",
        s_options, argc, argv, &rc);
    if (!config)
        return rc;
    counter_t self = { 0 };
    self.prefix = vc_config_get (config, "prefix");
    self.window = (int) vc_config_int (config, "window");
    self.signup_every = (int) vc_config_int (config, "signup-every");
    self.patience_ms = vc_config_int (config, "patience");
    if (self.window < 1 || self.window > 64 || self.signup_every < 0 || self.patience_ms < 100) {
        vc_error ("--window must be 1-64, --signup-every 0 or more, --patience at least 100");
        vc_config_destroy (&config);
        return 2;
    }
    self.requests = (request_t *) calloc (MAX_REQUESTS, sizeof (request_t));
    self.client = vc_client_new (vc_config_get (config, "server"), "bench");
    rc = 1;
    if (!self.requests || !self.client)
        vc_error ("out of memory");
    else
    if (vc_client_connect (self.client, 10000))
        vc_error ("%s", vc_client_error (self.client));
    else {
        printf ("joined %s run %s\n", vc_client_endpoint (self.client), vc_client_epoch (self.client));
        fflush (stdout);
        s_run (&self, zclock_mono () + vc_config_int (config, "seconds") * 1000);
        rc = s_report (&self);
    }
    vc_client_destroy (&self.client);
    free (self.requests);
    vc_config_destroy (&config);
    return rc;
}
