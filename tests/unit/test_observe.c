/*  test_observe - self-tests of what tells the outside how a program is
    doing: systemd notification (vc_notify) and Prometheus metrics
    (vc_metrics).  */
#include "vc_metrics.h"
#include "vc_notify.h"
#include <czmq.h>

int
main (void)
{
    zsys_init ();
    zsys_set_logstream (NULL);
    vc_notify_test (true);
    vc_metrics_test (true);
    printf ("test_observe: OK\n");
    return 0;
}
