/*  scrape_stamp - the stamps of a timeline's items, as their own text (see
    scrape_stamp.h).
*/
#include "scrape_stamp.h"
#include "scrape_html.h"
#include "scrape_text.h"
#include "vc_check.h"
#include "vc_date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  True if the element's class attribute has the token "timeago".
static bool
s_is_stamp (xmlNodePtr node)
{
    xmlChar *classes = xmlGetProp (node, BAD_CAST "class");
    bool found = false;
    for (char *at = classes? strstr ((char *) classes, "timeago"): NULL; at && !found;
         at = strstr (at + 1, "timeago"))
        found = (at == (char *) classes || at [-1] == ' ')
             && (at [7] == 0 || at [7] == ' ');
    xmlFree (classes);
    return found;
}

//  The title "2021-11-27T18:30:00" as "18:30 27/11/2021" into out; false
//  if it is not a date and time of a real day.
static bool
s_title_stamp (const char *title, char *out, size_t size)
{
    int year, month, mday, hour, minute, used = 0;
    vc_day_t day;
    if (sscanf (title, "%4d-%2d-%2dT%2d:%2d%n", &year, &month, &mday, &hour, &minute, &used) != 5
    ||  used != 16 || (title [used] && title [used] != ':')
    ||  hour > 23 || minute > 59 || hour < 0 || minute < 0
    ||  vc_date_from_ymd (year, month, mday, &day))
        return false;
    return snprintf (out, size, "%02d:%02d %02d/%02d/%04d", hour, minute, mday, month, year)
           < (int) size;
}

int
scrape_stamp_fill (xmlNodePtr root)
{
    int filled = 0;
    for (xmlNodePtr node = scrape_html_next (root, NULL, "div"); node;
         node = scrape_html_next (root, node, "div")) {
        if (!s_is_stamp (node))
            continue;
        char *text = scrape_html_text (node);
        xmlChar *title = xmlGetProp (node, BAD_CAST "title");
        if (!text) {
            xmlFree (title);
            return -1;
        }
        scrape_date_t date;
        char stamp [32];
        if (title && scrape_text_dates (text, 0, &date, 1) == 0
        &&  s_title_stamp ((const char *) title, stamp, sizeof stamp)) {
            xmlNodePtr line = xmlNewText (BAD_CAST stamp);
            if (!line || !xmlAddChild (node, line)) {
                xmlFreeNode (line);
                filled = -1;
            }
            else
                filled++;
        }
        free (text);
        xmlFree (title);
        if (filled < 0)
            return -1;
    }
    return filled;
}

//  True if text at has "HH:MM d/m/yyyy" within limit bytes; its length in *length.
static bool
s_stamp_at (const char *text, size_t limit, size_t *length)
{
    int hour, minute, mday, month, year, used = 0;
    if (limit < 14 || !isdigit ((unsigned char) text [0]) || text [2] != ':'
    ||  sscanf (text, "%2d:%2d %2d/%2d/%4d%n", &hour, &minute, &mday, &month, &year, &used) != 5
    ||  (size_t) used > limit || text [5] != ' ' || isdigit ((unsigned char) text [used]))
        return false;
    *length = (size_t) used;
    return hour < 24 && minute < 60 && year >= 1000;
}

bool
scrape_stamp_find (const char *text, size_t from, size_t to, char *stamp, size_t size)
{
    bool found = false;
    for (size_t at = from; at < to; at++) {
        size_t length;
        if ((at == from || !isdigit ((unsigned char) text [at - 1]))
        &&  s_stamp_at (text + at, to - at, &length)) {
            snprintf (stamp, size, "%.*s", (int) length, text + at);
            found = true;
            at += length - 1;
        }
    }
    return found;
}

void
scrape_stamp_test (bool verbose)
{
    if (verbose)
        printf (" * scrape_stamp: ");
    const char *page =
        "<ul><li class=\"kbwscwl timeline-item\"><div class=\"timeago\" title=\"2021-11-27T18:30:00\">"
        "</div></li><li><div class=\"timeago\" title=\"2021-11-26T18:01:00\">18:01 26/11/2021</div>"
        "<div class=\"timeago\" title=\"2021-02-30T18:00:00\"></div>"
        "<div class=\"timeagox\" title=\"2021-11-25T18:00:00\"></div>"
        "<div class=\"x timeago\" title=\"2021-11-24T18:00\"></div></li></ul>";
    htmlDocPtr doc = htmlReadMemory (page, (int) strlen (page), NULL, "utf-8",
                                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
                                     | HTML_PARSE_NONET);
    VC_CHECK (doc);
    //  The first and the last are written; a stamp with its own text, a
    //  30 February and another class are left as they are
    VC_CHECK (scrape_stamp_fill (xmlDocGetRootElement (doc)) == 2);
    char *text = scrape_html_lines (xmlDocGetRootElement (doc));
    VC_CHECK (text);
    VC_CHECK (strcmp (text, "18:30 27/11/2021\n18:01 26/11/2021\n18:00 24/11/2021\n") == 0);
    char stamp [32];
    VC_CHECK (scrape_stamp_find (text, 0, strlen (text), stamp, sizeof stamp));
    VC_CHECK (strcmp (stamp, "18:00 24/11/2021") == 0);
    const char *others = "Th\xE1\xBB\xA9 N\xC4\x83m, 05/08/2021 21:23:00 +07:00; 2021-07-07 12:00:00; 118:30 27/11/2021";
    VC_CHECK (!scrape_stamp_find (others, 0, strlen (others), stamp, sizeof stamp));
    free (text);
    xmlFreeDoc (doc);
    if (verbose)
        printf ("OK\n");
}
