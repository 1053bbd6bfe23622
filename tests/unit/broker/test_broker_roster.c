/*  test_broker_roster - unit test of the broker's ordered index of clients
    (the broker_roster self-test); with --bench, the time of one page of
    "clients" at N clients (default 4,500) the way the broker makes it now
    (a binary search in the roster, then the page's rows) and the way it
    made it before (every client collected from the hash table and sorted,
    then the page found by a scan), side by side in one run.  */
#include "broker_roster.h"
#include <czmq.h>
#include <sodium.h>
#include "vc_check.h"

#define PAGE 200

typedef struct {
    char id [17];
} row_t;

static int
s_by_id (const void *a, const void *b)
{
    return strcmp ((*(row_t * const *) a)->id, (*(row_t * const *) b)->id);
}

//  Before: collect every client from the hash, sort, scan to "after".
static size_t
s_page_sorted (zhashx_t *clients, const char *after, row_t **page)
{
    size_t count = zhashx_size (clients), at = 0, start = 0, items = 0;
    row_t **all = (row_t **) malloc (count * sizeof (row_t *));
    VC_CHECK (all);
    for (row_t *each = (row_t *) zhashx_first (clients); each; each = (row_t *) zhashx_next (clients))
        all [at++] = each;
    qsort (all, count, sizeof (row_t *), s_by_id);
    while (start < count && strcmp (all [start]->id, after) <= 0)
        start++;
    for (; start + items < count && items < PAGE; items++)
        page [items] = all [start + items];
    free (all);
    return items;
}

//  Now: a binary search in the roster, then the page's rows.
static size_t
s_page_roster (broker_roster_t *roster, const char *after, row_t **page)
{
    size_t start = broker_roster_after (roster, after), items = 0;
    for (row_t *each; items < PAGE && (each = (row_t *) broker_roster_item (roster, start + items)); items++)
        page [items] = each;
    return items;
}

//  Microseconds per page over every page of the list, best of 5 walks.
static double
s_time (zhashx_t *clients, broker_roster_t *roster, size_t count, bool sorted)
{
    double best = 1e18;
    row_t *page [PAGE];
    for (int round = 0; round < 5; round++) {
        char after [17] = "";
        size_t pages = 0, listed = 0, items;
        int64_t started = zclock_usecs ();
        do {
            items = sorted ? s_page_sorted (clients, after, page) : s_page_roster (roster, after, page);
            if (items)
                snprintf (after, sizeof after, "%s", page [items - 1]->id);
            listed += items;
            pages++;
        } while (items == PAGE);
        double per_page = (double) (zclock_usecs () - started) / (double) pages;
        VC_CHECK (listed == count);
        if (per_page < best)
            best = per_page;
    }
    return best;
}

static void
s_bench (size_t count)
{
    VC_CHECK (sodium_init () >= 0);
    zhashx_t *clients = zhashx_new ();
    broker_roster_t *roster = broker_roster_new ();
    row_t *rows = (row_t *) calloc (count, sizeof (row_t));
    VC_CHECK (clients && roster && rows);
    for (size_t i = 0; i < count; i++) {
        //  Ids as the broker makes them: 16 random hex digits
        do
            snprintf (rows [i].id, sizeof rows [i].id, "%08x%08x",
                      randombytes_random (), randombytes_random ());
        while (zhashx_lookup (clients, rows [i].id));
        zhashx_insert (clients, rows [i].id, &rows [i]);
        VC_CHECK (broker_roster_insert (roster, rows [i].id, &rows [i]) == 0);
    }
    double before = s_time (clients, roster, count, true);
    double now = s_time (clients, roster, count, false);
    printf ("# figure: one page of 'clients' at %zu clients: %.1f us sorted each time (before), "
            "%.2f us from the roster (now), %.0fx\n", count, before, now, now > 0 ? before / now : 0);
    //  Keeping the order as clients come and go: one remove and insert
    int64_t started = zclock_usecs ();
    for (size_t i = 0; i < count; i++) {
        VC_CHECK (broker_roster_remove (roster, rows [i].id) == 0);
        VC_CHECK (broker_roster_insert (roster, rows [i].id, &rows [i]) == 0);
    }
    printf ("# figure: a client leaving and one arriving at %zu clients: %.2f us in the roster\n",
            count, (double) (zclock_usecs () - started) / (double) count);
    broker_roster_destroy (&roster);
    zhashx_destroy (&clients);
    free (rows);
}

int
main (int argc, char *argv [])
{
    bool verbose = argc > 1 && streq (argv [1], "-v");
    if (argc > 1 && streq (argv [1], "--bench")) {
        s_bench (argc > 2 ? (size_t) atol (argv [2]) : 4500);
        return 0;
    }
    broker_roster_test (verbose);
    return 0;
}
