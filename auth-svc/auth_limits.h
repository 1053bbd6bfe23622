/*  auth_limits - slowing down password guessing, shared by every auth
    instance through the store (table "throttle").

    Three rules, each counting failed sign-ins under its own key:
    - per (username, source address): the first free_failures are free,
      then each failure makes the pair wait a delay that doubles (1 s,
      2 s, 4 s ... up to max_delay): the guesser is slowed, and the owner,
      who signs in from another address, is never locked out. A success
      clears the pair; a pair quiet for memory_ms is forgotten.
    - per source address: at most source_failures failures (on any
      usernames) within a window, then the address waits a cooldown
      (password spraying).
    - per client connection: at most max_failures within the window, then
      a cooldown.
*/
#ifndef AUTH_LIMITS_H_INCLUDED
#define AUTH_LIMITS_H_INCLUDED

#include "auth_store.h"
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    int max_failures;           //  Per client within the window, then a cooldown
    int64_t window_ms;          //  Counting window (per client, per source)
    int64_t cooldown_ms;        //  How long a client or a source waits
    int free_failures;          //  Per (username, source) before the delays
    int64_t max_delay_ms;       //  Longest delay of a (username, source)
    int64_t memory_ms;          //  A quiet (username, source) is forgotten after this
    int source_failures;        //  Per source within the window, then a cooldown
} auth_limits_config_t;

typedef enum {
    AUTH_RULE_CLIENT,           //  Window: max_failures
    AUTH_RULE_SOURCE,           //  Window: source_failures
    AUTH_RULE_PAIR              //  Growing delays
} auth_rule_t;

//  What is kept for one key.
typedef struct {
    int64_t count;
    int64_t since;              //  Window start, or the last failure (pairs)
    int64_t blocked_until;      //  0 if not blocked
} auth_limit_state_t;

//  The state after one more failure at now (pure; for tests too).
auth_limit_state_t auth_limits_next (const auth_limits_config_t *config, auth_rule_t rule,
                                     auth_limit_state_t state, int64_t now);

typedef struct _auth_limits_t auth_limits_t;

auth_limits_t *auth_limits_new (auth_store_t *store, const auth_limits_config_t *config);
void auth_limits_destroy (auth_limits_t **self_p);

//  Milliseconds the key stays blocked (0: free), or -1 on a store error.
int64_t auth_limits_blocked (auth_limits_t *self, const char *key, int64_t now);

//  Count one failure under a rule. Returns 1 if the key is now blocked, 0 if not, -1.
int auth_limits_fail (auth_limits_t *self, auth_rule_t rule, const char *key, int64_t now);

//  Forget a key's failures. 0 or -1.
int auth_limits_clear (auth_limits_t *self, const char *key);

//  Drop keys that are neither blocked nor remembered any more. Count or -1.
int auth_limits_prune (auth_limits_t *self, int64_t now);

#ifdef __cplusplus
}
#endif
#endif
