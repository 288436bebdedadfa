/*
 * netfs: the kernel's inode numbers. Each is a node holding a path relative to SOURCE (one node per path,
 * found by hash), kept while the kernel holds a reference (LOOKUP raises its count, FORGET lowers it).
 */
#include "netfs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS (1u << 20)
static struct node *buckets[BUCKETS];
static struct node root_node = { .path = "" };
static pthread_mutex_t nodes_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned hash(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (BUCKETS - 1);
}

struct node *node_of(fuse_ino_t ino)
{
    return ino == FUSE_ROOT_ID ? &root_node : (struct node *)(uintptr_t)ino;
}

/* The path for system calls relative to the source directory's descriptor. */
const char *rel(const struct node *n)
{
    return n->path[0] ? n->path : ".";
}

/* The node of path (taking ownership of it), its lookup count raised by one: one node per path. */
fuse_ino_t node_ref(char *path)
{
    unsigned b = hash(path);
    pthread_mutex_lock(&nodes_lock);
    struct node *n = buckets[b];
    while (n && strcmp(n->path, path) != 0)
        n = n->next;
    if (n) {
        free(path);
    } else {
        n = calloc(1, sizeof *n);
        if (!n)
            abort();
        n->path = path;
        n->next = buckets[b];
        buckets[b] = n;
    }
    n->nlookup++;
    pthread_mutex_unlock(&nodes_lock);
    return (fuse_ino_t)(uintptr_t)n;
}

void node_forget(fuse_ino_t ino, uint64_t nlookup)
{
    if (ino == FUSE_ROOT_ID)
        return;
    struct node *n = node_of(ino);
    pthread_mutex_lock(&nodes_lock);
    n->nlookup -= nlookup;
    if (n->nlookup == 0) {
        struct node **p = &buckets[hash(n->path)];
        while (*p != n)
            p = &(*p)->next;
        *p = n->next;
        free(n->path);
        free(n);
    }
    pthread_mutex_unlock(&nodes_lock);
}

char *child_path(const struct node *parent, const char *name)
{
    char *path;
    if (asprintf(&path, "%s%s%s", parent->path, parent->path[0] ? "/" : "", name) < 0)
        abort();
    return path;
}
