/*  monitor - the server monitor's shared state: the broker's address, the
    live event table, the services and clients panel, the operator's Stop
    button, and the Change server page.
*/
#ifndef MONITOR_H_INCLUDED
#define MONITOR_H_INCLUDED

#include <adwaita.h>
#include "gtk_net.h"
#include "monitor_events.h"
#include "monitor_rows.h"
#include "gtk_feed.h"
#include "ui_kit.h"
#include "ui_driver.h"
#include "vc_api.h"
#include "vc_config.h"
#include "vc_i18n.h"
#include "vc_log.h"

typedef struct _monitor_server_t monitor_server_t;

typedef struct {
    GtkApplication *gtk;
    GtkWindow *window;
    GtkWidget *pages;               //  GtkStack named "pages": "monitor", "connect"
    GtkWidget *title;               //  AdwWindowTitle named "header-subtitle"
    GtkWidget *server_label;        //  Named "server-address"
    GtkWidget *events_label;        //  Named "events-address"
    char server [256];              //  Broker client endpoint (or a pair's two)
    char events [256];              //  Broker event endpoint (XPUB; or two)
    bool ask_bus;                   //  No --events: take the buses the broker names
    char *operator_key;             //  NULL: Stop is disabled
    gtk_net_t *net;
    bool connected;                 //  net holds a live connection
    bool answering;                 //  The broker answered the last poll
    bool switching;                 //  Another server is being tried: polls wait
    int poll_ms;
    //  Event table
    monitor_events_t *rows;
    gtk_feed_t *feed;
    GtkCustomFilter *filter;
    GtkFilterListModel *filtered;
    GtkWidget *search;
    char *query;                    //  The filter's text (search-changed)
    GtkWidget *table;               //  The table named "events" (header, list)
    monitor_rows_t *view;           //  Its header and list
    GtkWidget *counter;
    GtkWidget *dropped;             //  Events the feed dropped, named "events-dropped"
    GtkAdjustment *scroll;
    guint scroll_idle;              //  Pending scroll to the newest row
    bool following;                 //  The view shows the newest row
    int64_t follow_until;           //  Keep showing the end until then
    //  History (monitor_history.c): the run and the last number held
    char history_run [17];
    uint64_t history_after;
    bool history_busy;
    bool history_off;               //  The broker has no history
    GtkWidget *events_stack;        //  "empty" status page or "table"
    GtkWidget *events_failed;       //  Its "failed" status page
    //  Services and clients panel
    GtkWidget *link_status;
    GtkWidget *services;            //  GtkGrid named "services"
    GtkWidget *clients_count;
    GtkWidget *clients;             //  GtkGrid named "clients"
    char clients_after [65];        //  Cursor of the clients' next page ("" first)
    int clients_rows;               //  Rows shown so far in this listing
    guint poll_source;
    int polls_pending;
    //  Stop
    GtkWidget *stop;
    GtkWidget *confirm;             //  GtkRevealer
    GtkWidget *stop_status;
    monitor_server_t *change;       //  The Change server page
    ui_driver_t *script;
} monitor_t;

//  Follow another broker (servers, one or a pair's two, already answering
//  on the monitor's connection) and its event bus: the table, the
//  history, the panels and the addresses start again from it, and its
//  ping is asked for its run.
void monitor_follow (monitor_t *self, const char *servers, const char *events);
//  Once connected: ask the broker's ping for its run (the run a pair's
//  table follows) and, without --events, for its bus (and its peer's, a
//  broker of a pair), and follow those if they differ from the guessed
//  ones (each server's host, port 5558).
void monitor_ask_broker (monitor_t *self);

//  The table of events with its search entry and counter.
GtkWidget *monitor_table_new (monitor_t *self);
//  Put the keyboard focus in the filter (Ctrl+F).
void monitor_table_focus_search (monitor_t *self);
//  Add events received by the feed (UI thread).
void monitor_table_add (monitor_t *self, GArray *events);
//  Empty the table for another broker (self->server, self->events).
void monitor_table_reset (monitor_t *self);

//  The services and clients panel; starts polling the broker.
GtkWidget *monitor_services_new (monitor_t *self);
void monitor_services_stop (monitor_t *self);
//  Empty both panels and ask the broker (connected) at once.
void monitor_services_reset (monitor_t *self);

//  Catch up with missed events from the broker's history: after a
//  (re)connection, and when live events show a gap or a new broker run.
void monitor_history_fetch (monitor_t *self);
void monitor_history_check (monitor_t *self, GArray *events);

//  The Stop button and its confirmation bar; usable only while the
//  broker answers.
void monitor_stop_update (monitor_t *self);
GtkWidget *monitor_stop_new (monitor_t *self);
GtkWidget *monitor_stop_confirm_bar (monitor_t *self);

//  The Change server page (monitor_server.c), its arrival (the address
//  field holds the server followed now) and its end.
GtkWidget *monitor_server_new (monitor_t *self);
void monitor_server_enter (monitor_t *self);
void monitor_server_destroy (monitor_server_t **self_p);

#endif
