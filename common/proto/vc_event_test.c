/*  vc_event_test - self-test of the event codec: what the broker forwards
    decodes with its sequence number and run; malformed events are refused
    and leave every text field terminated.  */
#include "vc_event.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vc_check.h"

//  [topic][seq][body] and, when run is given, [run]
static zmsg_t *
s_event (const char *topic, const char *seq, const char *run)
{
    vc_pack_t *pack = vc_pack_new ();
    vc_event_pack (pack, "auth", "00aa", "alice", "127.0.0.1", "signed in");
    zmsg_t *zmsg = zmsg_new ();
    zmsg_addstr (zmsg, topic);
    zmsg_addstr (zmsg, seq);
    zmsg_addmem (zmsg, vc_pack_data (pack), vc_pack_size (pack));
    if (run)
        zmsg_addstr (zmsg, run);
    vc_pack_destroy (&pack);
    return zmsg;
}

static int
s_decode (zmsg_t *zmsg, vc_event_t *event)
{
    int rc = vc_event_decode (&zmsg, event);
    VC_CHECK (zmsg == NULL);
    return rc;
}

void
vc_event_test (bool verbose)
{
    vc_event_t event;
    VC_CHECK (s_decode (s_event ("auth.login", "42", "0123456789abcdef"), &event) == 0);
    VC_CHECK (event.seq == 42 && streq (event.topic, "auth.login") && streq (event.run, "0123456789abcdef"));
    VC_CHECK (streq (event.username, "alice") && streq (event.detail, "signed in") && event.ts > 0);
    //  Without a run (older brokers): accepted, run empty
    VC_CHECK (s_decode (s_event ("auth.login", "7", NULL), &event) == 0);
    VC_CHECK (event.seq == 7 && *event.run == 0);
    //  A run that is too long or not printable is refused
    VC_CHECK (s_decode (s_event ("auth.login", "7", "0123456789abcdef0"), &event) == -1);
    VC_CHECK (s_decode (s_event ("auth.login", "7", "run id"), &event) == -1);
    VC_CHECK (*event.run == 0 && *event.topic == 0);
    //  Wrong frame counts, a body that is not msgpack
    zmsg_t *extra = s_event ("a", "1", "r");
    zmsg_addstr (extra, "extra");
    VC_CHECK (s_decode (extra, &event) == -1);
    zmsg_t *short_msg = zmsg_new ();
    zmsg_addstr (short_msg, "a");
    zmsg_addstr (short_msg, "1");
    VC_CHECK (s_decode (short_msg, &event) == -1);
    zmsg_t *garbage = zmsg_new ();
    zmsg_addstr (garbage, "a");
    zmsg_addstr (garbage, "1");
    zmsg_addmem (garbage, "\xc1", 1);
    VC_CHECK (s_decode (garbage, &event) == -1);
    VC_CHECK (s_decode (NULL, &event) == -1);
    if (verbose)
        printf ("vc_event_test: OK\n");
}
