/*  data_service - one instance of the data service on the bus: a worker
    registered as "data" with the broker, a publisher for data.lookup
    events, and a subscription to scrape.updated that copies a shared
    store again (data_store), drops the cache and tells subscribers of the
    provinces whose figures changed (data.province.NN events).
*/
#ifndef DATA_SERVICE_H_INCLUDED
#define DATA_SERVICE_H_INCLUDED

#include "data_ops.h"
#include "data_store.h"

typedef struct {
    const char *backend;        //  Broker worker endpoint
    const char *events_in;      //  Where to publish events (broker XSUB)
    const char *events_out;     //  Where to subscribe (broker XPUB)
    int capacity;               //  Requests the broker may send at once
    int64_t refresh_ms;         //  Cache refresh interval (0: events only)
    bool province_events;       //  Publish data.province.NN after scrapes
} data_service_config_t;

//  Serve requests from store until interrupted or the system shuts down.
//  Returns 0, or 1 if the service could not start.
int data_service_run (data_store_t *store, const data_service_config_t *config);

#endif
