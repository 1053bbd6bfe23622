/*  auth_password - Argon2id hashing and verification.  */
#include "auth_password.h"
#include <stdlib.h>
#include <string.h>

struct _auth_password_t {
    unsigned long long opslimit;
    size_t memlimit;
    char dummy [AUTH_HASH_MAX];
};

auth_password_t *
auth_password_new (unsigned long long opslimit, size_t memlimit_mib)
{
    if (sodium_init () < 0)
        return NULL;
    size_t memlimit = memlimit_mib * 1024 * 1024;
    if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > crypto_pwhash_OPSLIMIT_MAX
    ||  memlimit_mib == 0 || memlimit_mib > 4096
    ||  memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > crypto_pwhash_MEMLIMIT_MAX)
        return NULL;
    auth_password_t *self = (auth_password_t *) calloc (1, sizeof (auth_password_t));
    if (!self)
        return NULL;
    self->opslimit = opslimit;
    self->memlimit = memlimit;
    //  The dummy hash is of a random password nobody knows
    unsigned char secret [32];
    char hex [65];
    randombytes_buf (secret, sizeof secret);
    sodium_bin2hex (hex, sizeof hex, secret, sizeof secret);
    int rc = auth_password_hash (self, hex, self->dummy);
    sodium_memzero (secret, sizeof secret);
    sodium_memzero (hex, sizeof hex);
    if (rc) {
        free (self);
        return NULL;
    }
    return self;
}

void
auth_password_destroy (auth_password_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

int
auth_password_hash (const auth_password_t *self, const char *password, char out [AUTH_HASH_MAX])
{
    return crypto_pwhash_str (out, password, strlen (password),
                              self->opslimit, self->memlimit) == 0 ? 0 : -1;
}

bool
auth_password_verify (const auth_password_t *self, const char *hash, const char *password)
{
    bool known = hash != NULL;
    int rc = crypto_pwhash_str_verify (known ? hash : self->dummy, password, strlen (password));
    return known && rc == 0;
}

bool
auth_password_needs_rehash (const auth_password_t *self, const char *hash)
{
    return crypto_pwhash_str_needs_rehash (hash, self->opslimit, self->memlimit) != 0;
}

unsigned long long
auth_password_opslimit (const auth_password_t *self)
{
    return self->opslimit;
}

size_t
auth_password_memlimit (const auth_password_t *self)
{
    return self->memlimit;
}
