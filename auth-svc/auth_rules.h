/*  auth_rules - what a username and a password may be.

    Usernames: 3 to 32 bytes of ASCII letters, digits, '.', '_' and '-',
    beginning with a letter or a digit; kept as typed, compared without
    regard to ASCII case. Passwords: 8 to 128 bytes of UTF-8 text (the codec
    has already refused invalid UTF-8) with no control characters.
*/
#ifndef AUTH_RULES_H_INCLUDED
#define AUTH_RULES_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include "vc_said.h"

#ifdef __cplusplus
extern "C" {
#endif

//  0 if the username may be registered, else -1 with the reason (and its
//  message id) in why.
int auth_rules_username (const char *username, vc_said_t *why);

//  0 if the password may be used, else -1 with the reason in why.
int auth_rules_password (const char *password, vc_said_t *why);

//  True if the text holds a C0 or C1 control character or DEL.
bool auth_rules_has_control (const char *text);

//  ASCII-lowercase copy (the key usernames are compared by).
void auth_rules_fold (const char *username, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif
#endif
