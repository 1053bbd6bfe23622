/*  data_ops_fill - fills the cache with the whole-epidemic history replies
    (the provinces a scrape changed, then the country's, then each
    province's, by day, week and month) after it was emptied: on start,
    after a scrape.updated event or a new copy of a shared store, and when
    the refresh interval ran out. One province (or the country) per call,
    between requests, so a request waits at most for one step and no
    request waits for a history to be read and packed. Histories still
    kept are skipped. The national series, a sum over every province, is
    read a month per step (from the first changed day on, after a scrape).
    The replies are the bytes a request would have packed.  */
#include "data_ops_priv.h"

#define S_PART_DAYS 31                  //  Days of the national series read per step

//  CPU time of this thread (a step's wall time also counts the time the
//  thread waited for a core on a loaded machine)
int64_t
data_ops_cpu_us (void)
{
    struct timespec now;
    if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now))
        return 0;
    return (int64_t) now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

//  Start again: the cache was emptied since the last fill
static void
s_restart (data_ops_t *self, uint64_t generation)
{
    self->fill = (data_fill_t) { .generation = generation, .started = true,
                                 .started_at = zclock_usecs (),
                                 .delay_ms = zclock_mono () - data_cache_emptied_at (self->cache) };
    memcpy (self->fill.first, self->fill_first, sizeof self->fill.first);
    self->fill.first_count = self->fill_first_count;
    self->fill_first_count = 0;
}

void
data_ops_fill_first (data_ops_t *self, const vc_casestore_changes_t *changes)
{
    self->fill_first_count = 0;
    for (int code = 1; code < VC_CASESTORE_CODES; code++)
        if (changes->codes [code].rows && self->fill_first_count < DATA_PROVINCES_MAX)
            self->fill_first [self->fill_first_count++] = code;
}

//  The code of the fill's step at position next: the provinces first, 0
//  the country, then the provinces stored; -1 once every one is done
static int
s_code_at (data_ops_t *self, size_t next)
{
    if (next < self->fill.first_count)
        return self->fill.first [next];
    next -= self->fill.first_count;
    if (next == 0)
        return 0;
    size_t count = 0;
    const vc_casestore_province_t *list = data_cache_provinces (self->cache, &count);
    return next <= count ? list [next - 1].code : -1;
}

static int
s_next_code (data_ops_t *self)
{
    return s_code_at (self, self->fill.next);
}

//  Keep the replies of code by day, week and month over the covered range
//  (those kept already are left as they are); how many were packed, or -1
//  on a store error or without memory
static int
s_fill_code (data_ops_t *self, int code, vc_day_t first, vc_day_t last)
{
    const vc_province_t *province = NULL;
    if (code > 0) {
        vc_provinces_t *matcher = data_cache_matcher (self->cache);
        province = matcher ? vc_provinces_by_code (matcher, code) : NULL;
        if (!province)
            return 0;                   //  A code the matcher does not know: never asked for
    }
    const vc_casestore_point_t *points = NULL;
    size_t count = 0;
    bool read = false;
    for (int step = 0; step < DATA_REPLY_STEPS; step++) {
        size_t size;
        if (data_cache_reply (self->cache, code, step, first, last, &size))
            continue;
        if (!read && data_ops_points (self, code, first, last, &points, &count))
            return -1;
        read = true;
        data_ops_history_pack (self, province, step, first, last, points, count);
        if (data_cache_keep_reply (self->cache, code, step, first, last,
                                   vc_pack_data (self->pack), vc_pack_size (self->pack)))
            return -1;
        vc_counter_add (self->packed_by_fill, 1);
        self->fill.replies++;
    }
    return read ? 1 : 0;
}

//  The fill is over: say what it took
static int
s_done (data_ops_t *self, int rc)
{
    data_fill_t *fill = &self->fill;
    fill->done = true;
    if (rc < 0)
        vc_warn ("whole histories not filled (store error or no memory): requests read them");
    else
        vc_info ("whole histories filled: %d replies in %.1f ms of work (%.1f ms CPU) over %d"
                 " steps, %.1f ms elapsed; longest step %.2f ms (%.2f ms CPU); started %d ms"
                 " after the cache was emptied", fill->replies,
                 fill->work_us / 1000.0, fill->cpu_us / 1000.0, fill->steps,
                 (zclock_usecs () - fill->started_at) / 1000.0, fill->longest_us / 1000.0,
                 fill->longest_cpu_us / 1000.0, (int) fill->delay_ms);
    return rc;
}

int
data_ops_fill (data_ops_t *self)
{
    uint64_t generation = data_cache_generation (self->cache);
    if (!self->fill.started || generation != self->fill.generation)
        s_restart (self, generation);
    if (self->fill.done)
        return 0;
    int64_t started = zclock_usecs (), cpu_started = data_ops_cpu_us ();
    vc_day_t first = 0, last = 0;
    int rc = data_cache_range (self->cache, &first, &last);
    int code = rc == 0 ? s_next_code (self) : -1;
    //  The national series is read a month at a time first
    int part = code == 0 ? data_cache_national_part (self->cache, S_PART_DAYS) : 0;
    if (part < 0)
        rc = -1;
    else
    if (rc == 0 && code >= 0 && part == 0) {
        //  A province whose replies are all kept takes no step of its own
        while ((rc = s_fill_code (self, code, first, last)) == 0) {
            int following = s_code_at (self, self->fill.next + 1);
            if (following <= 0)
                break;                  //  Done, or the country: a step of its own
            self->fill.next++;
            code = following;
        }
        rc = rc < 0 ? -1 : 0;
    }
    int64_t took = zclock_usecs () - started, cpu = data_ops_cpu_us () - cpu_started;
    self->fill.work_us += took;
    self->fill.cpu_us += cpu;
    if (took > self->fill.longest_us)
        self->fill.longest_us = took;
    if (cpu > self->fill.longest_cpu_us)
        self->fill.longest_cpu_us = cpu;
    //  Nothing stored (1), a store error (-1), or every code done
    self->fill.steps++;
    if (rc != 0 || code < 0)
        return s_done (self, rc < 0 ? -1 : 0);
    if (part == 0)
        self->fill.next++;
    return 1;
}
