/*  vc_server_words - the shapes of what the services write, said again in
    the person's language (see vc_server_words.h).  */
#include "vc_server_words.h"
#include "vc_check.h"
#include "vc_i18n.h"
#include "vc_words.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(table) (sizeof table / sizeof table [0])

//  The replies and the services' events, first match wins: longer shapes before the shorter ones
//  they contain
static const vc_shape_t s_replies [] = {
    //  Given in full
    { NULL, N_("account created"), NULL },
    { NULL, N_("signed in"), NULL },
    { NULL, N_("signed out"), NULL },
    { NULL, N_("session resumed"), NULL },
    { NULL, N_("username already taken"), NULL },
    { NULL, N_("wrong username or password"), NULL },
    { NULL, N_("not signed in"), NULL },
    { NULL, N_("account in use: signed in from another client"), NULL },
    { NULL, N_("no session to resume: sign in again"), NULL },
    { NULL, N_("sign in first"), NULL },
    { NULL, N_("no province given"), NULL },
    { NULL, N_("no daily figures are stored yet"), NULL },
    { NULL, N_("'from' is after 'to'"), NULL },
    { NULL, N_("field 'step' must be day, week or month"), NULL },
    { NULL, N_("the case store failed; try again"), NULL },
    { NULL, N_("store unavailable, try again"), NULL },
    { NULL, N_("unknown operation"), NULL },
    { NULL, N_("internal error"), NULL },
    { NULL, N_("this request id was used for another request"), NULL },
    { NULL, N_("the request waited past its deadline: not handled"), NULL },
    { NULL, N_("the session token is required"), NULL },
    { NULL, N_("username (at most 32 bytes) and password (at most 128 bytes) are required"), NULL },
    //  The kind of a total
    { NULL, N_("reported"), NULL },
    { NULL, N_("sum of daily reports"), NULL },
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
    { NULL, N_("no 2019 census figure is stored for %s"), NULL },
    //  The scraper service
    { NULL, N_("the last scrape ended %d s ago; try again in %d s"), NULL },
    { NULL, N_("refresh started"), NULL },
    { NULL, N_("already running"), NULL },
    //  A date that is no date (vc_date), alone or after the field it is in
    { NULL, N_("'from' date: %s is not a real date"), NULL },
    { NULL, N_("'from' date: no date given; expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("'from' date: expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("'from' date: the year must be between 1900 and 2100"), NULL },
    { NULL, N_("'to' date: %s is not a real date"), NULL },
    { NULL, N_("'to' date: no date given; expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("'to' date: expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("'to' date: the year must be between 1900 and 2100"), NULL },
    { NULL, N_("'%s' date: %s"), NULL },
    { NULL, N_("%s is not a real date"), NULL },
    { NULL, N_("no date given; expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("expected dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd"), NULL },
    { NULL, N_("the year must be between 1900 and 2100"), NULL },
    //  The data service's event of new figures (data.province.NN)
    { NULL, N_("%s: figures changed; latest %s: %s new cases, %d deaths (scrape event %d)"), NULL },
    { NULL, N_("%s: figures changed; latest %s: %s new cases (scrape event %d)"), NULL },
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
    { NULL, N_("%s is disabled: the broker has no operator key"), NULL },
    { NULL, N_("the list of clients"), NULL },
    { NULL, N_("a client's details"), NULL },
    { NULL, N_("the event history"), NULL },
    { NULL, N_("wrong operator key"), NULL },
    { NULL, N_("no such client connected"), NULL },
    { NULL, N_("system is shutting down"), NULL },
    { NULL, N_("unknown operation for service 'broker'"), NULL },
    { NULL, N_("this broker is on standby (passive): use the other broker"), NULL },
    { NULL, N_("command not allowed from a client"), NULL },
    { NULL, N_("the server has too many clients"), NULL },
    { NULL, N_("the server is out of memory"), NULL },
    { NULL, N_("this connection has said goodbye: open a new one"), NULL },
    { NULL, N_("too many requests from this client, slow down"), NULL },
    { NULL, N_("too many requests in flight from this client"), NULL },
    { NULL, N_("too many sign-ups or sign-ins in flight from this client: wait for their "
               "answers"), NULL },
    { NULL, N_("too many sign-ups or sign-ins in flight from this address, try again"), NULL },
    { NULL, N_("the service instance stopped while handling the request; try again"), NULL },
    { NULL, N_("the service did not answer in time"), NULL },
};

//  The scraper's reasons and notes, as its parsers, checks, fetches and
//  the case store write them
static const vc_shape_t s_scrape [] = {
    //  A source's outcome
    { NULL, N_("%d rows for %d provinces, %s"), NULL },
    { NULL, N_("%d rows for %d province, %s"), NULL },
    { NULL, N_("%d row for %d province, %s"), NULL },
    { NULL, N_("%s to %s (%d days)"), NULL },
    { NULL, N_("same figures as stored (%d rows)"), NULL },
    //  What a page gave
    { NULL, N_("read: %d provinces after '%s', sum %d as stated (it counts %d provinces)"), NULL },
    { NULL, N_("read: %d provinces after '%s', sum %d as stated"), NULL },
    { NULL, N_("read: %d provinces after '%s', sum %d, province count as stated"), NULL },
    { NULL, N_("read: %d provinces after '%s', sum %d (the page states no total to check)"), NULL },
    { NULL, N_("read: %d provinces from the table (totals and today's new cases)"), NULL },
    { NULL, N_("read: %d provinces from the table (totals)"), NULL },
    { NULL, N_("read: the %d items of the top-level array"), NULL },
    { NULL, N_("read: the %d items of '%s'"), NULL },
    { NULL, N_("read: totals from '%s', new cases from '%s', dated by '%s'"), NULL },
    { NULL, N_("skipped: %d provinces after '%s' (counts %d h %d min of a day whose whole "
               "count follows)"), NULL },
    { NULL, N_("skipped: %d provinces after '%s' (%s)"), NULL },
    { NULL, N_("skipped: '%s' (%d items without province names)"), NULL },
    { NULL, N_("skipped: members not read: %s (only names, cases and the date are read)"), NULL },
    //  The same, cut short by the scraper's length for a note
    { NULL, N_("skipped: members not read: %s"), NULL },
    { NULL, N_("skipped: the province grid (header '%s') has no rows: a script fills it from "
               "the site's JSON feed"), NULL },
    { NULL, N_("skipped: %d rows naming no province"), NULL },
    //  What a bulletin's list is, when it is not read
    { NULL, N_("new cases"), NULL },
    { NULL, N_("cumulative figures, not new cases"), NULL },
    { NULL, N_("deaths, recoveries, vaccination or changes"), NULL },
    { NULL, N_("not introduced as new cases"), NULL },
    //  A page refused by its parser
    { NULL, N_("the page dates itself %d/%d but gives no year (no published time, no full "
               "date of that day)"), NULL },
    { NULL, N_("no date with its year in the page"), NULL },
    { NULL, N_("no date with its year in the feed"), NULL },
    { NULL, N_("the list after '%s' counts one announcement (patients %s), not a whole day"), NULL },
    { NULL, N_("the list after '%s' counts %d h %d min, not a whole day"), NULL },
    { NULL, N_("'%s' in the list of new cases names no province"), NULL },
    { NULL, N_("the list after '%s' ends in an ellipsis after '%s': it is cut short"), NULL },
    { NULL, N_("the list of %d provinces adds up to %d, the bulletin states %d domestic cases"),
      NULL },
    { NULL, N_("a list after '%s' may be new cases, but the page states no total to confirm it"),
      NULL },
    { NULL, N_("the list stops at %d of the %d provinces the bulletin counts"), NULL },
    { NULL, N_("the list after '%s' stops at '%s' where the sentence goes on with '%s': it may "
               "be short"), NULL },
    { NULL, N_("no first day of the daily series"), NULL },
    { NULL, N_("the list after '%s' is the Ministry's count of %s; before 2021-07-25 the daily "
               "series is the national portal's, which books those cases on other days: not "
               "stored"), NULL },
    { NULL, N_("the lists of new cases after '%s' and after '%s' are both of %s: announcements "
               "of parts of a day, neither the whole day's count"), NULL },
    { NULL, N_("no last day of the announcements in two parts"), NULL },
    { NULL, N_("the list after '%s' is one of the two announcements of its day in the "
               "Ministry's timeline (stamped %s): until 12-08-2021 each counted part of the "
               "day, neither the whole day's count"), NULL },
    { NULL, N_("no list of new cases by province in the page; the longest, %d provinces after "
               "'%s', was skipped (%s)"), NULL },
    { NULL, N_("no list of new cases by province in the page"), NULL },
    { NULL, N_("the list names no known province"), NULL },
    { NULL, N_("a series of counts by date ('%s', ...) for each of %d ids (%s...): the portal's "
               "own province ids name no province, so it is not read"), NULL },
    { NULL, N_("%d series of counts by time (%s...) of one place the reply does not name: "
               "their names are the series', not provinces, so it is not read"), NULL },
    { NULL, N_("no list of provinces in the feed"), NULL },
    { NULL, N_("the feed names no known province"), NULL },
    { NULL, N_("not a JSON feed: %s"), NULL },
    { NULL, N_("unterminated JSON (input ends at offset %d)"), NULL },
    { NULL, N_("unexpected data after the JSON value at offset %d"), NULL },
    //  What json-c found wrong in a feed (its errors in our words)
    { NULL, N_("nested too deeply at offset %d"), NULL },
    { NULL, N_("unexpected character at offset %d"), NULL },
    { NULL, N_("a malformed value at offset %d"), NULL },
    { NULL, N_("a malformed array at offset %d"), NULL },
    { NULL, N_("a malformed object at offset %d"), NULL },
    { NULL, N_("a malformed string at offset %d"), NULL },
    { NULL, N_("text that is not UTF-8 at offset %d"), NULL },
    //  Translators: the library's own words follow, in English
    { NULL, N_("JSON error at offset %d: %s"), NULL },
    { NULL, N_("the feed is null"), NULL },
    { NULL, N_("the province grid is empty as served: the page fills it by script from its "
               "JSON feed (read the feed instead)"), NULL },
    { NULL, N_("no table with a province column and a total column"), NULL },
    { NULL, N_("the totals table has no province rows"), NULL },
    { NULL, N_("empty page"), NULL },
    { NULL, N_("page too large"), NULL },
    { NULL, N_("not an HTML page"), NULL },
    { NULL, N_("unknown parser"), NULL },
    { NULL, N_("%d bytes, more than the %d allowed"), NULL },
    { NULL, N_("more than %d rows"), NULL },
    //  A page refused by the checks
    { NULL, N_("page is incomplete (cut short or partly undecodable)"), NULL },
    { NULL, N_("no provinces in the page"), NULL },
    { NULL, N_("only %d provinces in the page, at least %d expected"), NULL },
    { NULL, N_("conflicting daily counts for %s on %s: %d and %d"), NULL },
    { NULL, N_("conflicting total counts for %s on %s: %d and %d"), NULL },
    { NULL, N_("negative daily count for %s on %s: -%d"), NULL },
    { NULL, N_("negative total count for %s on %s: -%d"), NULL },
    { NULL, N_("implausible daily count for %s on %s: %d"), NULL },
    { NULL, N_("implausible total count for %s on %s: %d"), NULL },
    { NULL, N_("row for %s is dated in the future (%s)"), NULL },
    { NULL, N_("total for %s fell from %d to %d"), NULL },
    { NULL, N_("%d figure differs from the one stored for its day (page ≠ stored); "
               "nothing was changed: %s"), NULL },
    { NULL, N_("%d figures differ from those stored for their day (page ≠ stored); "
               "nothing was changed: %s"), NULL },
    { NULL, N_("%d total differs from the one stored for its day (page ≠ stored); "
               "nothing was changed: %s"), NULL },
    { NULL, N_("%d totals differ from those stored for their day (page ≠ stored); "
               "nothing was changed: %s"), NULL },
    //  The case store
    { NULL, N_("store refused the page: %s"), NULL },
    { NULL, N_("total %s for province %s is below %s stored for %s"), NULL },
    { NULL, N_("total %s for province %s is above %s stored for later day %s"), NULL },
    { NULL, N_("database error: cannot start a transaction"), NULL },
    { NULL, N_("database error: cannot commit"), NULL },
    { NULL, N_("database error: cannot read the stored figures"), NULL },
    { NULL, N_("database error: %s"), NULL },
    { NULL, N_("no batch is open"), NULL },
    { NULL, N_("negative count -%d"), NULL },
    { NULL, N_("day %d is out of range"), NULL },
    { NULL, N_("unknown province code %d"), NULL },
    { NULL, N_("population must be above 0"), NULL },
    { NULL, N_("store unavailable: the database cannot be reached; nothing was written, the "
               "next scrape tries again"), NULL },
    { NULL, N_("store unavailable: the database cannot be reached; nothing was fetched, the "
               "next scrape tries again"), NULL },
    //  A fetch
    { NULL, N_("not modified since the last fetch"), NULL },
    { NULL, N_("%s (after %d attempts)"), NULL },
    //  A fetch that failed (libcurl's errors in our words)
    { NULL, N_("could not resolve the server's host name"), NULL },
    { NULL, N_("could not connect to the server"), NULL },
    { NULL, N_("the server did not answer in time"), NULL },
    { NULL, N_("the connection to the server broke"), NULL },
    { NULL, N_("the server closed the connection without an answer"), NULL },
    { NULL, N_("the page was cut short in transfer"), NULL },
    { NULL, N_("the server's answer is not HTTP"), NULL },
    { NULL, N_("the secure connection (TLS) to the server failed"), NULL },
    { NULL, N_("the server's certificate could not be verified (TLS)"), NULL },
    { NULL, N_("the source's address names a protocol that is not supported"), NULL },
    { NULL, N_("the source's address is malformed"), NULL },
    { NULL, N_("could not read the file"), NULL },
    { NULL, N_("the page's compression could not be undone"), NULL },
    //  Translators: the library's own words follow, in English
    { NULL, N_("network error: %s"), NULL },
    { NULL, N_("body larger than %d bytes"), NULL },
    { NULL, N_("more than %d redirects"), NULL },
    { NULL, N_("HTTP %d"), NULL },
    { NULL, N_("out of memory"), NULL },
};

char *
vc_server_words_reply (const char *message)
{
    return vc_words_say (s_replies, COUNT (s_replies), NULL, message);
}

char *
vc_server_words_scrape (const char *text)
{
    return vc_words_say (s_scrape, COUNT (s_scrape), NULL, text);
}

char *
vc_server_words_id (const char *msgid, const char **args, size_t count)
{
    char *said = vc_words_id (s_replies, COUNT (s_replies), msgid, args, count);
    return said ? said : vc_words_id (s_scrape, COUNT (s_scrape), msgid, args, count);
}

//  The self-test: in English (the message ids), so it holds in any
//  language the tests run in
void
vc_server_words_test (bool verbose)
{
    if (verbose)
        printf (" * vc_server_words: ");
    VC_CHECK_SAID (vc_server_words_reply ("sum of daily reports"), "sum of daily reports");
    VC_CHECK_SAID (vc_server_words_reply ("no province matches 'Da Nagg'"), "no province matches 'Da Nagg'");
    VC_CHECK_SAID (vc_server_words_reply ("a series may cover at most 3660 days"),
                   "a series may cover at most 3.660 days");
    VC_CHECK_SAID (vc_server_words_reply ("something else"), NULL);
    VC_CHECK_SAID (vc_server_words_scrape ("skipped: 6 provinces after 'Trong \xC4\x91\xC3\xB3' "
                                           "(not introduced as new cases)"),
                   "skipped: 6 provinces after 'Trong \xC4\x91\xC3\xB3' (not introduced as new cases)");
    VC_CHECK_SAID (vc_server_words_scrape ("read: 61 provinces after 'x:', sum 15522 as stated"),
                   "read: 61 provinces after 'x:', sum 15.522 as stated");
    VC_CHECK_SAID (vc_server_words_scrape ("negative daily count for C\xE1\xBA\xA7n Th\xC6\xA1 on "
                                           "2021-09-19: -52"),
                   "negative daily count for C\xE1\xBA\xA7n Th\xC6\xA1 on 19-09-2021: -52");
    VC_CHECK_SAID (vc_server_words_scrape ("HTTP 404"), "HTTP 404");
    VC_CHECK_SAID (vc_server_words_scrape ("the list after 'x' is the Ministry's count of 2021-07-20; "
                                           "before 2021-07-25 the daily series is the national "
                                           "portal's, which books those cases on other days: not stored"),
                   "the list after 'x' is the Ministry's count of 20-07-2021; before 25-07-2021 the "
                   "daily series is the national portal's, which books those cases on other days: "
                   "not stored");
    VC_CHECK_SAID (vc_server_words_scrape ("1 figure differs from the one stored for its day (page "
                                           "\xE2\x89\xA0 stored); nothing was changed: Gia Lai "
                                           "18-10-2021: 40 \xE2\x89\xA0 25 (+15)"),
                   "1 figure differs from the one stored for its day (page \xE2\x89\xA0 stored); "
                   "nothing was changed: Gia Lai 18-10-2021: 40 \xE2\x89\xA0 25 (+15)");
    VC_CHECK_SAID (vc_server_words_scrape ("1 total differs from the one stored for its day (page "
                                           "\xE2\x89\xA0 stored); nothing was changed: H\xC3\xA0 "
                                           "N\xE1\xBB\x99i 01-01-2022: 48063 \xE2\x89\xA0 47788 (+275)"),
                   "1 total differs from the one stored for its day (page \xE2\x89\xA0 stored); "
                   "nothing was changed: H\xC3\xA0 N\xE1\xBB\x99i 01-01-2022: 48063 \xE2\x89\xA0 "
                   "47788 (+275)");
    VC_CHECK_SAID (vc_server_words_scrape ("no list of new cases by province in the page; the longest, "
                                           "43 provinces after 'Trong x', was skipped (not introduced "
                                           "as new cases)"),
                   "no list of new cases by province in the page; the longest, 43 provinces after "
                   "'Trong x', was skipped (not introduced as new cases)");
    VC_CHECK_SAID (vc_server_words_scrape ("Couldn't resolve host name"), NULL);
    const char *args [] = { "Da Nagg", "3660" };
    VC_CHECK_SAID (vc_server_words_id ("no province matches '%s'", args, 1), "no province matches 'Da Nagg'");
    VC_CHECK_SAID (vc_server_words_id ("only %d provinces in the page, at least %d expected", args, 2),
                   NULL);
    VC_CHECK_SAID (vc_server_words_id ("a series may cover at most %d days", args + 1, 1),
                   "a series may cover at most 3.660 days");
    const char *day [] = { "31-02-2021" };
    VC_CHECK_SAID (vc_server_words_id ("'from' date: %s is not a real date", day, 1),
                   "'from' date: 31-02-2021 is not a real date");
    if (verbose)
        printf ("OK\n");
}
