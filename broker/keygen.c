/*  vc-keygen - makes a CURVE certificate: NAME (public key) and NAME_secret
    (mode 0600). The broker's: give NAME to clients and services, keep the
    secret on the broker. A service's: NAME goes into the broker's
    --worker-keys folder, the secret stays with the service.  */
#include <czmq.h>
#include "vc_config.h"

static const vc_option_t s_options [] = {
    { "out", "VC_KEYGEN_OUT", "broker.cert", "Certificate path; the secret goes to PATH_secret", false },
    { NULL, NULL, NULL, NULL, false }
};

int
main (int argc, char **argv)
{
    vc_config_t *config = vc_config_new ("vc-keygen", "[--out=PATH]",
        "Creates a CURVE key pair: the broker's (encrypted links), or a service's (for a broker\nrun with --worker-keys: put the public file in that folder).", s_options);
    int rc = vc_config_parse (config, argc, argv);
    if (rc) {
        vc_config_destroy (&config);
        return rc > 0 ? 0 : 2;
    }
    const char *path = vc_config_get (config, "out");
    zcert_t *cert = zcert_new ();
    if (!cert || zcert_save (cert, path)) {
        fprintf (stderr, "vc-keygen: cannot write %s\n", path);
        rc = 1;
    }
    else {
        char secret [1024];
        snprintf (secret, sizeof secret, "%s_secret", path);
        chmod (secret, 0600);
        printf ("public key %s written to %s (secret in %s)\n", zcert_public_txt (cert), path, secret);
    }
    zcert_destroy (&cert);
    vc_config_destroy (&config);
    return rc;
}
