/*  broker_roster - the connected clients ordered by public id (a sorted
    array of (id, client)), so that a page of "clients" costs a binary
    search and its rows, not a sort of every client.  */
#include "broker_roster.h"
#include "vc_check.h"
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key;
    void *item;
} entry_t;

struct _broker_roster_t {
    entry_t *entries;           //  Sorted by key
    size_t size;
    size_t room;
};

broker_roster_t *
broker_roster_new (void)
{
    return (broker_roster_t *) calloc (1, sizeof (broker_roster_t));
}

void
broker_roster_destroy (broker_roster_t **self_p)
{
    assert (self_p);
    if (*self_p) {
        free ((*self_p)->entries);
        free (*self_p);
        *self_p = NULL;
    }
}

//  The position of the first key not below key (lower bound).
static size_t
s_lower (broker_roster_t *self, const char *key)
{
    size_t low = 0, high = self->size;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (strcmp (self->entries [middle].key, key) < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

//  Room for one more entry: doubles the array when full.
static int
s_grow (broker_roster_t *self)
{
    if (self->size < self->room)
        return 0;
    size_t room = self->room ? self->room * 2 : 64;
    entry_t *entries = (entry_t *) realloc (self->entries, room * sizeof (entry_t));
    if (!entries)
        return -1;
    self->entries = entries;
    self->room = room;
    return 0;
}

int
broker_roster_insert (broker_roster_t *self, const char *key, void *item)
{
    assert (self && key);
    size_t at = s_lower (self, key);
    if ((at < self->size && strcmp (self->entries [at].key, key) == 0) || s_grow (self))
        return -1;
    memmove (self->entries + at + 1, self->entries + at, (self->size - at) * sizeof (entry_t));
    self->entries [at] = (entry_t) { .key = key, .item = item };
    self->size++;
    return 0;
}

int
broker_roster_remove (broker_roster_t *self, const char *key)
{
    assert (self && key);
    size_t at = s_lower (self, key);
    if (at >= self->size || strcmp (self->entries [at].key, key) != 0)
        return -1;
    self->size--;
    memmove (self->entries + at, self->entries + at + 1, (self->size - at) * sizeof (entry_t));
    return 0;
}

size_t
broker_roster_size (broker_roster_t *self)
{
    return self->size;
}

size_t
broker_roster_after (broker_roster_t *self, const char *after)
{
    if (!after || !*after)
        return 0;
    size_t at = s_lower (self, after);
    if (at < self->size && strcmp (self->entries [at].key, after) == 0)
        at++;
    return at;
}

void *
broker_roster_item (broker_roster_t *self, size_t index)
{
    return index < self->size ? self->entries [index].item : NULL;
}

void
broker_roster_test (bool verbose)
{
    if (verbose)
        printf (" * broker_roster: ");
    broker_roster_t *self = broker_roster_new ();
    VC_CHECK (self && broker_roster_size (self) == 0 && broker_roster_after (self, "x") == 0);
    VC_CHECK (broker_roster_item (self, 0) == NULL);
    //  1,000 keys in a scrambled order come out sorted
    static char keys [1000][8];
    for (int i = 0; i < 1000; i++) {
        snprintf (keys [i], sizeof keys [i], "%04d", (i * 617) % 1000);
        VC_CHECK (broker_roster_insert (self, keys [i], keys [i]) == 0);
    }
    VC_CHECK (broker_roster_size (self) == 1000);
    for (size_t i = 1; i < 1000; i++)
        VC_CHECK (strcmp ((char *) broker_roster_item (self, i - 1), (char *) broker_roster_item (self, i)) < 0);
    VC_CHECK (broker_roster_insert (self, "0500", NULL) == -1);      //  Taken
    //  Positions after a key: present, absent, before all, after all
    VC_CHECK (broker_roster_after (self, "0499") == 500);
    VC_CHECK (broker_roster_after (self, "0499x") == 500);
    VC_CHECK (broker_roster_after (self, "") == 0 && broker_roster_after (self, NULL) == 0);
    VC_CHECK (broker_roster_after (self, "0") == 0);
    VC_CHECK (broker_roster_after (self, "0999") == 1000 && broker_roster_after (self, "zz") == 1000);
    //  Removal keeps the order; removing twice fails
    for (int i = 0; i < 1000; i += 2) {
        char key [8];
        snprintf (key, sizeof key, "%04d", i);
        VC_CHECK (broker_roster_remove (self, key) == 0);
        VC_CHECK (broker_roster_remove (self, key) == -1);
    }
    VC_CHECK (broker_roster_size (self) == 500);
    VC_CHECK (strcmp ((char *) broker_roster_item (self, 0), "0001") == 0);
    VC_CHECK (strcmp ((char *) broker_roster_item (self, 499), "0999") == 0);
    VC_CHECK (broker_roster_after (self, "0002") == 1);
    broker_roster_destroy (&self);
    broker_roster_destroy (&self);
    VC_CHECK (self == NULL);
    if (verbose)
        printf ("OK\n");
}
