/* netfs: the counters, the delay of a round trip, and the stats file they are written to. */
#include "netfs.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const op_names[OP_COUNT] = {
    "lookup", "getattr", "readlink", "opendir", "readdir", "readdir_entries", "releasedir", "open", "read",
    "release", "statfs", "forget", "delayed_calls", "delayed_ns",
};

static uint64_t counters[OP_COUNT];

void count(enum op op, uint64_t n)
{
    __atomic_fetch_add(&counters[op], n, __ATOMIC_RELAXED);
}

struct netfs_state netfs = { .source_fd = -1 };

/* The round trip: sleeps the configured delay and records how long the sleep really took. */
void round_trip(enum op op)
{
    count(op, 1);
    if (netfs.delay_us <= 0)
        return;
    struct timespec start, end, d = { netfs.delay_us / 1000000, (netfs.delay_us % 1000000) * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &d, &d) == EINTR)
        ;
    clock_gettime(CLOCK_MONOTONIC, &end);
    count(DELAYED, 1);
    count(DELAYED_NS, (uint64_t)((end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec)));
}

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;

/* Writes every counter to the stats file, atomically (temporary file, then rename). */
void write_stats(const char *state)
{
    if (!netfs.stats)
        return;
    pthread_mutex_lock(&stats_lock);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", netfs.stats);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "netfs: cannot write %s: %s\n", tmp, strerror(errno));
        pthread_mutex_unlock(&stats_lock);
        return;
    }
    fprintf(f, "netfs-stats 1\nstate %s\ndumps %llu\ndelay_us %ld\nmax_threads %u\n", state,
            (unsigned long long)++netfs.dumps, netfs.delay_us, netfs.max_threads);
    for (int i = 0; i < OP_COUNT; i++)
        fprintf(f, "%s %llu\n", op_names[i], (unsigned long long)__atomic_load_n(&counters[i], __ATOMIC_RELAXED));
    if (fclose(f) != 0 || rename(tmp, netfs.stats) != 0)
        fprintf(stderr, "netfs: cannot write %s: %s\n", netfs.stats, strerror(errno));
    pthread_mutex_unlock(&stats_lock);
}

/* SIGUSR1 is blocked in every thread but this one, which writes the counters each time it comes. */
void *stats_thread(void *unused)
{
    (void)unused;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    for (;;) {
        int sig;
        if (sigwait(&usr1, &sig) == 0)
            write_stats("mounted");
    }
    return NULL;
}
