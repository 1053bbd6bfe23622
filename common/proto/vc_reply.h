/*  vc_reply - a status reply filled from a vc_said_t: the one place where a
    message's English text, its id and its values become the reply fields
    status, message, msgid and args (docs/protocol.md, "Message ids").
    vc_pack_said and vc_pack_said_frame (vc_body.h) pack it; a reply with
    fields of its own (the data service's unknown province) copies them.
*/
#ifndef VC_REPLY_H_INCLUDED
#define VC_REPLY_H_INCLUDED

#include <stdbool.h>
#include "vc_messages.h"
#include "vc_said.h"

#ifdef __cplusplus
extern "C" {
#endif

//  The reply {status, message, msgid, args} of said; msgid and args only
//  when said has an id. args (VC_SAID_MAX_ARGS entries) receives the
//  values; the reply points into said and args, which must outlive it.
vc_status_reply_t vc_said_reply (int status, const vc_said_t *said, const char **args);

void vc_reply_test (bool verbose);

#ifdef __cplusplus
}
#endif
#endif
