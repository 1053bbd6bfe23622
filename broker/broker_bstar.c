/*  broker_bstar - the Binary Star state machine.

    The rules (docs/deploy.md, "Two brokers"):
    - a waiting primary goes active when the peer says it is a waiting
      backup or passive, passive when the peer is active, and serves a
      client only once the peer has been silent for the timeout (alone);
    - a waiting backup goes passive when the peer is active and waits
      otherwise (a passive primary goes active on hearing it); it serves
      no client before it has heard the primary;
    - a passive broker goes active when the peer says it is a waiting
      backup (the backup restarted), or, if it is the primary, when the
      peer is passive too; on a client request it goes active only when
      the peer is silent (the failover); otherwise it refuses the client;
    - an active broker that hears the peer active too: the one that took
      over while the peer was silent serves on, the other one (cut off
      meanwhile, e.g. its host's link) yields.
    A primary that comes back while the backup serves (restarted, after a
    stall, or after its host was cut off) stays passive until the backup
    fails: clients never move back by themselves.  */
#include "broker_bstar.h"
#include <czmq.h>
#include "vc_check.h"

struct _broker_bstar_t {
    bool primary;
    bstar_state_t state;
    int peer_timeout_ms;
    int64_t peer_expiry;        //  The peer is silent after this
    int64_t deaf_until;         //  After a stall: the peer's states are stale before this
    bool failed_over;
    bool took_over;             //  Went active while the peer was silent,
                                //  and has not heard it stand by since
    const char *reason;
};

broker_bstar_t *
broker_bstar_new (bool primary, int peer_timeout_ms, int64_t now)
{
    broker_bstar_t *self = (broker_bstar_t *) zmalloc (sizeof (broker_bstar_t));
    if (!self)
        return NULL;
    self->primary = primary;
    self->state = primary ? BSTAR_PRIMARY : BSTAR_BACKUP;
    self->peer_timeout_ms = peer_timeout_ms;
    self->peer_expiry = now + peer_timeout_ms;
    self->reason = "started";
    return self;
}

void
broker_bstar_destroy (broker_bstar_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free (*self_p);
    *self_p = NULL;
}

static void
s_go (broker_bstar_t *self, bstar_state_t state, const char *reason)
{
    self->state = state;
    if (state != BSTAR_ACTIVE)
        self->took_over = false;
    self->reason = reason;
}

static void
s_waiting (broker_bstar_t *self, bstar_event_t event)
{
    if (event == BSTAR_PEER_ACTIVE)
        s_go (self, BSTAR_PASSIVE, "the peer is active");
    else
    if (event == BSTAR_PEER_PASSIVE && self->primary)
        s_go (self, BSTAR_ACTIVE, "the peer is passive");
    else
    if (event == BSTAR_PEER_BACKUP && self->primary)
        s_go (self, BSTAR_ACTIVE, "the backup is ready");
}

static void
s_passive (broker_bstar_t *self, bstar_event_t event)
{
    if (event == BSTAR_PEER_BACKUP && self->primary)
        s_go (self, BSTAR_ACTIVE, "the backup restarted");
    else
    if (event == BSTAR_PEER_PASSIVE && self->primary)
        s_go (self, BSTAR_ACTIVE, "both were passive: the primary serves");
}

static bool
s_client (broker_bstar_t *self, int64_t now)
{
    if (self->state == BSTAR_ACTIVE)
        return true;
    if (self->state == BSTAR_BACKUP || now < self->peer_expiry)
        return false;
    if (self->state == BSTAR_PASSIVE) {
        self->failed_over = true;
        s_go (self, BSTAR_ACTIVE, "the peer is silent and a client asked: failover");
    }
    else
        s_go (self, BSTAR_ACTIVE, "no peer heard: serving alone");
    self->took_over = true;
    return true;
}

//  Both active: the peer went active only while this broker was silent to
//  it (a failover: its clients came to it), unless this one did so itself.
//  (Both yielding, were neither to have taken over, ends with the primary
//  serving: a passive primary goes active on hearing the peer passive.)
static void
s_both_active (broker_bstar_t *self)
{
    if (!self->took_over)
        s_go (self, BSTAR_PASSIVE, "both were active: the peer took over while this broker "
              "was cut off; it yields");
}

bool
broker_bstar_event (broker_bstar_t *self, bstar_event_t event, int64_t now)
{
    if (event == BSTAR_CLIENT_REQUEST)
        return s_client (self, now);
    if (event < BSTAR_PEER_PRIMARY || event > BSTAR_PEER_PASSIVE)
        return false;
    if (now < self->deaf_until)
        return true;            //  Sent while this broker was stalled
    self->peer_expiry = now + self->peer_timeout_ms;
    if (event != BSTAR_PEER_ACTIVE)
        self->took_over = false;        //  The peer stands by: no rivalry
    if (self->state == BSTAR_PRIMARY || self->state == BSTAR_BACKUP)
        s_waiting (self, event);
    else
    if (self->state == BSTAR_PASSIVE)
        s_passive (self, event);
    else
    if (event == BSTAR_PEER_ACTIVE)
        s_both_active (self);
    return true;
}

void
broker_bstar_peer_gone (broker_bstar_t *self)
{
    self->peer_expiry = 0;
}

void
broker_bstar_stalled (broker_bstar_t *self, int64_t now)
{
    s_go (self, self->primary ? BSTAR_PRIMARY : BSTAR_BACKUP,
          "stalled: waiting to hear the peer again");
    self->peer_expiry = now + self->peer_timeout_ms;
    //  States the peer sent during the stall arrive at once, in a burst:
    //  a backup's "passive" from before it took over would make a stalled
    //  primary active beside it. The peer says its state again each second.
    self->deaf_until = now + self->peer_timeout_ms / 4;
}

bstar_state_t broker_bstar_state (broker_bstar_t *self) { return self->state; }
bool broker_bstar_active (broker_bstar_t *self) { return self->state == BSTAR_ACTIVE; }
bool broker_bstar_primary (broker_bstar_t *self) { return self->primary; }
const char *broker_bstar_reason (broker_bstar_t *self) { return self->reason; }

bool
broker_bstar_peer_alive (broker_bstar_t *self, int64_t now)
{
    return now < self->peer_expiry;
}

bool
broker_bstar_serving (broker_bstar_t *self)
{
    return !self || self->state == BSTAR_ACTIVE;
}

bool
broker_bstar_standby (broker_bstar_t *self, int64_t now)
{
    return self && self->state != BSTAR_ACTIVE && now < self->peer_expiry;
}

bool
broker_bstar_failed_over (broker_bstar_t *self)
{
    bool failed_over = self->failed_over;
    self->failed_over = false;
    return failed_over;
}

const char *
broker_bstar_state_name (bstar_state_t state)
{
    return state == BSTAR_PRIMARY ? "primary (waiting)"
         : state == BSTAR_BACKUP ? "backup (waiting)"
         : state == BSTAR_ACTIVE ? "active"
         : state == BSTAR_PASSIVE ? "passive" : "unknown";
}

//  --------------------------------------------------------------------
//  Self-test: every transition, on a clock of its own

#define T_TIMEOUT 2000

static broker_bstar_t *
s_in (bool primary, bstar_state_t state, int64_t now)
{
    broker_bstar_t *self = broker_bstar_new (primary, T_TIMEOUT, now);
    VC_CHECK (self);
    self->state = state;
    return self;
}

//  From state, event at now (peer last heard at 0): the state after, and
//  whether the event was accepted.
static void
s_expect (bool primary, bstar_state_t from, bstar_event_t event, int64_t now,
          bstar_state_t to, bool accepted)
{
    broker_bstar_t *self = s_in (primary, from, 0);
    bool rc = broker_bstar_event (self, event, now);
    if (self->state != to || rc != accepted) {
        fprintf (stderr, "%s in %s, event %d at %" PRId64 ": now %s (%s), expected %s (%s)\n",
                 primary ? "primary" : "backup", broker_bstar_state_name (from), (int) event,
                 now, broker_bstar_state_name (self->state), rc ? "accepted" : "refused",
                 broker_bstar_state_name (to), accepted ? "accepted" : "refused");
        VC_CHECK (false);
    }
    broker_bstar_destroy (&self);
}

static void
s_test_waiting (void)
{
    //  Primary, waiting
    s_expect (true, BSTAR_PRIMARY, BSTAR_PEER_BACKUP, 10, BSTAR_ACTIVE, true);
    s_expect (true, BSTAR_PRIMARY, BSTAR_PEER_ACTIVE, 10, BSTAR_PASSIVE, true);
    s_expect (true, BSTAR_PRIMARY, BSTAR_PEER_PASSIVE, 10, BSTAR_ACTIVE, true);
    s_expect (true, BSTAR_PRIMARY, BSTAR_PEER_PRIMARY, 10, BSTAR_PRIMARY, true);
    s_expect (true, BSTAR_PRIMARY, BSTAR_CLIENT_REQUEST, 10, BSTAR_PRIMARY, false);
    s_expect (true, BSTAR_PRIMARY, BSTAR_CLIENT_REQUEST, T_TIMEOUT + 1, BSTAR_ACTIVE, true);
    //  Backup, waiting: never serves before it heard the primary
    s_expect (false, BSTAR_BACKUP, BSTAR_PEER_ACTIVE, 10, BSTAR_PASSIVE, true);
    //  (a passive primary goes active on hearing the backup: not both)
    s_expect (false, BSTAR_BACKUP, BSTAR_PEER_PASSIVE, 10, BSTAR_BACKUP, true);
    s_expect (false, BSTAR_BACKUP, BSTAR_PEER_PRIMARY, 10, BSTAR_BACKUP, true);
    s_expect (false, BSTAR_BACKUP, BSTAR_PEER_BACKUP, 10, BSTAR_BACKUP, true);
    s_expect (false, BSTAR_BACKUP, BSTAR_CLIENT_REQUEST, 10, BSTAR_BACKUP, false);
    s_expect (false, BSTAR_BACKUP, BSTAR_CLIENT_REQUEST, 10 * T_TIMEOUT, BSTAR_BACKUP, false);
}

static void
s_test_running (void)
{
    for (int primary = 0; primary < 2; primary++) {
        //  Active: serves; yields to an active peer unless it took over
        //  itself (see the stories)
        s_expect (primary, BSTAR_ACTIVE, BSTAR_CLIENT_REQUEST, 10, BSTAR_ACTIVE, true);
        s_expect (primary, BSTAR_ACTIVE, BSTAR_PEER_PRIMARY, 10, BSTAR_ACTIVE, true);
        s_expect (primary, BSTAR_ACTIVE, BSTAR_PEER_BACKUP, 10, BSTAR_ACTIVE, true);
        s_expect (primary, BSTAR_ACTIVE, BSTAR_PEER_PASSIVE, 10, BSTAR_ACTIVE, true);
        s_expect (primary, BSTAR_ACTIVE, BSTAR_PEER_ACTIVE, 10, BSTAR_PASSIVE, true);
        //  Passive: a client makes it active only when the peer is silent
        s_expect (primary, BSTAR_PASSIVE, BSTAR_CLIENT_REQUEST, 10, BSTAR_PASSIVE, false);
        s_expect (primary, BSTAR_PASSIVE, BSTAR_CLIENT_REQUEST, T_TIMEOUT + 1, BSTAR_ACTIVE, true);
        s_expect (primary, BSTAR_PASSIVE, BSTAR_PEER_ACTIVE, 10, BSTAR_PASSIVE, true);
        //  A primary that comes back finds the backup passive: it serves
        //  again; the backup stays passive
        s_expect (primary, BSTAR_PASSIVE, BSTAR_PEER_PRIMARY, 10, BSTAR_PASSIVE, true);
        s_expect (primary, BSTAR_PASSIVE, BSTAR_PEER_BACKUP, 10,
                  primary ? BSTAR_ACTIVE : BSTAR_PASSIVE, true);
        s_expect (primary, BSTAR_PASSIVE, BSTAR_PEER_PASSIVE, 10,
                  primary ? BSTAR_ACTIVE : BSTAR_PASSIVE, true);
    }
}

//  A broker whose host was cut off while it served comes back: the one
//  that took over meanwhile serves on, the returning one yields, whichever
//  hears the other first; then the same with the roles the other way.
static void
s_test_cut_off (void)
{
    for (int first = 0; first < 2; first++) {
        broker_bstar_t *primary = broker_bstar_new (true, T_TIMEOUT, 0);
        broker_bstar_t *backup = broker_bstar_new (false, T_TIMEOUT, 0);
        VC_CHECK (primary && backup);
        broker_bstar_event (primary, BSTAR_PEER_BACKUP, 100);
        broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 200);
        broker_bstar_event (primary, BSTAR_PEER_PASSIVE, 1100);
        //  The primary's host is cut off: the clients come to the backup
        VC_CHECK (broker_bstar_event (backup, BSTAR_CLIENT_REQUEST, 1100 + T_TIMEOUT + 1));
        VC_CHECK (broker_bstar_active (backup) && broker_bstar_active (primary));
        //  The link is back: each hears the other active
        if (first) {
            broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 9000);
            broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 9001);     //  A burst: still ours
            broker_bstar_event (primary, BSTAR_PEER_ACTIVE, 9500);
        }
        else {
            broker_bstar_event (primary, BSTAR_PEER_ACTIVE, 9000);
            broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 9500);      //  Sent before it yielded
        }
        VC_CHECK (broker_bstar_state (primary) == BSTAR_PASSIVE);
        VC_CHECK (broker_bstar_active (backup));
        VC_CHECK (strstr (broker_bstar_reason (primary), "cut off"));
        VC_CHECK (!broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 9600));
        broker_bstar_event (backup, BSTAR_PEER_PASSIVE, 10000);
        VC_CHECK (broker_bstar_active (backup));
        //  Later the backup's host is cut off: the primary takes over, and
        //  the backup yields when it is back
        VC_CHECK (broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 10000 + T_TIMEOUT + 1));
        VC_CHECK (broker_bstar_active (primary) && broker_bstar_failed_over (primary));
        broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 20000);
        broker_bstar_event (primary, BSTAR_PEER_ACTIVE, 20001);
        VC_CHECK (broker_bstar_active (primary));
        VC_CHECK (broker_bstar_state (backup) == BSTAR_PASSIVE);
        broker_bstar_destroy (&primary);
        broker_bstar_destroy (&backup);
    }
}

//  The standing the broker's files read: a broker alone always serves and
//  is never on standby; a passive one is on standby while the peer is heard.
static void
s_test_standing (void)
{
    VC_CHECK (broker_bstar_serving (NULL) && !broker_bstar_standby (NULL, 0));
    broker_bstar_t *self = s_in (false, BSTAR_PASSIVE, 0);
    VC_CHECK (!broker_bstar_serving (self));
    VC_CHECK (broker_bstar_standby (self, T_TIMEOUT - 1));
    VC_CHECK (!broker_bstar_standby (self, T_TIMEOUT));
    broker_bstar_peer_gone (self);
    VC_CHECK (!broker_bstar_standby (self, 0));
    VC_CHECK (broker_bstar_event (self, BSTAR_CLIENT_REQUEST, 1));
    VC_CHECK (broker_bstar_serving (self) && !broker_bstar_standby (self, 1));
    broker_bstar_destroy (&self);
}

//  Whole stories on one clock.
static void
s_test_stories (void)
{
    //  Start-up: the primary hears the backup and serves, the backup hears
    //  the primary active and stands by
    broker_bstar_t *primary = broker_bstar_new (true, T_TIMEOUT, 0);
    broker_bstar_t *backup = broker_bstar_new (false, T_TIMEOUT, 0);
    VC_CHECK (primary && backup);
    VC_CHECK (broker_bstar_event (primary, BSTAR_PEER_BACKUP, 100));
    VC_CHECK (broker_bstar_active (primary));
    broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 200);
    VC_CHECK (broker_bstar_state (backup) == BSTAR_PASSIVE);
    VC_CHECK (broker_bstar_peer_alive (backup, 300));
    //  A cut link while clients still reach the primary: the backup
    //  hears nothing, but no client asks it, so it stays passive
    VC_CHECK (!broker_bstar_peer_alive (backup, 200 + T_TIMEOUT + 1));
    VC_CHECK (broker_bstar_state (backup) == BSTAR_PASSIVE);
    //  A client that reaches the backup while the primary is still heard
    //  is refused
    VC_CHECK (!broker_bstar_event (backup, BSTAR_CLIENT_REQUEST, 1000));
    //  The primary's process ends: its connection closes, the next client
    //  makes the backup active (a failover, reported once)
    broker_bstar_peer_gone (backup);
    VC_CHECK (!broker_bstar_failed_over (backup));
    VC_CHECK (broker_bstar_event (backup, BSTAR_CLIENT_REQUEST, 1100));
    VC_CHECK (broker_bstar_active (backup));
    VC_CHECK (broker_bstar_failed_over (backup));
    VC_CHECK (!broker_bstar_failed_over (backup));
    VC_CHECK (streq (broker_bstar_reason (backup), "the peer is silent and a client asked: failover"));
    //  The primary comes back: it hears the backup active and stays passive
    broker_bstar_destroy (&primary);
    primary = broker_bstar_new (true, T_TIMEOUT, 5000);
    VC_CHECK (!broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 5100));
    broker_bstar_event (primary, BSTAR_PEER_ACTIVE, 5200);
    broker_bstar_event (backup, BSTAR_PEER_PRIMARY, 5300);
    broker_bstar_event (backup, BSTAR_PEER_PASSIVE, 6300);
    VC_CHECK (broker_bstar_state (primary) == BSTAR_PASSIVE);
    VC_CHECK (broker_bstar_active (backup));
    VC_CHECK (!broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 6400));
    //  The active backup is stopped (SIGSTOP) past the timeout: when it
    //  runs again it serves nobody until it hears the primary, which took
    //  over meanwhile (a client asked it while the backup was silent)
    VC_CHECK (broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 6300 + T_TIMEOUT + 1));
    VC_CHECK (broker_bstar_active (primary));
    broker_bstar_stalled (backup, 20000);
    VC_CHECK (broker_bstar_state (backup) == BSTAR_BACKUP);
    VC_CHECK (!broker_bstar_event (backup, BSTAR_CLIENT_REQUEST, 20001));
    broker_bstar_event (backup, BSTAR_PEER_ACTIVE, 20500);
    VC_CHECK (broker_bstar_state (backup) == BSTAR_PASSIVE);
    //  A stalled primary the backup replaced: the backup's "passive" sent
    //  before it took over arrives late, at once after the stall: it is
    //  stale; the primary stands by when it hears the backup active
    broker_bstar_t *stalled = broker_bstar_new (true, T_TIMEOUT, 40000);
    broker_bstar_t *spare = broker_bstar_new (false, T_TIMEOUT, 40000);
    broker_bstar_event (stalled, BSTAR_PEER_BACKUP, 40100);
    broker_bstar_event (spare, BSTAR_PEER_ACTIVE, 40200);
    VC_CHECK (broker_bstar_active (stalled) && broker_bstar_state (spare) == BSTAR_PASSIVE);
    VC_CHECK (broker_bstar_event (spare, BSTAR_CLIENT_REQUEST, 40200 + T_TIMEOUT + 1));
    broker_bstar_stalled (stalled, 45000);
    broker_bstar_event (stalled, BSTAR_PEER_PASSIVE, 45010);
    VC_CHECK (broker_bstar_state (stalled) == BSTAR_PRIMARY);
    VC_CHECK (!broker_bstar_event (stalled, BSTAR_CLIENT_REQUEST, 45020));
    broker_bstar_event (stalled, BSTAR_PEER_ACTIVE, 45900);
    VC_CHECK (broker_bstar_state (stalled) == BSTAR_PASSIVE);
    VC_CHECK (broker_bstar_active (spare));
    broker_bstar_destroy (&stalled);
    broker_bstar_destroy (&spare);
    s_test_cut_off ();
    //  A stalled primary nobody replaced: it hears the backup passive and
    //  serves again
    broker_bstar_stalled (primary, 30000);
    VC_CHECK (!broker_bstar_event (primary, BSTAR_CLIENT_REQUEST, 30001));
    broker_bstar_event (primary, BSTAR_PEER_PASSIVE, 30500);
    VC_CHECK (broker_bstar_active (primary));
    //  A primary alone (no backup ever heard) serves after the timeout
    broker_bstar_t *alone = broker_bstar_new (true, T_TIMEOUT, 0);
    VC_CHECK (alone);
    VC_CHECK (!broker_bstar_event (alone, BSTAR_CLIENT_REQUEST, T_TIMEOUT - 1));
    VC_CHECK (broker_bstar_event (alone, BSTAR_CLIENT_REQUEST, T_TIMEOUT));
    VC_CHECK (!broker_bstar_failed_over (alone));
    //  Nonsense events change nothing
    VC_CHECK (!broker_bstar_event (alone, (bstar_event_t) 0, 1));
    VC_CHECK (!broker_bstar_event (alone, (bstar_event_t) 99, 1));
    VC_CHECK (broker_bstar_active (alone));
    broker_bstar_destroy (&alone);
    broker_bstar_destroy (&primary);
    broker_bstar_destroy (&backup);
    broker_bstar_destroy (&backup);     //  Twice is harmless
    VC_CHECK (streq (broker_bstar_state_name ((bstar_state_t) 9), "unknown"));
}

void
broker_bstar_test (bool verbose)
{
    if (verbose)
        printf (" * broker_bstar: ");
    s_test_standing ();
    s_test_waiting ();
    s_test_running ();
    s_test_stories ();
    if (verbose)
        printf ("OK\n");
}
