/*  vc-hostile - attacks a running broker as a hostile client would, for
    the security tests and the figures in docs/security.md.

    vc-hostile routeclash ADDR N [FRONTEND]
        learn or guess the ROUTER's next automatic routing ids at ADDR (client
        or worker endpoint), squat N of them, connect N anonymous peers, then
        ping through FRONTEND (default ADDR): "learned=yes|no alive=yes|no"
    vc-hostile noread ADDR N SECONDS SERVICE SIZE
        N clients send echo requests of SIZE bytes of text for SECONDS and
        never read a reply: "sent=S"
    vc-hostile halfframe|silent|sources ADDR N WAIT_MS
        N raw ZMTP connections: all but the last byte of a 256 KiB frame,
        or nothing at all, then wait up to WAIT_MS for the broker to close
        them: "open=N dropped=K median_drop_ms=M"; sources: "kept=K of N"
    vc-hostile squat ADDR USER PASSWORD
        a victim signs in and drops its link; an attacker with its routing id
        and token asks whoami: "whoami=STATUS signin_again=STATUS"
    vc-hostile blackhole BACKEND SERVICE SECONDS
        a service instance that takes requests and never answers: "swallowed=N"
    vc-hostile stale ADDR
        a connection whose first message is a HEARTBEAT:
        "answer=standby|heartbeat|none|other"
    vc-hostile pair PRIMARY BACKUP SECONDS PREFIX
        a client of a broker pair that never closes its link to the primary
        and counts every answer per request id on both links (see
        hostile_pair.c): "requests=N answered=A twice=T late=L refused=R
        unanswered=U errors=E joined=yes|no"
    vc-hostile crowd ADDR SOURCE N SECONDS
        N clients connected from the address SOURCE each keep 2 sign-ups in
        flight for SECONDS: "clients=N sent=S answered=A STATUS=COUNT..."
*/
#include "hostile.h"

static void
s_usage (void)
{
    fprintf (stderr,
        "usage: vc-hostile MODE ADDR ARGS...\n"
        "  routeclash ADDR N [FRONTEND]\n"
        "      squat the next N automatic routing ids at ADDR, connect N anonymous\n"
        "      peers, ping through FRONTEND: learned=yes|no alive=yes|no\n"
        "  noread ADDR N SECONDS SERVICE SIZE\n"
        "      N clients send echo requests and never read: sent=S\n"
        "  halfframe|silent|sources ADDR N WAIT_MS\n"
        "      N raw ZMTP connections that stall mid-frame, say nothing, or just\n"
        "      stay open: open=N dropped=K median_drop_ms=M (sources: kept=K of N)\n"
        "  squat ADDR USER PASSWORD\n"
        "      reuse a dropped victim's routing id and token: whoami=S signin_again=S\n"
        "  blackhole BACKEND SERVICE SECONDS\n"
        "      a service instance that never answers: swallowed=N\n"
        "  stale ADDR\n"
        "      a connection that starts with a HEARTBEAT: answer=standby|heartbeat|none|other\n"
        "  pair PRIMARY BACKUP SECONDS PREFIX\n"
        "      echo requests through a pair, every answer counted on both links:\n"
        "      requests=N answered=A twice=T late=L refused=R unanswered=U errors=E joined=yes|no\n"
        "  crowd ADDR SOURCE N SECONDS\n"
        "      N clients from the address SOURCE each keep 2 sign-ups in flight:\n"
        "      clients=N sent=S answered=A STATUS=COUNT...\n");
}

int
main (int argc, char **argv)
{
    if (argc >= 2 && (streq (argv [1], "--help") || streq (argv [1], "-h"))) {
        s_usage ();
        return 0;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    char endpoint [256];
    if (argc < 3 || vc_endpoint_normalize (argv [2], VC_DEFAULT_FRONTEND_PORT,
                                           endpoint, sizeof endpoint)) {
        s_usage ();
        return 2;
    }
    const char *mode = argv [1];
    char frontend [256];
    if (streq (mode, "routeclash") && (argc == 4 || argc == 5)
    &&  !vc_endpoint_normalize (argc == 5 ? argv [4] : argv [2], VC_DEFAULT_FRONTEND_PORT,
                                frontend, sizeof frontend))
        return hostile_routeclash (endpoint, atoi (argv [3]), frontend);
    if (streq (mode, "noread") && argc == 7)
        return hostile_noread (endpoint, atoi (argv [3]), atoi (argv [4]), argv [5], atoi (argv [6]));
    if ((streq (mode, "halfframe") || streq (mode, "silent") || streq (mode, "sources"))
    &&  argc == 5)
        return hostile_raw (mode, endpoint, atoi (argv [3]), atoi (argv [4]));
    if (streq (mode, "blackhole") && argc == 5)
        return hostile_blackhole (endpoint, argv [3], atoi (argv [4]));
    char backup [256];
    if (streq (mode, "pair") && argc == 6
    &&  !vc_endpoint_normalize (argv [3], VC_DEFAULT_FRONTEND_PORT, backup, sizeof backup))
        return hostile_pair (endpoint, backup, atoi (argv [4]), argv [5]);
    if (streq (mode, "stale") && argc == 3)
        return hostile_stale (endpoint);
    if (streq (mode, "crowd") && argc == 6)
        return hostile_crowd (endpoint, argv [3], atoi (argv [4]), atoi (argv [5]));
    if (streq (mode, "squat") && argc == 5)
        return hostile_squat (endpoint, argv [3], argv [4]);
    s_usage ();
    return 2;
}
