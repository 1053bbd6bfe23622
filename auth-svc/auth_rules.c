/*  auth_rules - username and password rules; a broken rule is told as a
    message with its id (vc_said), for the client to say it by its id.  */
#include "auth_rules.h"
#include "vc_api.h"
#include <stdio.h>
#include <string.h>

static bool
s_name_char (unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '.' || c == '_' || c == '-';
}

static bool
s_alnum (unsigned char c)
{
    return s_name_char (c) && c != '.' && c != '_' && c != '-';
}

int
auth_rules_username (const char *username, vc_said_t *why)
{
    size_t len = strlen (username);
    if (len < VC_USERNAME_MIN || len > VC_USERNAME_MAX) {
        vc_said_set (why, "username must be %d to %d characters long",
                     VC_USERNAME_MIN, VC_USERNAME_MAX);
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (!s_name_char ((unsigned char) username [i])) {
            vc_said_set (why, "username may only hold ASCII letters, digits, '.', '_' and '-'");
            return -1;
        }
    if (!s_alnum ((unsigned char) username [0])) {
        vc_said_set (why, "username must begin with a letter or a digit");
        return -1;
    }
    return 0;
}

bool
auth_rules_has_control (const char *text)
{
    const unsigned char *p = (const unsigned char *) text;
    for (; *p; p++) {
        if (*p < 0x20 || *p == 0x7F)
            return true;
        //  C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8
        if (*p == 0xC2 && p [1] >= 0x80 && p [1] <= 0x9F)
            return true;
    }
    return false;
}

int
auth_rules_password (const char *password, vc_said_t *why)
{
    size_t len = strlen (password);
    if (len < VC_PASSWORD_MIN || len > VC_PASSWORD_MAX) {
        vc_said_set (why, "password must be %d to %d bytes long",
                     VC_PASSWORD_MIN, VC_PASSWORD_MAX);
        return -1;
    }
    if (auth_rules_has_control (password)) {
        vc_said_set (why, "password must not contain control characters");
        return -1;
    }
    if (strspn (password, " ") == len) {
        vc_said_set (why, "password must not be only spaces");
        return -1;
    }
    return 0;
}

void
auth_rules_fold (const char *username, char *out, size_t out_size)
{
    size_t i = 0;
    for (; username [i] && i + 1 < out_size; i++) {
        char c = username [i];
        out [i] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
    }
    if (out_size)
        out [i] = 0;
}
