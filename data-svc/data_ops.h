/*  data_ops - the operations of the data service: lookup, series, national,
    top, provinces and range (see docs/data.md, "The data service").

    data_ops_handle answers one request into a reusable reply buffer and
    says which event to publish; it never blocks on anything but the case
    store and allocates nothing per request, so one service instance serves
    tens of thousands of lookups a second.
*/
#ifndef DATA_OPS_H_INCLUDED
#define DATA_OPS_H_INCLUDED

#include "data_cache.h"
#include "vc_worker.h"

typedef struct _data_ops_t data_ops_t;

//  Serve from store (not owned). refresh_ms: see data_cache_new.
data_ops_t *data_ops_new (vc_casestore_t *store, int64_t refresh_ms);
void data_ops_destroy (data_ops_t **self_p);

//  Answer one request. Returns the reply's status; the reply body is then
//  in data_ops_body and the event detail (or NULL) in data_ops_event.
int data_ops_handle (data_ops_t *self, vc_request_t *request);

//  The body of the last reply, as a new frame, and as bytes.
zframe_t *data_ops_frame (data_ops_t *self);
vc_pack_t *data_ops_pack (data_ops_t *self);

//  Detail of the data.lookup event for the last request, NULL if none,
//  e.g. 'lookup "ho chi minh" 15-12-2021 -> Hồ Chí Minh 15-12-2021: 1270'.
const char *data_ops_event (data_ops_t *self);

//  The cache (to drop it when the store was updated).
data_cache_t *data_ops_cache (data_ops_t *self);

//  One step of filling the cache with the whole-epidemic history replies
//  (the provinces given to data_ops_fill_first, then the country's, then
//  each province's; data_ops_fill.c), started again whenever the cache was
//  emptied. Returns 1 while steps are left, 0 once the fill is done (or
//  the store holds no daily figures), -1 when it stopped on a store error
//  (requests then read what they need).
int data_ops_fill (data_ops_t *self);

//  The next fill (after the cache's next emptying) starts with the
//  provinces that changes names: their histories are the ones gone.
void data_ops_fill_first (data_ops_t *self, const vc_casestore_changes_t *changes);

//  CPU time of the calling thread, in microseconds (0 if unknown).
int64_t data_ops_cpu_us (void);

//  Serve from another store (not owned; a new copy of a shared store)
//  from the next request on; the cache then forgets what changed, or is
//  dropped, by the caller.
void data_ops_use_store (data_ops_t *self, vc_casestore_t *store);

#endif
