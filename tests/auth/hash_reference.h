/*  hash_reference - the time of one password hash made with the auth
    instances' limits, measured in the test driver's own process: the
    reference that the auth tests' time bounds are multiples of, so that a
    machine busy with other work slows the reference and the bound alike.

    Measured once (hash_reference_once), or sampled in a thread of its own
    while a storm runs (hash_reference_start): one hash every half second,
    each given a hashing thread's share of the cores at that moment, at a
    small cost to the storm (about a tenth of a core on a quiet machine).
*/
#ifndef HASH_REFERENCE_H_INCLUDED
#define HASH_REFERENCE_H_INCLUDED

#include <stdint.h>
#include <stddef.h>

typedef struct _hash_reference_t hash_reference_t;

//  Argon2id passes and MiB, as the auth instances' --pwhash-ops and
//  --pwhash-mem. NULL if libsodium refuses them or out of memory.
hash_reference_t *hash_reference_new (unsigned long long ops, size_t mem_mib);
void hash_reference_destroy (hash_reference_t **self_p);

//  Hash once now and keep the time as a sample; returns it in ms (-1 on
//  failure). Not while the sampler runs.
double hash_reference_once (hash_reference_t *self);

//  Start or stop sampling in a thread of its own. 0 or -1.
int hash_reference_start (hash_reference_t *self);
void hash_reference_stop (hash_reference_t *self);

//  Median of the samples so far in ms (0 if none), and their count.
double hash_reference_median_ms (hash_reference_t *self);
int hash_reference_samples (hash_reference_t *self);

//  Forget the samples.
void hash_reference_clear (hash_reference_t *self);

#endif
