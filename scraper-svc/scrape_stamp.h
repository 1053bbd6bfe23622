/*  scrape_stamp - the stamps of a timeline's items, as their own text.

    covid19.gov.vn's big-story timeline stamps each item with a
    div.timeago: "18:30 27/11/2021" as its text, "2021-11-27T18:30:00" as
    its title attribute. An item is dated by its own stamp; a stamp element
    whose text gives no full date (a copy that kept the attribute only, or
    a relative "2 giờ trước") gets its title's date and time written as its
    text, in the page's own form, so that the bulletin parser's timeline
    form dates the item's list by it.
*/
#ifndef SCRAPE_STAMP_H_INCLUDED
#define SCRAPE_STAMP_H_INCLUDED

#include <libxml/HTMLparser.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

//  Write the title's "HH:MM dd/mm/yyyy" as the text of every element of
//  class "timeago" under root whose text has no full date and whose title
//  is "yyyy-mm-ddTHH:MM[:SS]" of a real day. Returns how many were
//  written, -1 when out of memory.
int scrape_stamp_fill (xmlNodePtr root);

//  True if text [from, to) holds a timeline item's stamp, "18:30
//  27/11/2021" (the time before the date, as div.timeago writes it); the
//  last one is copied to stamp.
bool scrape_stamp_find (const char *text, size_t from, size_t to, char *stamp, size_t size);

void scrape_stamp_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
