/*  gtk_net - the network thread of the GTK programs: owns the vc_client,
    runs jobs from the UI in order, keeps heartbeats going while idle, and
    posts every result back to the UI thread.  */
#include "gtk_net.h"
#include "vc_log.h"

#define NET_IDLE_TICK_USEC  (250 * 1000)

typedef enum {
    JOB_CONNECT, JOB_CALL, JOB_SIGNIN, JOB_SIGNOUT, JOB_BYE, JOB_QUIT
} job_kind_t;

typedef struct {
    job_kind_t kind;
    gtk_net_t *net;
    char *service;              //  JOB_CALL
    zframe_t *body;             //  JOB_CALL
    char *text1, *text2;        //  address, or username and password
    gtk_net_done_fn *done;
    void *user;
    gtk_net_result_t result;
} job_t;

struct _gtk_net_t {
    GThread *thread;
    GAsyncQueue *queue;
    vc_client_t *client;        //  Owned by the thread
    char *kind;
    char *server_key;
    int timeout_ms;
    char address [256];         //  UI thread copy of the connected address
    int pending;                //  UI thread count of unfinished jobs
    GMutex lock;                //  Guards posted
    GPtrArray *posted;          //  Jobs done, waiting for their idle callback
    gtk_net_moved_fn *moved;    //  Told when the link moved to another broker
    void *moved_user;
};

static void
s_job_free (job_t *job)
{
    zframe_destroy (&job->body);
    free (job->service);
    if (job->text2)
        memset (job->text2, 0, strlen (job->text2));
    free (job->text1);
    free (job->text2);
    vc_reply_destroy (&job->result.reply);
    free (job);
}

static void
s_set_result (job_t *job, int status, const char *message)
{
    job->result.status = status;
    snprintf (job->result.message, sizeof job->result.message, "%s", message);
}

static void
s_do_connect (gtk_net_t *self, job_t *job)
{
    vc_client_destroy (&self->client);
    self->client = vc_client_new (job->text1, self->kind);
    snprintf (job->result.address, sizeof job->result.address, "%s",
              vc_client_endpoint (self->client));
    if (self->server_key && vc_client_set_server_key (self->client, self->server_key)) {
        s_set_result (job, VC_BAD_REQUEST, "the broker's public key is not valid");
        return;
    }
    if (vc_client_connect (self->client, VC_CONNECT_TIMEOUT_MSEC)) {
        s_set_result (job, VC_SERVICE_UNAVAILABLE, vc_client_error (self->client));
        //  A pair's list: none of them answered, not only the last one tried
        if (strchr (job->text1, ','))
            snprintf (job->result.address, sizeof job->result.address, "%s", job->text1);
        vc_warn ("%s", vc_client_error (self->client));
        vc_client_destroy (&self->client);
        return;
    }
    vc_info ("connected to %s as %s", vc_client_endpoint (self->client),
             vc_client_id (self->client));
    //  Of a pair's list, the broker that welcomed us
    snprintf (job->result.address, sizeof job->result.address, "%s",
              vc_client_endpoint (self->client));
    s_set_result (job, VC_OK, "connected");
}

//  Before a request: is there a live link at all?
static bool
s_link_ok (gtk_net_t *self, job_t *job)
{
    if (!self->client || !vc_client_connected (self->client)) {
        s_set_result (job, VC_SERVICE_UNAVAILABLE, "not connected to a server");
        job->result.server_gone = true;
        return false;
    }
    snprintf (job->result.address, sizeof job->result.address, "%s",
              vc_client_endpoint (self->client));
    vc_client_tick (self->client);
    if (!vc_client_broker_alive (self->client)) {
        s_set_result (job, VC_SERVICE_UNAVAILABLE,
                      "the server is gone (no heartbeat from the broker)");
        job->result.server_gone = true;
        return false;
    }
    return true;
}

static void
s_take_reply (gtk_net_t *self, job_t *job, vc_reply_t *reply)
{
    job->result.reply = reply;
    s_set_result (job, reply->status, reply->message);
    if (reply->status == VC_TIMEOUT || !vc_client_broker_alive (self->client)) {
        job->result.server_gone = true;
        if (reply->status == VC_OK || reply->status == VC_SERVICE_UNAVAILABLE)
            s_set_result (job, VC_SERVICE_UNAVAILABLE, "the server is gone (connection lost)");
    }
}

static void
s_run (gtk_net_t *self, job_t *job)
{
    if (job->kind == JOB_CONNECT)
        s_do_connect (self, job);
    else
    if (job->kind == JOB_BYE) {
        vc_client_destroy (&self->client);
        s_set_result (job, VC_OK, "bye");
    }
    else
    if (s_link_ok (self, job)) {
        vc_reply_t *reply = NULL;
        if (job->kind == JOB_SIGNIN)
            reply = vc_api_signin (self->client, job->text1, job->text2, self->timeout_ms);
        else
        if (job->kind == JOB_SIGNOUT)
            reply = vc_api_signout (self->client, self->timeout_ms);
        else
        if (streq (job->service, VC_SERVICE_AUTH))     //  Sign-up: retried with its id
            reply = vc_client_call_once (self->client, job->service, &job->body, self->timeout_ms);
        else
            reply = vc_client_call (self->client, job->service, &job->body, self->timeout_ms);
        s_take_reply (self, job, reply);
        //  Where the answer came from: another broker of a pair after a failover
        snprintf (job->result.address, sizeof job->result.address, "%s",
                  vc_client_endpoint (self->client));
    }
    else
    if (job->kind == JOB_SIGNOUT)
        vc_client_set_token (self->client, "");
    vc_debug ("job %d: %d %s", (int) job->kind, job->result.status, job->result.message);
}

//  On the UI thread: hand the result over, then free the job.
static gboolean
s_deliver (gpointer data)
{
    job_t *job = (job_t *) data;
    gtk_net_t *self = job->net;
    g_mutex_lock (&self->lock);
    g_ptr_array_remove_fast (self->posted, job);
    g_mutex_unlock (&self->lock);
    self->pending--;
    if (job->kind == JOB_CONNECT)
        snprintf (self->address, sizeof self->address, "%s",
                  job->result.status == VC_OK ? job->result.address : "");
    if (job->kind == JOB_BYE)
        self->address [0] = 0;
    bool moved = job->kind != JOB_CONNECT && job->kind != JOB_BYE && !job->result.server_gone
              && *self->address && *job->result.address && strcmp (self->address, job->result.address);
    if (moved) {
        snprintf (self->address, sizeof self->address, "%s", job->result.address);
        if (self->moved)
            self->moved (self->address, self->moved_user);
    }
    if (job->done)
        job->done (&job->result, job->user);
    s_job_free (job);
    return G_SOURCE_REMOVE;
}

static gpointer
s_thread (gpointer arg)
{
    gtk_net_t *self = (gtk_net_t *) arg;
    while (true) {
        job_t *job = (job_t *) g_async_queue_timeout_pop (self->queue, NET_IDLE_TICK_USEC);
        if (!job) {
            if (self->client)
                vc_client_tick (self->client);
            continue;
        }
        if (job->kind == JOB_QUIT) {
            s_job_free (job);
            break;
        }
        s_run (self, job);
        g_mutex_lock (&self->lock);
        g_ptr_array_add (self->posted, job);
        g_idle_add (s_deliver, job);
        g_mutex_unlock (&self->lock);
    }
    vc_client_destroy (&self->client);      //  Says BYE
    return NULL;
}

gtk_net_t *
gtk_net_new (const char *kind, const char *server_key, int timeout_ms)
{
    gtk_net_t *self = (gtk_net_t *) calloc (1, sizeof (gtk_net_t));
    if (!self)
        return NULL;
    self->kind = strdup (kind);
    self->server_key = server_key ? strdup (server_key) : NULL;
    self->timeout_ms = timeout_ms > 0 ? timeout_ms : VC_REQUEST_TIMEOUT_MSEC;
    self->queue = g_async_queue_new ();
    g_mutex_init (&self->lock);
    self->posted = g_ptr_array_new ();
    self->thread = g_thread_new ("vc-net", s_thread, self);
    return self;
}

static void
s_push (gtk_net_t *self, job_kind_t kind, gtk_net_done_fn *done, void *user,
        const char *text1, const char *text2, const char *service, zframe_t *body)
{
    job_t *job = (job_t *) calloc (1, sizeof (job_t));
    if (!job) {
        zframe_destroy (&body);
        return;
    }
    job->kind = kind;
    job->net = self;
    job->done = done;
    job->user = user;
    job->text1 = text1 ? strdup (text1) : NULL;
    job->text2 = text2 ? strdup (text2) : NULL;
    job->service = service ? strdup (service) : NULL;
    job->body = body;
    if (kind != JOB_QUIT)
        self->pending++;
    g_async_queue_push (self->queue, job);
}

void
gtk_net_destroy (gtk_net_t **self_p)
{
    gtk_net_t *self = *self_p;
    if (!self)
        return;
    s_push (self, JOB_QUIT, NULL, NULL, NULL, NULL, NULL, NULL);
    g_thread_join (self->thread);
    //  Results not yet delivered are idle sources still: drop them
    for (guint i = 0; i < self->posted->len; i++) {
        job_t *job = (job_t *) g_ptr_array_index (self->posted, i);
        g_idle_remove_by_data (job);
        s_job_free (job);
    }
    g_ptr_array_free (self->posted, TRUE);
    g_mutex_clear (&self->lock);
    job_t *job;
    while ((job = (job_t *) g_async_queue_try_pop (self->queue)))
        s_job_free (job);
    g_async_queue_unref (self->queue);
    free (self->kind);
    free (self->server_key);
    free (self);
    *self_p = NULL;
}

void
gtk_net_connect (gtk_net_t *self, const char *address, gtk_net_done_fn *done, void *user)
{
    s_push (self, JOB_CONNECT, done, user, address, NULL, NULL, NULL);
}

void
gtk_net_call (gtk_net_t *self, const char *service, zframe_t *body,
              gtk_net_done_fn *done, void *user)
{
    s_push (self, JOB_CALL, done, user, NULL, NULL, service, body);
}

void
gtk_net_signin (gtk_net_t *self, const char *username, const char *password,
                gtk_net_done_fn *done, void *user)
{
    s_push (self, JOB_SIGNIN, done, user, username, password, NULL, NULL);
}

void
gtk_net_signout (gtk_net_t *self, gtk_net_done_fn *done, void *user)
{
    s_push (self, JOB_SIGNOUT, done, user, NULL, NULL, NULL, NULL);
}

void
gtk_net_bye (gtk_net_t *self, gtk_net_done_fn *done, void *user)
{
    s_push (self, JOB_BYE, done, user, NULL, NULL, NULL, NULL);
}

void
gtk_net_on_moved (gtk_net_t *self, gtk_net_moved_fn *moved, void *user)
{
    self->moved = moved;
    self->moved_user = user;
}

const char *
gtk_net_address (gtk_net_t *self)
{
    return self->address;
}

int
gtk_net_pending (gtk_net_t *self)
{
    return self->pending;
}
