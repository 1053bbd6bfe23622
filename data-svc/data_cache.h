/*  data_cache - what the data service keeps between requests: the province
    matcher (built-in table plus the aliases stored in the case store), the
    covered day range, the province list and the national series (every
    reported day of the country, summed over the provinces), and the packed
    replies of whole-epidemic histories (a province's or the country's,
    over the covered range, by day, week or month), each encoded once.

    Everything is loaded on first use. After a scrape.updated event (or a
    new copy of a shared store) data_cache_forget forgets what the changed
    rows make stale (data_cache_drop everything, when what changed is not
    known); everything is dropped when older than the refresh interval, so
    new figures and aliases are served without a restart. The whole
    histories are filled again after each emptying by data_ops_fill,
    between requests (the changed provinces first), so no request waits
    for them. Other figures are never cached: every lookup reads the store.
*/
#ifndef DATA_CACHE_H_INCLUDED
#define DATA_CACHE_H_INCLUDED

#include "vc_casestore.h"
#include "vc_province.h"

#define DATA_PROVINCES_MAX 64
#define DATA_REPLY_CODES 100            //  Replies kept for codes 0 (the country) to 99
#define DATA_REPLY_STEPS 3              //  By day, week, month

typedef struct _data_cache_t data_cache_t;

//  refresh_ms: drop cached values older than this (0: only on drop).
data_cache_t *data_cache_new (vc_casestore_t *store, int64_t refresh_ms);
void data_cache_destroy (data_cache_t **self_p);

//  The matcher with stored aliases; NULL only if memory ran out.
vc_provinces_t *data_cache_matcher (data_cache_t *self);

//  First and last covered day: 0, 1 if the store has no daily figures, -1
//  on a store error.
int data_cache_range (data_cache_t *self, vc_day_t *first, vc_day_t *last);

//  The provinces by code, as stored; *count is 0 on a store error.
const vc_casestore_province_t *data_cache_provinces (data_cache_t *self, size_t *count);

//  The national series over the covered range, oldest first: *count points
//  (0 when nothing is stored); NULL on a store error or without memory.
const vc_casestore_point_t *data_cache_national (data_cache_t *self, size_t *count);

//  Read the national series a part at a time: up to days more days of the
//  covered range. Returns 1 while days are left, 0 once the series is
//  complete, -1 on a store error or without memory.
int data_cache_national_part (data_cache_t *self, int days);

//  The packed history reply of province code (0: the country) by step (0
//  day, 1 week, 2 month) over from..to, as kept by data_cache_keep_reply:
//  its bytes and *size, or NULL when none is kept for that range.
const char *data_cache_reply (data_cache_t *self, int code, int step,
                              vc_day_t from, vc_day_t to, size_t *size);

//  Keep a copy of that reply's bytes (one range per code and step: the
//  whole epidemic is what is worth keeping) until the cache is dropped.
//  Returns 0, or -1 (code or step out of range, or no memory: nothing kept).
int data_cache_keep_reply (data_cache_t *self, int code, int step, vc_day_t from,
                           vc_day_t to, const char *data, size_t size);

//  Forget every cached value; the next request reloads what it needs.
void data_cache_drop (data_cache_t *self);

//  Forget what the changed daily rows make stale: the covered range, the
//  matcher and the province list (read again cheaply), the national
//  series from the first changed day on, and the kept histories of the
//  country and of each changed province. The other provinces' histories
//  are kept: one whose range still is the covered range is served as it
//  is. Counts as an emptying (the fill starts again).
void data_cache_forget (data_cache_t *self, const vc_casestore_changes_t *changes);

//  Load from another store (not owned; a new copy of a shared store) from
//  now on. The caller then forgets what changed, or drops the cache.
void data_cache_use_store (data_cache_t *self, vc_casestore_t *store);

//  How many times the cache was dropped (for logs and tests).
size_t data_cache_drops (data_cache_t *self);

//  How many times the cache was emptied (dropped, or expired: the refresh
//  interval is applied now): what was filled before another value is gone.
uint64_t data_cache_generation (data_cache_t *self);

//  When it was last emptied (or made), in zclock_mono milliseconds.
int64_t data_cache_emptied_at (data_cache_t *self);

#endif
