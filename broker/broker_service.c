/*  broker_service - one service by name (service_t): its instances and
    its queue of requests waiting for capacity.  */
#include "broker.h"
#include "vc_text.h"

void
broker_service_destroy (service_t **self_p)
{
    assert (self_p);
    service_t *self = *self_p;
    if (!self)
        return;
    zlistx_destroy (&self->workers);
    broker_queue_destroy (&self->queue);
    free (self);
    *self_p = NULL;
}

service_t *
broker_service_require (broker_t *self, const char *name)
{
    service_t *service = (service_t *) zhashx_lookup (self->services, name);
    if (!service) {
        service = (service_t *) calloc (1, sizeof (service_t));
        if (!service)
            return NULL;
        vc_text_copy (service->name, sizeof service->name, name);
        service->workers = zlistx_new ();
        service->queue = broker_queue_new ();
        if (!service->workers || !service->queue) {
            broker_service_destroy (&service);
            return NULL;
        }
        zhashx_insert (self->services, name, service);
        zhashx_update (self->declared, name, (void *) 1);
    }
    return service;
}
