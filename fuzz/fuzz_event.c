/*  fuzz_event - fuzz target for the event decoder: vc_event_decode on a
    message made of the input's frames, as monitors and services receive
    them from the bus; every text field must come out NUL-terminated
    within its buffer.  */
#include "vc_event.h"
#include "fuzz_check.h"

#define FUZZ_TERMINATED(field) FUZZ_CHECK (memchr (field, 0, sizeof field) != NULL)

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    zmsg_t *zmsg = fuzz_frames (data + 1, size - 1);
    vc_event_t event;
    int rc = vc_event_decode (&zmsg, &event);
    FUZZ_CHECK (zmsg == NULL);
    FUZZ_TERMINATED (event.topic);
    FUZZ_TERMINATED (event.source);
    FUZZ_TERMINATED (event.client);
    FUZZ_TERMINATED (event.username);
    FUZZ_TERMINATED (event.address);
    FUZZ_TERMINATED (event.detail);
    FUZZ_TERMINATED (event.run);
    if (rc == 0)
        FUZZ_CHECK (event.ts >= 0);
    zmsg_t *none = NULL;
    FUZZ_CHECK (vc_event_decode (&none, &event) == -1);
    return 0;
}
