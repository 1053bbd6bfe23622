/*  rr_loop - the closed-loop harness of vc-bench-rr: clients spread over a
    few threads, each sending its next request as soon as its reply is in;
    completions between start and stop are counted, with their latency,
    and the CPU time of each named process over the same window.  */
#include "rr.h"
#include "vc_check.h"
#include <pthread.h>

typedef struct {
    const rr_run_t *run;
    rr_client_t *clients;
    int count;
    int first;
    int failed;
    int *ready;
    int *go;
} thread_arg_t;

int64_t
rr_now_us (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
rr_cpu_us (int pid)
{
    char path [64], line [1024];
    snprintf (path, sizeof path, "/proc/%d/stat", pid);
    FILE *file = fopen (path, "r");
    if (!file)
        return -1;
    size_t size = fread (line, 1, sizeof line - 1, file);
    fclose (file);
    line [size] = 0;
    //  Fields after the command name (which may hold spaces): utime is 14th
    char *cursor = strrchr (line, ')');
    if (!cursor)
        return -1;
    unsigned long long utime = 0, stime = 0;
    if (sscanf (cursor + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                &utime, &stime) != 2)
        return -1;
    return (int64_t) ((utime + stime) * 1000000ULL / (unsigned long long) sysconf (_SC_CLK_TCK));
}

void
rr_client_done (rr_client_t *client, bool good)
{
    int64_t now = rr_now_us ();
    if (client->quota) {
        if (good) {
            client->ok++;
            bench_lat_add (&client->lat, (uint32_t) (now - client->sent_us));
        }
        else
            client->errors++;
        if (client->ok + client->errors >= client->quota || now >= *client->stop_us) {
            client->stopped = 1;
            return;
        }
    }
    else
    if (now >= *client->start_us && now <= *client->stop_us) {
        if (good) {
            client->ok++;
            bench_lat_add (&client->lat, (uint32_t) (now - client->sent_us));
        }
        else
            client->errors++;
    }
    if (now >= *client->stop_us) {
        client->stopped = 1;
        return;
    }
    client->sent_us = now;
    if (client->target->send (client)) {
        client->errors++;
        client->stopped = 1;
    }
}

//  Poll the thread's clients and answer each reply with the next request.
static void
s_poll_loop (thread_arg_t *arg)
{
    zmq_pollitem_t *items = (zmq_pollitem_t *) VC_NEED (calloc ((size_t) arg->count, sizeof (zmq_pollitem_t)));
    for (int i = 0; i < arg->count; i++)
        items [i] = (zmq_pollitem_t) { arg->clients [i].target->socket (&arg->clients [i]),
                                       0, ZMQ_POLLIN, 0 };
    int64_t give_up = *arg->clients [0].stop_us + 5000000;
    int left = arg->count;
    while (left > 0 && rr_now_us () < give_up) {
        if (zmq_poll (items, arg->count, 100) < 0)
            break;
        for (int i = 0; i < arg->count; i++) {
            rr_client_t *client = &arg->clients [i];
            if (!(items [i].revents & ZMQ_POLLIN) || client->stopped)
                continue;
            int rc;
            while (!client->stopped && (rc = client->target->recv (client)) != 0)
                rr_client_done (client, rc > 0);
            if (client->stopped)
                left--;
        }
    }
    free (items);
}

//  Callback targets (NATS) run on their own threads: wait for the end.
static void
s_wait_loop (thread_arg_t *arg)
{
    int64_t give_up = *arg->clients [0].stop_us + 5000000;
    while (rr_now_us () < give_up) {
        int left = 0;
        for (int i = 0; i < arg->count; i++)
            left += !arg->clients [i].stopped;
        if (!left)
            break;
        zclock_sleep (20);
    }
}

//  Heartbeats of the clients already connected, while others connect (a
//  sign-in takes a while) and until the run starts.
static void
s_tick (thread_arg_t *arg, int count)
{
    for (int i = 0; arg->run->target->tick && i < count; i++)
        arg->run->target->tick (&arg->clients [i]);
}

static void *
s_thread (void *varg)
{
    thread_arg_t *arg = (thread_arg_t *) varg;
    for (int i = 0; i < arg->count && !arg->failed; i++) {
        if (arg->run->target->open (&arg->clients [i], arg->run->endpoint, arg->first + i)) {
            fprintf (stderr, "vc-bench-rr: %s client %d cannot connect to %s\n",
                     arg->run->target->name, arg->first + i, arg->run->endpoint);
            arg->failed = 1;
        }
        s_tick (arg, i);
    }
    __atomic_add_fetch (arg->ready, 1, __ATOMIC_SEQ_CST);
    while (!__atomic_load_n (arg->go, __ATOMIC_SEQ_CST)) {
        s_tick (arg, arg->failed ? 0 : arg->count);
        zclock_sleep (5);
    }
    if (!arg->failed && __atomic_load_n (arg->go, __ATOMIC_SEQ_CST) > 0) {
        for (int i = 0; i < arg->count; i++) {
            arg->clients [i].sent_us = rr_now_us ();
            if (arg->run->target->send (&arg->clients [i]))
                arg->clients [i].stopped = 1;
        }
        if (arg->run->target->socket)
            s_poll_loop (arg);
        else
            s_wait_loop (arg);
    }
    for (int i = 0; i < arg->count; i++)
        if (arg->clients [i].handle)
            arg->run->target->close (&arg->clients [i]);
    return NULL;
}

typedef struct {
    char name [32];
    int pid;
    int64_t cpu;
} process_t;

//  The processes to measure: this one ("clients") and the named ones.
static int
s_processes (const char *pids, process_t *out, int max)
{
    int count = 0;
    snprintf (out [count].name, sizeof out [count].name, "clients");
    out [count++].pid = getpid ();
    char *list = VC_NEED (strdup (pids ? pids : "")), *save = NULL;
    for (char *item = strtok_r (list, ",", &save); item && count < max;
         item = strtok_r (NULL, ",", &save)) {
        char *eq = strchr (item, '=');
        if (!eq)
            continue;
        snprintf (out [count].name, sizeof out [count].name, "%.*s", (int) (eq - item), item);
        out [count++].pid = atoi (eq + 1);
    }
    free (list);
    return count;
}

static void
s_sleep_until (int64_t when_us)
{
    int64_t left;
    while ((left = when_us - rr_now_us ()) > 0)
        zclock_sleep ((int) (left > 1000000 ? 1000 : (left + 999) / 1000));
}

//  One line for bench/run.sh: label clients rate p50 p99 p99.9 errors cpu...
static void
s_report (const rr_run_t *run, rr_client_t *clients, process_t *procs, int nprocs,
          int64_t *before, double elapsed_ms)
{
    bench_lat_t all = { 0 };
    uint64_t ok = 0, errors = 0;
    for (int i = 0; i < run->clients; i++) {
        bench_lat_merge (&all, &clients [i].lat);
        ok += clients [i].ok;
        errors += clients [i].errors;
    }
    printf ("RESULT %s %d %.0f %u %u %u %" PRIu64, run->label, run->clients,
            ok * 1000.0 / elapsed_ms, bench_lat_percentile (&all, 50),
            bench_lat_percentile (&all, 99), bench_lat_percentile (&all, 99.9), errors);
    for (int p = 0; p < nprocs; p++) {
        int64_t used = procs [p].cpu >= 0 && before [p] >= 0 ? procs [p].cpu - before [p] : -1;
        printf (" %s=%.1f", procs [p].name, used >= 0 && ok ? (double) used / ok : -1.0);
    }
    printf ("\n");
    fflush (stdout);
    bench_lat_free (&all);
}

int
rr_run (const rr_run_t *run)
{
    int threads = run->threads < run->clients ? run->threads : run->clients;
    rr_client_t *clients = (rr_client_t *) VC_NEED (calloc ((size_t) run->clients, sizeof (rr_client_t)));
    thread_arg_t *args = (thread_arg_t *) VC_NEED (calloc ((size_t) threads, sizeof (thread_arg_t)));
    pthread_t *ids = (pthread_t *) VC_NEED (calloc ((size_t) threads, sizeof (pthread_t)));
    int64_t start_us = INT64_MAX, stop_us = INT64_MAX;
    for (int i = 0; i < run->clients; i++)
        clients [i] = (rr_client_t) { run->target, NULL, NULL, 0, &start_us, &stop_us,
                                      { 0 }, 0, 0, 0, 0 };
    //  A fixed count: spread over the clients, the first ones one more
    for (int i = 0; run->requests > 0 && i < run->clients; i++)
        clients [i].quota = (uint64_t) (run->requests / run->clients + (i < run->requests % run->clients));
    int ready = 0, go = 0;
    for (int t = 0; t < threads; t++) {
        int first = t * run->clients / threads;
        args [t] = (thread_arg_t) { run, clients + first,
            (t + 1) * run->clients / threads - first, first, 0, &ready, &go };
        pthread_create (&ids [t], NULL, s_thread, &args [t]);
    }
    while (__atomic_load_n (&ready, __ATOMIC_SEQ_CST) < threads)
        zclock_sleep (5);
    int failed = 0;
    for (int t = 0; t < threads; t++)
        failed |= args [t].failed;
    process_t procs [8];
    int nprocs = s_processes (run->pids, procs, 8);
    int64_t before [8];
    bool counted = run->requests > 0;
    start_us = rr_now_us () + (counted ? 0 : (int64_t) run->warmup_ms * 1000);
    stop_us = start_us + (int64_t) run->duration_ms * 1000;
    if (counted)
        for (int p = 0; p < nprocs; p++)
            before [p] = rr_cpu_us (procs [p].pid);
    __atomic_store_n (&go, failed ? -1 : 1, __ATOMIC_SEQ_CST);
    if (!failed && !counted) {
        s_sleep_until (start_us);
        for (int p = 0; p < nprocs; p++)
            before [p] = rr_cpu_us (procs [p].pid);
        s_sleep_until (stop_us);
        for (int p = 0; p < nprocs; p++)
            procs [p].cpu = rr_cpu_us (procs [p].pid);
    }
    for (int t = 0; t < threads; t++)
        pthread_join (ids [t], NULL);
    double elapsed_ms = run->duration_ms;
    if (counted) {
        for (int p = 0; p < nprocs; p++)
            procs [p].cpu = rr_cpu_us (procs [p].pid);
        elapsed_ms = (double) (rr_now_us () - start_us) / 1000.0;
    }
    if (!failed)
        s_report (run, clients, procs, nprocs, before, elapsed_ms);
    for (int i = 0; i < run->clients; i++)
        bench_lat_free (&clients [i].lat);
    free (clients);
    free (args);
    free (ids);
    return failed ? -1 : 0;
}
