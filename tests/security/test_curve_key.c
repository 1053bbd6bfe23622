/*  test_curve_key - reading the broker's public key from certificate files:
    the public file and the secret file from vc-keygen give the same key;
    missing files, files that are not certificates, broken keys and small
    buffers are refused.  */
#include <czmq.h>
#include "vc_proto.h"
#include "vc_check.h"

static void
s_write (const char *path, const char *text)
{
    FILE *file = fopen (path, "w");
    VC_CHECK (file);
    VC_CHECK (fputs (text, file) >= 0);
    VC_CHECK (fclose (file) == 0);
}

int
main (void)
{
    char dir [] = "/tmp/vc-curve-key.XXXXXX";
    VC_CHECK (mkdtemp (dir));
    char path [256], secret [300], other [256];
    snprintf (path, sizeof path, "%s/broker.cert", dir);
    snprintf (secret, sizeof secret, "%s_secret", path);
    snprintf (other, sizeof other, "%s/other", dir);

    zcert_t *cert = zcert_new ();
    VC_CHECK (cert);
    VC_CHECK (zcert_save (cert, path) == 0);
    char key [41];
    VC_CHECK (vc_curve_key_load (path, key, sizeof key) == 0);
    VC_CHECK (streq (key, zcert_public_txt (cert)));
    VC_CHECK (vc_curve_key_load (secret, key, sizeof key) == 0);
    VC_CHECK (streq (key, zcert_public_txt (cert)));
    VC_CHECK (vc_curve_key_load (path, key, 40) == -1);            //  No room for the NUL
    zcert_destroy (&cert);

    VC_CHECK (vc_curve_key_load (NULL, key, sizeof key) == -1);
    snprintf (other, sizeof other, "%s/missing", dir);
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == -1);
    snprintf (other, sizeof other, "%s/garbage", dir);
    s_write (other, "not a certificate\n");
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == -1 && key [0] == 0);
    s_write (other, "curve\n    public-key = \"tooshort\"\n");
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == -1);
    //  40 characters, but not Z85 (quote and space are outside the alphabet)
    s_write (other, "curve\n    public-key = \"aaaaaaaaaaaaaaaaaaaa aaaaaaaaaaaaaaaaaaa\"\n");
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == -1);
    s_write (other, "curve\n    public-key = \"0000000000000000000000000000000000000000\"x\n");
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == 0);
    s_write (other, "curve\n\tpublic-key=\"0000000000000000000000000000000000000000\"\n");
    VC_CHECK (vc_curve_key_load (other, key, sizeof key) == 0);

    char command [300];
    snprintf (command, sizeof command, "rm -rf '%s'", dir);
    VC_CHECK (system (command) == 0);
    printf ("test_curve_key: OK\n");
    return 0;
}
