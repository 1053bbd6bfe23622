/*  test_echo - the body of a request to the test echo service.  */
#include "vc_body.h"
#include "test_echo.h"

zframe_t *
test_echo_body (const char *text)
{
    vc_pack_t *pack = vc_pack_new ();
    if (!pack)
        return NULL;
    vc_pack_map_begin (pack);
    vc_pack_kstr (pack, "op", "echo");
    vc_pack_kstr (pack, "text", text);
    vc_pack_map_end (pack);
    zframe_t *body = vc_pack_frame (pack);
    vc_pack_destroy (&pack);
    return body;
}
