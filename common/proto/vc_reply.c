/*  vc_reply - a status reply filled from a vc_said_t.  */
#include "vc_reply.h"
#include "vc_check.h"
#include <string.h>

vc_status_reply_t
vc_said_reply (int status, const vc_said_t *said, const char **args)
{
    const char *msgid = vc_said_msgid (said);
    vc_status_reply_t reply = {
        .status = status, .message = said->message,
        .has_msgid = msgid != NULL, .msgid = msgid,
        .has_args = msgid != NULL, .args = args, .args_count = vc_said_args (said, args)
    };
    return reply;
}

void
vc_reply_test (bool verbose)
{
    if (verbose)
        printf (" * vc_reply: ");
    vc_said_t said;
    const char *args [VC_SAID_MAX_ARGS];
    VC_CHECK (vc_said_set (&said, "no province matches '%.64s'", "Da Nagg") == 0);
    vc_status_reply_t reply = vc_said_reply (404, &said, args);
    VC_CHECK (reply.status == 404 && !strcmp (reply.message, "no province matches 'Da Nagg'"));
    VC_CHECK (reply.has_msgid && !strcmp (reply.msgid, "no province matches '%s'"));
    VC_CHECK (reply.has_args && reply.args_count == 1 && !strcmp (reply.args [0], "Da Nagg"));
    //  The same bytes as the frame of vc_pack_said_frame and vc_pack_said
    zframe_t *frame = vc_pack_said_frame (404, &said);
    vc_pack_t *pack = vc_pack_new ();
    VC_CHECK (frame && pack);
    vc_status_reply_pack (pack, &reply);
    VC_CHECK (zframe_size (frame) == vc_pack_size (pack));
    VC_CHECK (!memcmp (zframe_data (frame), vc_pack_data (pack), vc_pack_size (pack)));
    zframe_destroy (&frame);
    //  A text with no id: status and message only, as vc_pack_status_frame
    vc_said_text (&said, "as written");
    reply = vc_said_reply (500, &said, args);
    VC_CHECK (!reply.has_msgid && !reply.has_args && reply.args_count == 0);
    frame = vc_pack_said_frame (500, &said);
    zframe_t *plain = vc_pack_status_frame (500, "as written");
    VC_CHECK (frame && plain && zframe_eq (frame, plain));
    zframe_destroy (&frame);
    zframe_destroy (&plain);
    vc_pack_destroy (&pack);
    if (verbose)
        printf ("OK\n");
}
