/*  auth_limits - refusing repeated failed sign-ins, shared by every auth
    instance through the store.

    Each key (a username or a client id) counts its failures within a
    window; reaching the maximum blocks the key for a cooldown, after which
    counting starts again. A key is free again at once after a success
    (for usernames) or when its window passes.
*/
#ifndef AUTH_LIMITS_H_INCLUDED
#define AUTH_LIMITS_H_INCLUDED

#include "auth_store.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int max_failures;           //  Failures within the window that block
    int64_t window_ms;          //  Counting window
    int64_t cooldown_ms;        //  How long a blocked key stays blocked
} auth_limits_config_t;

//  What is kept for one key.
typedef struct {
    int64_t count;
    int64_t window_start;
    int64_t blocked_until;      //  0 if not blocked
} auth_limit_state_t;

//  The state after one more failure at now (pure; for tests too).
auth_limit_state_t auth_limits_next (const auth_limits_config_t *config,
                                     auth_limit_state_t state, int64_t now);

typedef struct _auth_limits_t auth_limits_t;

auth_limits_t *auth_limits_new (auth_store_t *store, const auth_limits_config_t *config);
void auth_limits_destroy (auth_limits_t **self_p);

//  Milliseconds the key stays blocked (0: free), or -1 on a store error.
int64_t auth_limits_blocked (auth_limits_t *self, const char *key, int64_t now);

//  Count one failure. Returns 1 if the key is now blocked, 0 if not, -1.
int auth_limits_fail (auth_limits_t *self, const char *key, int64_t now);

//  Forget a key's failures. 0 or -1.
int auth_limits_clear (auth_limits_t *self, const char *key);

//  Drop keys that are neither blocked nor within a window. Count or -1.
int auth_limits_prune (auth_limits_t *self, int64_t now);

#ifdef __cplusplus
}
#endif
#endif
