/*  cli_words - a server's message in the person's language: the replies
    the auth and data services give in full ("account created", "wrong
    username or password", and the kind of a total) are said again from
    the catalogue; any other message (one that names a province, a date)
    is shown as the server wrote it.  */
#include "cli.h"

static const char *s_messages [] = {
    N_("account created"), N_("signed in"), N_("signed out"), N_("session resumed"),
    N_("username already taken"), N_("wrong username or password"), N_("not signed in"),
    N_("account in use: signed in from another client"), N_("sign in first"),
    N_("no province given"), N_("no daily figures are stored yet"), N_("'from' is after 'to'"),
    N_("field 'step' must be day, week or month"), N_("the case store failed; try again"),
    N_("store unavailable, try again"), N_("unknown operation"), N_("reported"),
    N_("sum of daily reports"), NULL
};

const char *
cli_words_message (const char *message)
{
    for (const char **known = s_messages; *known; known++)
        if (streq (message, *known))
            return _(*known);
    return message;
}
