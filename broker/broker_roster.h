/*  broker_roster - the connected clients ordered by public id, for the
    paged "clients" operation: a sorted array of (id, client) kept in order
    as clients come and go (a binary search and one memmove each), so that
    a page is a binary search for its first id and a walk of its rows,
    with no sort of every client per page.  */
#ifndef BROKER_ROSTER_H_INCLUDED
#define BROKER_ROSTER_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _broker_roster_t broker_roster_t;

broker_roster_t *broker_roster_new (void);
void broker_roster_destroy (broker_roster_t **self_p);

//  Adds item under key, a string that must live as long as the entry (the
//  client's own id). 0, or -1 if the key is there already or no memory.
int broker_roster_insert (broker_roster_t *self, const char *key, void *item);

//  Removes the entry of key: 0, or -1 if there is none.
int broker_roster_remove (broker_roster_t *self, const char *key);

size_t broker_roster_size (broker_roster_t *self);

//  The position of the first key above after (NULL or "": the first).
size_t broker_roster_after (broker_roster_t *self, const char *after);

//  The item at position index, NULL past the end.
void *broker_roster_item (broker_roster_t *self, size_t index);

//  Self-test: order, duplicates, removal, positions after a key.
void broker_roster_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
