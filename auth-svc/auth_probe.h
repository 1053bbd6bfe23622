/*  auth_probe - asks the broker whether a client is still connected (its
    built-in operation "client"), over a client connection of its own that
    is opened on first use and kept alive with heartbeats. Used to tell a
    live session from one whose client vanished while its event was lost.
    One thread owns a probe.
*/
#ifndef AUTH_PROBE_H_INCLUDED
#define AUTH_PROBE_H_INCLUDED

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _auth_probe_t auth_probe_t;

//  frontend: the broker's client endpoint.
auth_probe_t *auth_probe_new (const char *frontend);
void auth_probe_destroy (auth_probe_t **self_p);

//  1 if the broker says the client is connected, 0 if it says it is not,
//  -1 if the broker could not be asked.
int auth_probe_connected (auth_probe_t *self, const char *client_id);

//  Heartbeat upkeep while idle; call at least every second.
void auth_probe_tick (auth_probe_t *self);

#ifdef __cplusplus
}
#endif
#endif
