/*  app_words - what went wrong, in plain words for the person using the
    desktop client (translated), instead of the technical reason the
    network layer or the server gives; a server's own message in the
    person's language (vc_server_words): by the message id its reply
    carries (docs/protocol.md, "Message ids"), else by its shape; and
    cancellable jobs.  */
#include "app.h"
#include "ui_words.h"
#include "vc_said.h"
#include "vc_server_words.h"
#include "vc_text.h"

const char *
app_server_words (const char *message, char *text, size_t size)
{
    char *said = vc_server_words_reply (message);
    vc_text_copy (text, size, said ? said : message);
    free (said);
    return text;
}

const char *
app_reply_msgid (const gtk_net_result_t *result, const char **args, size_t *count)
{
    *count = 0;
    if (!result->reply || strcmp (result->message, result->reply->message) != 0)
        return NULL;            //  No reply, or a message the client made
    return vc_reply_msgid (result->reply, args, VC_SAID_MAX_ARGS, count);
}

const char *
app_reply_words (const gtk_net_result_t *result, char *text, size_t size)
{
    const char *args [VC_SAID_MAX_ARGS];
    size_t count;
    const char *msgid = app_reply_msgid (result, args, &count);
    char *said = msgid ? vc_server_words_id (msgid, args, count) : NULL;
    if (!said)
        return app_server_words (result->message, text, size);
    vc_text_copy (text, size, said);
    free (said);
    return text;
}

//  words as a sentence into text
static const char *
s_sentence (const char *words, char *text, size_t size)
{
    char first [8] = "";
    const char *rest = words;
    if (*words && g_utf8_validate (words, -1, NULL)) {
        first [g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (words)), first)] = 0;
        rest = g_utf8_next_char (words);
    }
    size_t length = strlen (rest);
    bool stop = length && !strchr (".!?", rest [length - 1]);
    snprintf (text, size, "%s%s%s", first, rest, stop ? "." : "");
    return text;
}

const char *
app_server_sentence (const char *message, char *text, size_t size)
{
    char words [512];
    return s_sentence (app_server_words (message, words, sizeof words), text, size);
}

const char *
app_reply_sentence (const gtk_net_result_t *result, char *text, size_t size)
{
    char words [512];
    return s_sentence (app_reply_words (result, words, sizeof words), text, size);
}

static const char *
s_signin_words (const gtk_net_result_t *result, char *text, size_t size)
{
    const char *wait = strstr (result->message, "wait ");
    if (result->status == VC_UNAUTHORISED)
        vc_text_copy (text, size, _("Wrong username or password."));
    else
    if (result->status == VC_ACCOUNT_IN_USE)
        vc_text_copy (text, size, _("This account is signed in on another window or "
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
        vc_text_copy (text, size, _("This username is taken. Choose another one."));
    else
    if (result->status == VC_BUSY)
        vc_text_copy (text, size, _("The server is busy. Try again in a moment."));
    else
    if (result->status == VC_SERVICE_UNAVAILABLE || result->status == VC_UNKNOWN_SERVICE)
        vc_text_copy (text, size, _("This service is not running on the server right now. "
                                     "Try again later."));
    else
    if (result->status == VC_TIMEOUT)
        vc_text_copy (text, size, _("The server took too long to answer. Try again."));
    else {
        char words [512];
        snprintf (text, size, _("The server could not do this: %s."),
                  app_reply_words (result, words, sizeof words));
    }
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
