/*  cli_words - a server's message in the person's language: the replies
    the auth and data services and the broker give in full ("account
    created", "wrong username or password", the kind of a total) are said
    again from the catalogue, and so are those that carry a value ("no
    province matches 'Da Nag'", "service 'scraper' is unavailable: ...")
    by their shapes (vc_words, shared with vc-monitor); any other message
    is shown as the server wrote it.  */
#include "cli.h"
#include "vc_words.h"

static const char *s_messages [] = {
    N_("account created"), N_("signed in"), N_("signed out"), N_("session resumed"),
    N_("username already taken"), N_("wrong username or password"), N_("not signed in"),
    N_("account in use: signed in from another client"), N_("sign in first"),
    N_("no province given"), N_("no daily figures are stored yet"), N_("'from' is after 'to'"),
    N_("field 'step' must be day, week or month"), N_("the case store failed; try again"),
    N_("store unavailable, try again"), N_("unknown operation"), N_("reported"),
    N_("sum of daily reports"), NULL
};

//  The messages that carry a value, as the services write them (first
//  match wins: longer shapes before the shorter ones they contain)
static const vc_shape_t s_shapes [] = {
    //  The data service
    { NULL, N_("no province matches '%s'"), NULL },
    { NULL, N_("no data for %s; no daily figures are stored yet"), NULL },
    { NULL, N_("no data for %s; data covers %s to %s"), NULL },
    { NULL, N_("not reported: no figures were published for %s"), NULL },
    { NULL, N_("not reported: %s published no figure for %s"), NULL },
    { NULL, N_("no total case count is stored for %s"), NULL },
    { NULL, N_("a series may cover at most %d days"), NULL },
    { NULL, N_("field 'provinces' must be a list of 1 to %d province names"), NULL },
    { NULL, N_("field 'provinces' must hold province names"), NULL },
    { NULL, N_("the province table is unavailable"), NULL },
    //  A date that is no date (vc_date), alone or after the field it is in
    { NULL, N_("'%s' date: %s"), NULL },
    { NULL, N_("%s is not a real date"), NULL },
    { NULL, N_("no date given; expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("the year must be between 1900 and 2100"), NULL },
    //  The auth service
    { NULL, N_("too many failed sign-ins from this address, wait %d s"), NULL },
    { NULL, N_("too many failed attempts, wait %d s"), NULL },
    { NULL, N_("unknown operation '%s' for service 'auth'"), NULL },
    { NULL, N_("username must be %d to %d characters long"), NULL },
    { NULL, N_("username may only hold ASCII letters, digits, '.', '_' and '-'"), NULL },
    { NULL, N_("username must begin with a letter or a digit"), NULL },
    { NULL, N_("password must be %d to %d bytes long"), NULL },
    { NULL, N_("password must not contain control characters"), NULL },
    { NULL, N_("password must not be only spaces"), NULL },
    //  The broker
    { NULL, N_("unknown service '%s'"), NULL },
    { NULL, N_("service '%s' is unavailable: no instance is running"), NULL },
    { NULL, N_("service '%s' is busy, try again"), NULL },
    { NULL, N_("invalid service name"), NULL },
    { NULL, N_("malformed message: %s"), NULL },
};

const char *
cli_words_message (const char *message)
{
    for (const char **known = s_messages; *known; known++)
        if (streq (message, *known))
            return _(*known);
    //  The last message said by its shape: one at a time (vc-cli has one thread)
    static char said [1024];
    char *words = vc_words_say (s_shapes, sizeof s_shapes / sizeof s_shapes [0], NULL, message);
    if (!words)
        return message;
    snprintf (said, sizeof said, "%s", words);
    free (words);
    return said;
}
