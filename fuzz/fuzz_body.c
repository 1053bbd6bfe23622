/*  fuzz_body - fuzz target for the msgpack codec: the structural check
    (vc_body_check), the decoder (vc_body_decode) and every typed getter on
    every field the input holds, with the invariants that tie them together
    (a checked buffer decodes in full; a string handed out has no NUL and
    respects the caller's limit).  */
#include "vc_body.h"
#include "vc_proto.h"
#include "fuzz_check.h"

static const char *s_keys [] = { "op", "status", "message", "username", "password",
                                 "token", "province", "date", "n", "ts", "" };

//  Every getter on one key; results must honour the limits asked for.
static void
s_read_key (vc_body_t *body, const char *key)
{
    const char *text = NULL;
    int64_t number = 0;
    bool flag = false;
    size_t limits [] = { 0, 1, 8, 32, VC_STRING_MAX };
    for (size_t i = 0; i < sizeof limits / sizeof limits [0]; i++) {
        text = NULL;
        if (vc_body_str (body, key, limits [i], &text) == 0)
            FUZZ_CHECK (text && strlen (text) <= limits [i] && vc_utf8_valid (text, strlen (text)));
        if (vc_body_need_str (body, key, limits [i], &text) != 0)
            FUZZ_CHECK (*vc_body_error (body));
    }
    if (vc_body_int (body, key, -5, 5, &number) == 0)
        FUZZ_CHECK (number >= -5 && number <= 5);
    vc_body_need_int (body, key, INT64_MIN, INT64_MAX, &number);
    vc_body_bool (body, key, &flag);
    const msgpack_object *object = vc_body_get (body, key);
    char copy [64];
    if (object && vc_object_str (object, copy, sizeof copy) == 0)
        FUZZ_CHECK (strlen (copy) < sizeof copy);
}

static void
s_read_all (vc_body_t *body)
{
    const msgpack_object *root = vc_body_root (body);
    FUZZ_CHECK (root->type == MSGPACK_OBJECT_MAP);
    for (uint32_t i = 0; i < root->via.map.size; i++) {
        const msgpack_object *key = &root->via.map.ptr [i].key;
        char name [80];
        if (vc_object_str (key, name, sizeof name) == 0) {
            s_read_key (body, name);
            FUZZ_CHECK (vc_body_get (body, name) == &root->via.map.ptr [i].val);
        }
    }
    for (size_t i = 0; i < sizeof s_keys / sizeof s_keys [0]; i++)
        s_read_key (body, s_keys [i]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char err [160] = "";
    int checked = vc_body_check (data, size, VC_DEPTH_MAX, err, sizeof err);
    if (checked == 0) {
        //  What the check accepts, msgpack-c must read in full
        msgpack_unpacked unpacked;
        msgpack_unpacked_init (&unpacked);
        size_t offset = 0;
        int rc = msgpack_unpack_next (&unpacked, (const char *) data, size, &offset);
        FUZZ_CHECK (rc == MSGPACK_UNPACK_SUCCESS && offset == size);
        msgpack_unpacked_destroy (&unpacked);
    }
    else
        FUZZ_CHECK (*err);
    vc_body_t *body = vc_body_decode (data, size, err, sizeof err);
    FUZZ_CHECK (!body || checked == 0);
    if (body) {
        s_read_all (body);
        vc_body_destroy (&body);
    }
    else
        FUZZ_CHECK (*err);
    vc_utf8_valid ((const char *) data, size);
    return 0;
}
