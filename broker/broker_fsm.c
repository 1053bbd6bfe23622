/*  broker_fsm - the table of a client connection's states and events:
    for each pair, the actions the broker takes (in order) and the next
    state. See broker_fsm.h; broker_clients runs the actions. The
    self-test checks the rules the table must keep (docs/broker.md).  */
#include "broker_fsm.h"
#include <stdio.h>

#define S(name) BROKER_STATE_##name
#define A(name) BROKER_ACTION_##name
#define ROW(next, ...)  { { __VA_ARGS__ }, S(next) }

static const broker_fsm_entry_t s_table [BROKER_STATE_COUNT][BROKER_EVENT_COUNT] = {
    //  HELLO, REQUEST, HEARTBEAT, BYE, OTHER, STANDBY
    [BROKER_STATE_NEW] = {
        ROW (OPEN, A(OPEN), A(ALIVE), A(WELCOME)),
        ROW (OPEN, A(OPEN), A(ALIVE), A(REQUEST)),
        ROW (OPEN, A(OPEN), A(ALIVE)),
        ROW (NEW, A(NONE)),
        ROW (OPEN, A(OPEN), A(ALIVE), A(NOT_ALLOWED)),
        ROW (NEW, A(REFUSE_STANDBY))
    },
    [BROKER_STATE_FULL] = {
        ROW (FULL, A(REFUSE_FULL)),
        ROW (FULL, A(REFUSE_FULL)),
        ROW (FULL, A(REFUSE_FULL)),
        ROW (FULL, A(NONE)),
        ROW (FULL, A(REFUSE_FULL)),
        ROW (FULL, A(REFUSE_STANDBY))
    },
    [BROKER_STATE_CLOSED] = {
        ROW (CLOSED, A(REFUSE_CLOSED)),
        ROW (CLOSED, A(REFUSE_CLOSED)),
        ROW (CLOSED, A(NONE)),
        ROW (CLOSED, A(NONE)),
        ROW (CLOSED, A(NONE)),
        ROW (CLOSED, A(REFUSE_STANDBY))
    },
    [BROKER_STATE_OPEN] = {
        ROW (OPEN, A(ALIVE), A(WELCOME)),
        ROW (OPEN, A(ALIVE), A(REQUEST)),
        ROW (OPEN, A(ALIVE)),
        ROW (CLOSED, A(BYE)),
        ROW (OPEN, A(ALIVE), A(NOT_ALLOWED)),
        ROW (OPEN, A(REFUSE_STANDBY))
    },
    //  A HELLO flood is not answered; requests are told to slow down
    [BROKER_STATE_FLOODING] = {
        ROW (FLOODING, A(ALIVE)),
        ROW (FLOODING, A(ALIVE), A(REFUSE_RATE)),
        ROW (FLOODING, A(ALIVE)),
        ROW (CLOSED, A(BYE)),
        ROW (FLOODING, A(ALIVE)),
        ROW (FLOODING, A(REFUSE_STANDBY))
    },
    //  Nothing more is read from a client being dropped but its BYE
    [BROKER_STATE_DOOMED] = {
        ROW (DOOMED, A(NONE)),
        ROW (DOOMED, A(NONE)),
        ROW (DOOMED, A(NONE)),
        ROW (CLOSED, A(BYE)),
        ROW (DOOMED, A(NONE)),
        ROW (DOOMED, A(NONE))
    }
};

static const char *s_state_names [BROKER_STATE_COUNT] = {
    "new", "full", "closed", "open", "flooding", "doomed"
};
static const char *s_event_names [BROKER_EVENT_COUNT] = {
    "HELLO", "REQUEST", "HEARTBEAT", "BYE", "other command", "on standby"
};
static const char *s_action_names [BROKER_ACTION_COUNT] = {
    "none", "refuse standby", "refuse closed", "refuse full", "open", "alive",
    "welcome", "request", "refuse rate", "not allowed", "bye"
};

const broker_fsm_entry_t *
broker_fsm_entry (broker_state_t state, broker_event_t event)
{
    if ((unsigned) state >= BROKER_STATE_COUNT || (unsigned) event >= BROKER_EVENT_COUNT)
        return NULL;
    return &s_table [state][event];
}

const char *
broker_fsm_state_name (broker_state_t state)
{
    return (unsigned) state < BROKER_STATE_COUNT ? s_state_names [state] : "?";
}

const char *
broker_fsm_event_name (broker_event_t event)
{
    return (unsigned) event < BROKER_EVENT_COUNT ? s_event_names [event] : "?";
}

const char *
broker_fsm_action_name (broker_action_t action)
{
    return (unsigned) action < BROKER_ACTION_COUNT ? s_action_names [action] : "?";
}

//  --------------------------------------------------------------------------
//  Self-test: the rules every entry keeps

static bool
s_has (const broker_fsm_entry_t *entry, broker_action_t action)
{
    for (int i = 0; i < BROKER_FSM_ACTIONS_MAX && entry->actions [i]; i++)
        if (entry->actions [i] == action)
            return true;
    return false;
}

//  Actions that send the client an answer
static int
s_answers (const broker_fsm_entry_t *entry)
{
    static const broker_action_t answers [] = {
        A(REFUSE_STANDBY), A(REFUSE_CLOSED), A(REFUSE_FULL), A(WELCOME),
        A(REQUEST), A(REFUSE_RATE), A(NOT_ALLOWED)
    };
    int count = 0;
    for (size_t i = 0; i < sizeof answers / sizeof answers [0]; i++)
        count += s_has (entry, answers [i]);
    return count;
}

static bool
s_has_client (broker_state_t state)
{
    return state == S(OPEN) || state == S(FLOODING) || state == S(DOOMED);
}

static const char *
s_check (broker_state_t state, broker_event_t event, const broker_fsm_entry_t *entry)
{
    bool needs_client = s_has (entry, A(ALIVE)) || s_has (entry, A(BYE));
    if (needs_client && !s_has_client (state) && entry->actions [0] != A(OPEN))
        return "acts on a client it has not made first";
    if (s_has (entry, A(OPEN)) && state != S(NEW))
        return "makes a client where there is one or no room";
    if (event == BROKER_EVENT_STANDBY && state != S(DOOMED)
    &&  (entry->actions [0] != A(REFUSE_STANDBY) || entry->actions [1]))
        return "a broker on standby does more than send the client away";
    if (state == S(DOOMED) && event != BROKER_EVENT_BYE && entry->actions [0])
        return "acts on a message from a client being dropped";
    if (event == BROKER_EVENT_BYE && s_answers (entry))
        return "answers a BYE";
    if (event == BROKER_EVENT_BYE && s_has_client (state)
    &&  (entry->next != S(CLOSED) || !s_has (entry, A(BYE))))
        return "a client's BYE does not close it";
    if (state == S(FLOODING) && (s_has (entry, A(WELCOME)) || s_has (entry, A(NOT_ALLOWED))))
        return "answers a flood";
    bool asks = event == BROKER_EVENT_HELLO || event == BROKER_EVENT_REQUEST;
    bool flood = state == S(FLOODING) && event == BROKER_EVENT_HELLO;
    if (asks && state != S(DOOMED) && !flood && s_answers (entry) != 1)
        return "a HELLO or a request gets no answer, or more than one";
    for (int i = 0; i < BROKER_FSM_ACTIONS_MAX; i++)
        if ((unsigned) entry->actions [i] >= BROKER_ACTION_COUNT)
            return "an unknown action";
    return NULL;
}

int
broker_fsm_test (bool verbose)
{
    int failures = 0;
    for (int state = 0; state < BROKER_STATE_COUNT; state++)
        for (int event = 0; event < BROKER_EVENT_COUNT; event++) {
            const broker_fsm_entry_t *entry = broker_fsm_entry ((broker_state_t) state,
                                                                (broker_event_t) event);
            const char *wrong = s_check ((broker_state_t) state, (broker_event_t) event, entry);
            if (wrong || verbose) {
                printf ("%s %-8s + %-24s ->", wrong ? "FAIL" : " ok ",
                        broker_fsm_state_name ((broker_state_t) state),
                        broker_fsm_event_name ((broker_event_t) event));
                for (int i = 0; i < BROKER_FSM_ACTIONS_MAX && entry->actions [i]; i++)
                    printf (" %s,", broker_fsm_action_name (entry->actions [i]));
                printf (" then %s%s%s\n", broker_fsm_state_name (entry->next),
                        wrong ? ": " : "", wrong ? wrong : "");
            }
            failures += wrong != NULL;
        }
    if (broker_fsm_entry (BROKER_STATE_COUNT, BROKER_EVENT_HELLO)
    ||  broker_fsm_entry (BROKER_STATE_NEW, BROKER_EVENT_COUNT))
        failures++;
    return failures;
}
