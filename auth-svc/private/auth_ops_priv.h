/*  auth_ops_priv - helpers shared by the operation files.  */
#ifndef AUTH_OPS_PRIV_H_INCLUDED
#define AUTH_OPS_PRIV_H_INCLUDED

#include "auth_ops.h"
#include "auth_rules.h"
#include "vc_event.h"
#include "vc_log.h"
#include "vc_messages.h"
#include "vc_said.h"

//  Reply {status, message}.
void auth_ops_reply (auth_job_t *job, int status, const char *message);
//  The same, the message written from a format whose id is a shape of
//  common/system/vc_server_words.c, sent with its id and values (vc_said.h)
void auth_ops_refuse (auth_job_t *job, int status, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));
//  The same with a message already written with its id (auth_rules)
void auth_ops_refuse_said (auth_job_t *job, int status, const vc_said_t *said);
//  The job's reply: the body packed in *pack_p (destroyed)
void auth_ops_take_reply (auth_job_t *job, vc_pack_t **pack_p);
//  Queue an event for publication.
void auth_ops_event (auth_job_t *job, const char *topic, const char *client,
                     const char *username, const char *detail);
//  Read username and password; on a wrong body reply 400 and return -1.
int auth_ops_credentials (auth_job_t *job, const char **username, const char **password);

//  The operations
void auth_ops_signin (auth_ctx_t *ctx, auth_job_t *job);
void auth_ops_resume (auth_ctx_t *ctx, auth_job_t *job);

#endif
