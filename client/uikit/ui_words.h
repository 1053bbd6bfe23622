/*  ui_words - why a connection failed, in plain words for the person
    (translated), shared by the desktop client's Connect page and the
    monitor's Change server page.
*/
#ifndef UI_WORDS_H_INCLUDED
#define UI_WORDS_H_INCLUDED

#include "gtk_net.h"

//  The reason of a failed connect result; returns text (of size).
const char *ui_words_connect (const gtk_net_result_t *result, char *text, size_t size);

#endif
