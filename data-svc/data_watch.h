/*  data_watch - tells subscribers which provinces' figures changed. It
    keeps what each province's daily figures add up to (vc_casestore_marks);
    after a scrape.updated event it reads them again and, for every province
    whose figures changed, publishes one event on topic data.province.NN
    (NN: the two-digit official code), so a client subscribes to a province
    by subscribing to that topic on the broker's event bus.
*/
#ifndef DATA_WATCH_H_INCLUDED
#define DATA_WATCH_H_INCLUDED

#include "vc_casestore.h"
#include "vc_event.h"
#include "vc_province.h"

typedef struct _data_watch_t data_watch_t;

//  Takes the first marks now. NULL on a store error or without memory.
data_watch_t *data_watch_new (vc_casestore_t *store);
void data_watch_destroy (data_watch_t **self_p);

//  Read the marks from another store (not owned; a new copy of a shared
//  store) from now on; the next check compares it with the marks taken.
void data_watch_use_store (data_watch_t *self, vc_casestore_t *store);

//  Read the marks again and publish one event per changed province (detail
//  names the province, its latest reported day and figures, and seq, the
//  scrape.updated event that caused it). Returns how many were published,
//  or -1 on a store error.
int data_watch_check (data_watch_t *self, vc_provinces_t *matcher,
                      vc_publisher_t *publisher, uint64_t seq);

#endif
