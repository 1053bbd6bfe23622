/*  hash_reference - the time of one password hash with the auth instances'
    limits, measured here, as the reference for the auth tests' bounds.  */
#include "hash_reference.h"
#include "auth_password.h"
#include <czmq.h>
#include <pthread.h>

#define S_SAMPLES_MAX   4096
#define S_PAUSE_MSEC    500         //  Between two samples of the sampler

struct _hash_reference_t {
    auth_password_t *password;
    pthread_mutex_t lock;
    double samples [S_SAMPLES_MAX];
    int count;
    pthread_t thread;
    bool running;
    bool stop;                      //  Under lock
};

hash_reference_t *
hash_reference_new (unsigned long long ops, size_t mem_mib)
{
    hash_reference_t *self = (hash_reference_t *) calloc (1, sizeof (hash_reference_t));
    if (!self)
        return NULL;
    self->password = auth_password_new (ops, mem_mib);
    if (!self->password || pthread_mutex_init (&self->lock, NULL)) {
        auth_password_destroy (&self->password);
        free (self);
        return NULL;
    }
    return self;
}

void
hash_reference_destroy (hash_reference_t **self_p)
{
    hash_reference_t *self = *self_p;
    if (!self)
        return;
    hash_reference_stop (self);
    pthread_mutex_destroy (&self->lock);
    auth_password_destroy (&self->password);
    free (self);
    *self_p = NULL;
}

//  One hash, its time kept as a sample
static double
s_sample (hash_reference_t *self)
{
    char hash [AUTH_HASH_MAX];
    int64_t start = zclock_usecs ();
    if (auth_password_hash (self->password, "reference-password", hash))
        return -1;
    double ms = (double) (zclock_usecs () - start) / 1000.0;
    pthread_mutex_lock (&self->lock);
    if (self->count < S_SAMPLES_MAX)
        self->samples [self->count++] = ms;
    pthread_mutex_unlock (&self->lock);
    return ms;
}

double
hash_reference_once (hash_reference_t *self)
{
    return s_sample (self);
}

static bool
s_stopping (hash_reference_t *self)
{
    pthread_mutex_lock (&self->lock);
    bool stop = self->stop;
    pthread_mutex_unlock (&self->lock);
    return stop;
}

static void *
s_sampler (void *arg)
{
    hash_reference_t *self = (hash_reference_t *) arg;
    while (!s_stopping (self) && s_sample (self) >= 0)
        for (int waited = 0; waited < S_PAUSE_MSEC && !s_stopping (self); waited += 50)
            zclock_sleep (50);
    return NULL;
}

int
hash_reference_start (hash_reference_t *self)
{
    if (self->running)
        return 0;
    self->stop = false;
    if (pthread_create (&self->thread, NULL, s_sampler, self))
        return -1;
    self->running = true;
    return 0;
}

void
hash_reference_stop (hash_reference_t *self)
{
    if (!self->running)
        return;
    pthread_mutex_lock (&self->lock);
    self->stop = true;
    pthread_mutex_unlock (&self->lock);
    pthread_join (self->thread, NULL);
    self->running = false;
}

static int
s_compare (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

double
hash_reference_median_ms (hash_reference_t *self)
{
    double sorted [S_SAMPLES_MAX];
    pthread_mutex_lock (&self->lock);
    int count = self->count;
    memcpy (sorted, self->samples, sizeof (double) * (size_t) count);
    pthread_mutex_unlock (&self->lock);
    if (count == 0)
        return 0;
    qsort (sorted, (size_t) count, sizeof (double), s_compare);
    return sorted [count / 2];
}

int
hash_reference_samples (hash_reference_t *self)
{
    pthread_mutex_lock (&self->lock);
    int count = self->count;
    pthread_mutex_unlock (&self->lock);
    return count;
}

void
hash_reference_clear (hash_reference_t *self)
{
    pthread_mutex_lock (&self->lock);
    self->count = 0;
    pthread_mutex_unlock (&self->lock);
}
