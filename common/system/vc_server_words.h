/*  vc_server_words - what the services write, in the person's language:
    the replies of the auth and data services and of the broker ("account
    created", "no province matches 'Da Nag'", the kind of a total), and
    the scraper's reasons and notes (a page refused, a list skipped, what
    was read). The tables of shapes are shared by vc-cli, vc-gtk and
    vc-monitor, said again with vc_words; a text of no known shape gives
    NULL, to be shown as written.
*/
#ifndef VC_SERVER_WORDS_H_INCLUDED
#define VC_SERVER_WORDS_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

//  A reply's message (or the detail of a data service's event of new
//  figures) in the person's language, or NULL if it has no known shape.
//  Free with free ().
char *vc_server_words_reply (const char *message);

//  A scraper's reason or note ("rejected" or "skipped" and why, "read:
//  ...", a fetch that failed, the store's refusal) in the person's
//  language, or NULL if it has no known shape. Free with free ().
char *vc_server_words_scrape (const char *text);

//  A reply's or an event's message by its id and values (docs/protocol.md,
//  "Message ids") in the person's language, or NULL if the id is none of
//  the tables' shapes or the values do not fit it. Free with free ().
char *vc_server_words_id (const char *msgid, const char **args, size_t count);

void vc_server_words_test (bool verbose);

#ifdef __cplusplus
}
#endif

#endif
