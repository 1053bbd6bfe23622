/*  auth_password - slow salted password hashes (Argon2id through
    libsodium's crypto_pwhash_str) and their verification.

    Verifying for an unknown user runs against a dummy hash made with the
    same limits, so both failures take the same time. The object is
    read-only after creation and may be shared by threads.
*/
#ifndef AUTH_PASSWORD_H_INCLUDED
#define AUTH_PASSWORD_H_INCLUDED

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define AUTH_HASH_MAX   crypto_pwhash_STRBYTES    //  Encoded hash with NUL

//  Defaults: libsodium's interactive operations limit with 32 MiB.
#define AUTH_PWHASH_OPS_DEFAULT     2
#define AUTH_PWHASH_MEM_MIB_DEFAULT 32

typedef struct _auth_password_t auth_password_t;

//  Limits for new hashes: Argon2 passes and memory in MiB. NULL if libsodium
//  cannot start or the limits are outside what it allows.
auth_password_t *auth_password_new (unsigned long long opslimit, size_t memlimit_mib);
void auth_password_destroy (auth_password_t **self_p);

//  Hash a password into out (AUTH_HASH_MAX bytes). 0, or -1 (out of memory).
int auth_password_hash (const auth_password_t *self, const char *password,
                        char out [AUTH_HASH_MAX]);

//  True if the password matches the hash. hash NULL (unknown user): checks
//  against the dummy hash and returns false.
bool auth_password_verify (const auth_password_t *self, const char *hash,
                           const char *password);

//  True if the hash was made with other limits than the current ones.
bool auth_password_needs_rehash (const auth_password_t *self, const char *hash);

unsigned long long auth_password_opslimit (const auth_password_t *self);
size_t auth_password_memlimit (const auth_password_t *self);

#ifdef __cplusplus
}
#endif
#endif
