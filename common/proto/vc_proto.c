/*  vc_proto - service-name and endpoint checks shared by every program
    (the names of statuses and commands are generated: vc_messages.c).  */
#include "vc_proto.h"
#include "vc_check.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <zmq.h>

bool
vc_service_name_valid (const char *text)
{
    size_t len = text ? strlen (text) : 0;
    if (len == 0 || len > VC_SERVICE_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = text [i];
        if (!(islower ((unsigned char) c) || isdigit ((unsigned char) c)
           || c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static bool
s_printable (const char *text)
{
    for (const char *p = text; *p; p++)
        if ((unsigned char) *p <= ' ' || (unsigned char) *p >= 127)
            return false;
    return true;
}

int
vc_endpoint_normalize (const char *text, int default_port, char *out, size_t out_size)
{
    if (!text)
        return -1;
    while (*text == ' ' || *text == '\t')
        text++;
    size_t len = strlen (text);
    while (len && (text [len - 1] == ' ' || text [len - 1] == '\t'))
        len--;
    char input [256];
    if (len == 0 || len >= sizeof input)
        return -1;
    memcpy (input, text, len);
    input [len] = 0;
    if (!s_printable (input))
        return -1;

    int written;
    if (strstr (input, "://")) {
        if (strncmp (input, "tcp://", 6) && strncmp (input, "ipc://", 6)
        &&  strncmp (input, "inproc://", 9))
            return -1;
        written = snprintf (out, out_size, "%s", input);
    }
    else {
        const char *colon = strrchr (input, ':');
        bool has_port = colon && colon [1] && strspn (colon + 1, "0123456789") == strlen (colon + 1)
                     && (input [0] != '[' || colon > strchr (input, ']'));
        if (has_port)
            written = snprintf (out, out_size, "tcp://%s", input);
        else
            written = snprintf (out, out_size, "tcp://%s:%d", input, default_port);
    }
    return written > 0 && (size_t) written < out_size ? 0 : -1;
}

//  Reads the certificate as text (not with zcert_load: a file that is not a
//  certificate leaks inside the loader) and takes public-key = "...".
int
vc_curve_key_load (const char *path, char *key, size_t key_size)
{
    FILE *file = path && key_size > 40 ? fopen (path, "r") : NULL;
    if (!file)
        return -1;
    char line [256];
    int rc = -1;
    while (rc && fgets (line, sizeof line, file)) {
        char *name = line + strspn (line, " \t");
        if (strncmp (name, "public-key", 10))
            continue;
        char *value = name + 10 + strspn (name + 10, " \t");
        if (*value++ != '=')
            continue;
        value += strspn (value, " \t");
        uint8_t decoded [32];
        if (*value == '"' && strlen (value + 1) >= 41 && value [41] == '"') {
            memcpy (key, value + 1, 40);
            key [40] = 0;
            rc = zmq_z85_decode (decoded, key) ? 0 : -1;
        }
    }
    fclose (file);
    if (rc)
        key [0] = 0;
    return rc;
}

//  ---------------------------------------------------------------------
//  Self-test: endpoints as users type them, service names, status names

void
vc_proto_test (bool verbose)
{
    if (verbose)
        printf (" * vc_proto: ");
    char out [256];
    VC_CHECK (vc_endpoint_normalize ("127.0.0.1", 5555, out, sizeof out) == 0
           && strcmp (out, "tcp://127.0.0.1:5555") == 0);
    VC_CHECK (vc_endpoint_normalize (" localhost:6000 ", 5555, out, sizeof out) == 0
           && strcmp (out, "tcp://localhost:6000") == 0);
    VC_CHECK (vc_endpoint_normalize ("tcp://10.0.0.1:7", 5555, out, sizeof out) == 0
           && strcmp (out, "tcp://10.0.0.1:7") == 0);
    VC_CHECK (vc_endpoint_normalize ("http://x", 5555, out, sizeof out) == -1);
    VC_CHECK (vc_endpoint_normalize ("", 5555, out, sizeof out) == -1);
    VC_CHECK (vc_endpoint_normalize ("a b", 5555, out, sizeof out) == -1);
    VC_CHECK (vc_service_name_valid ("data"));
    VC_CHECK (!vc_service_name_valid ("Data"));
    VC_CHECK (!vc_service_name_valid (""));
    VC_CHECK (!vc_service_name_valid ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
    VC_CHECK (strcmp (vc_status_name (VC_ACCOUNT_IN_USE), "account in use") == 0);
    VC_CHECK (strcmp (vc_status_name (VC_UNKNOWN_SERVICE), "unknown service") == 0);
    if (verbose)
        printf ("OK\n");
}
