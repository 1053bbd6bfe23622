/*  broker_fsm - the states of a client connection as the broker sees it,
    the events a client's message makes, and the table that says, for each
    state and event, which actions the broker takes and the state that
    follows. broker_clients runs the actions; this file holds only the table.
*/
#ifndef BROKER_FSM_H_INCLUDED
#define BROKER_FSM_H_INCLUDED

#include <stdbool.h>

//  A connection's state when one of its messages arrives
typedef enum {
    BROKER_STATE_NEW,           //  Unknown routing id, room for a client
    BROKER_STATE_FULL,          //  Unknown routing id, --clients-max reached
    BROKER_STATE_CLOSED,        //  Said BYE a short while ago
    BROKER_STATE_OPEN,          //  A client, its rate bucket holds a token
    BROKER_STATE_FLOODING,      //  A client whose rate bucket is empty
    BROKER_STATE_DOOMED,        //  A client to be dropped (slow, gone)
    BROKER_STATE_COUNT
} broker_state_t;

//  What its message is
typedef enum {
    BROKER_EVENT_HELLO,
    BROKER_EVENT_REQUEST,
    BROKER_EVENT_HEARTBEAT,
    BROKER_EVENT_BYE,
    BROKER_EVENT_OTHER,         //  A command clients may not send
    BROKER_EVENT_STANDBY,       //  On standby: a HELLO or REQUEST, or a new
                                //  connection's message other than BYE
    BROKER_EVENT_COUNT
} broker_event_t;

//  The broker's actions, run in the table's order
typedef enum {
    BROKER_ACTION_NONE,             //  End of the list
    BROKER_ACTION_REFUSE_STANDBY,   //  503 {standby}: go to the other broker
    BROKER_ACTION_REFUSE_CLOSED,    //  400: this connection said goodbye
    BROKER_ACTION_REFUSE_FULL,      //  429: too many clients
    BROKER_ACTION_OPEN,             //  Make the client (client.connect)
    BROKER_ACTION_ALIVE,            //  Push its expiry (heard from)
    BROKER_ACTION_WELCOME,          //  WELCOME, one token
    BROKER_ACTION_REQUEST,          //  Admit (token, in-flight cap) and route
    BROKER_ACTION_REFUSE_RATE,      //  429: too many requests from this client
    BROKER_ACTION_NOT_ALLOWED,      //  400: command not allowed, one token
    BROKER_ACTION_BYE,              //  client.bye, remember the connection as closed
    BROKER_ACTION_COUNT
} broker_action_t;

#define BROKER_FSM_ACTIONS_MAX 3

typedef struct {
    broker_action_t actions [BROKER_FSM_ACTIONS_MAX];   //  Ends with NONE
    broker_state_t next;        //  The state the connection is in after
} broker_fsm_entry_t;

//  The entry of a state and an event.
const broker_fsm_entry_t *broker_fsm_entry (broker_state_t state, broker_event_t event);
const char *broker_fsm_state_name (broker_state_t state);
const char *broker_fsm_event_name (broker_event_t event);
const char *broker_fsm_action_name (broker_action_t action);

//  Self-test of the table's rules; returns 0 or the number of failures.
int broker_fsm_test (bool verbose);

#endif
