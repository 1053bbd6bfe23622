/*  cli_words - a server's message in the person's language: the replies
    the auth and data services and the broker give ("account created",
    "no province matches 'Da Nag'", the kind of a total) and the scraper's
    reasons and notes, said again from the catalogue by their message id
    when the reply carries one, else by their shapes (vc_server_words,
    shared with vc-gtk and vc-monitor); any other message is shown as the
    server wrote it.  */
#include "cli.h"
#include "vc_said.h"
#include "vc_server_words.h"
#include "vc_text.h"

//  The last message said: one at a time (vc-cli has one thread)
static const char *
s_said (char *words, const char *message)
{
    static char said [1024];
    if (!words)
        return message;
    vc_text_copy (said, sizeof said, words);
    free (words);
    return said;
}

const char *
cli_words_message (const char *message)
{
    return s_said (vc_server_words_reply (message), message);
}

const char *
cli_words_reply (vc_reply_t *reply, const char *message)
{
    const char *args [VC_SAID_MAX_ARGS];
    size_t count;
    const char *msgid = message == reply->message
                      ? vc_reply_msgid (reply, args, VC_SAID_MAX_ARGS, &count) : NULL;
    char *said = msgid ? vc_server_words_id (msgid, args, count) : NULL;
    return said ? s_said (said, message) : cli_words_message (message);
}

const char *
cli_words_scrape (const char *text)
{
    return s_said (vc_server_words_scrape (text), text);
}

const char *
cli_words_scrape_said (const char *text, const char *msgid, const char *const *args, size_t count)
{
    const char *values [VC_SAID_MAX_ARGS];
    if (!msgid || count > VC_SAID_MAX_ARGS)
        return cli_words_scrape (text);
    for (size_t i = 0; i < count; i++)
        values [i] = args [i];
    char *said = vc_server_words_id (msgid, values, count);
    return said ? s_said (said, text) : cli_words_scrape (text);
}
