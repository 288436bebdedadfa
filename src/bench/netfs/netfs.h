/* netfs: declarations shared by its parts (see netfs.c for what it is). */
#ifndef NETFS_H
#define NETFS_H

#define FUSE_USE_VERSION 312
#define _GNU_SOURCE

#include <fuse_lowlevel.h>

#include <stdint.h>

/* The kinds of request counted, in the order the stats file lists them (op_names in stats.c). */
enum op { LOOKUP, GETATTR, READLINK, OPENDIR, READDIR, READDIR_ENTRIES, RELEASEDIR, OPEN, READ, RELEASE, STATFS,
          FORGET, DELAYED, DELAYED_NS, OP_COUNT };

struct netfs_state {
    int source_fd;
    const char *source;
    const char *stats;
    long delay_us;
    unsigned max_threads;
    uint64_t dumps;
};

extern struct netfs_state netfs;

/* stats.c: counters, the delay, the stats file */
void count(enum op op, uint64_t n);
void round_trip(enum op op);
void write_stats(const char *state);
void *stats_thread(void *unused);

/* nodes.c: the kernel's inode numbers, each a path relative to SOURCE */
struct node {
    char *path; /* "" for the root */
    uint64_t nlookup;
    struct node *next;
};

struct node *node_of(fuse_ino_t ino);
const char *rel(const struct node *n);
fuse_ino_t node_ref(char *path);
void node_forget(fuse_ino_t ino, uint64_t nlookup);
char *child_path(const struct node *parent, const char *name);

#endif
