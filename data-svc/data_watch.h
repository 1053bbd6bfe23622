/*  data_watch - what changed in the store after a scrape, and who is told.

    It keeps the store's version it last saw (vc_casestore_version). After
    a scrape.updated event (or a new copy of a shared store) it asks the
    store for the daily rows changed since that version: a range of the
    version index, so the rows no scrape touched are not read. The cache
    forgets only what those rows make stale, and for every province whose
    figures changed one event is published on topic data.province.NN (NN:
    the two-digit official code), so a client subscribes to a province by
    subscribing to that topic on the broker's event bus.
*/
#ifndef DATA_WATCH_H_INCLUDED
#define DATA_WATCH_H_INCLUDED

#include "vc_casestore.h"
#include "vc_event.h"
#include "vc_province.h"

typedef struct _data_watch_t data_watch_t;

//  Takes the store's version now. NULL on a store error or without memory.
data_watch_t *data_watch_new (vc_casestore_t *store);
void data_watch_destroy (data_watch_t **self_p);

//  Read from another store (not owned; a new copy of a shared store) from
//  now on; the next read asks it what changed since the version seen.
void data_watch_use_store (data_watch_t *self, vc_casestore_t *store);

//  What changed since the version seen, into *changes; that version is
//  then seen. 0; 1 when the store cannot tell (it holds no version as high:
//  another store): take everything as changed; -1 on a store error.
int data_watch_read (data_watch_t *self, vc_casestore_changes_t *changes);

//  Publish one event per province that changes names (detail: the
//  province, its latest reported day and figures, and seq, the
//  scrape.updated event that caused it). Returns how many were published,
//  or -1 on a store error.
int data_watch_tell (data_watch_t *self, const vc_casestore_changes_t *changes,
                     vc_provinces_t *matcher, vc_publisher_t *publisher, uint64_t seq);

#endif
