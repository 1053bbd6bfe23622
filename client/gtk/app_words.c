/*  app_words - what went wrong, in plain words for the person using the
    desktop client (translated), instead of the technical reason the
    network layer or the server gives; and cancellable jobs.  */
#include "app.h"
#include "ui_words.h"

static const char *
s_signin_words (const gtk_net_result_t *result, char *text, size_t size)
{
    const char *wait = strstr (result->message, "wait ");
    if (result->status == VC_UNAUTHORISED)
        snprintf (text, size, "%s", _("Wrong username or password."));
    else
    if (result->status == VC_ACCOUNT_IN_USE)
        snprintf (text, size, "%s", _("This account is signed in on another window or "
                                     "computer. Sign out there first."));
    else
    if (result->status == VC_BUSY && wait)
        snprintf (text, size, _("Too many failed attempts. Wait %d seconds, then try again."),
                  atoi (wait + 5));
    else
        return NULL;
    return text;
}

const char *
app_words (const gtk_net_result_t *result, const char *page, char *text, size_t size)
{
    if (streq (page, "connect"))
        return ui_words_connect (result, text, size);
    if (result->server_gone && result->status == VC_TIMEOUT)
        snprintf (text, size, _("The server at %s does not answer. When it is back, press "
                                "Reconnect."), result->address);
    else
    if (result->server_gone)
        snprintf (text, size, _("The connection to the server was lost. When it is back, "
                                "press Reconnect."));
    else
    if (streq (page, "signin") && s_signin_words (result, text, size))
        ;
    else
    if (streq (page, "signup") && result->status == VC_CONFLICT)
        snprintf (text, size, "%s", _("This username is taken. Choose another one."));
    else
    if (result->status == VC_BUSY)
        snprintf (text, size, "%s", _("The server is busy. Try again in a moment."));
    else
    if (result->status == VC_SERVICE_UNAVAILABLE || result->status == VC_UNKNOWN_SERVICE)
        snprintf (text, size, "%s", _("This service is not running on the server right now. "
                                     "Try again later."));
    else
    if (result->status == VC_TIMEOUT)
        snprintf (text, size, "%s", _("The server took too long to answer. Try again."));
    else
        snprintf (text, size, _("The server could not do this: %s."), result->message);
    return text;
}

app_job_t *
app_job_new (void *page, unsigned *current)
{
    app_job_t *job = (app_job_t *) calloc (1, sizeof (app_job_t));
    g_assert (job);
    job->page = page;
    job->current = current;
    job->ticket = ++*current;
    return job;
}

void *
app_job_end (void *user)
{
    app_job_t *job = (app_job_t *) user;
    void *page = *job->current == job->ticket ? job->page : NULL;
    free (job);
    return page;
}
