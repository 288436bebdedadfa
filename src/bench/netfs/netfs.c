/*
 * netfs — the morph benchmark's latency file system: a read-only FUSE passthrough of a local directory
 * that makes every metadata call cost a network round trip, as on NFS, Lustre or GPFS without client-side
 * caching, and counts the calls each kind of request makes.
 *
 *   netfs [--delay-us=N] [--stats=FILE] [-o max_threads=N] [-f] SOURCE MOUNTPOINT
 *
 * - Every LOOKUP, GETATTR, READLINK, OPENDIR, READDIR, OPEN and STATFS request sleeps --delay-us
 *   microseconds in the server thread that serves it, then does the real call on SOURCE. Data reads,
 *   closes and FORGETs are not delayed (a client answers those itself or sends them asynchronously).
 * - The kernel caches nothing: entries and attributes are replied with a timeout of 0 (so every name a
 *   path walk resolves is a LOOKUP and every stat a GETATTR), a missing name is an error rather than a
 *   negative entry, READDIRPLUS is off (a listing carries no attributes) and directory listings are not
 *   cached. This is libfuse's low-level API: the high-level one serves LOOKUP and GETATTR with the same
 *   callback, and the benchmark wants to count them apart.
 * - Requests are served by up to max_threads threads (libfuse's multithreaded loop; -o max_threads=N,
 *   default 128 here, libfuse's own is 10) and parallel directory operations are on, so a client with N
 *   requests in flight waits one delay, not N, as against a real server.
 * - Counters: on SIGUSR1, and once mounted and at unmount, the server writes every counter as text to
 *   --stats FILE (a temporary file renamed over it, so a reader never sees half of it). Its first line is
 *   "netfs-stats 1", then "name value" lines; "dumps" rises by one with every file written, so a reader
 *   that sent SIGUSR1 knows when the answer is there.
 * - It is read-only (mounted ro; OPEN for writing is EROFS): the benchmark's tools only read.
 *
 * Parts: this file (requests, options, main), nodes.c (inode numbers), stats.c (counters, delay, stats
 * file). Built by src/bench/run.sh: gcc -O2 -Wall netfs.c nodes.c stats.c $(pkg-config --cflags --libs
 * fuse3), with Debian's fuse3 and libfuse3-dev. Unmount with fusermount3 -u MOUNTPOINT, or send SIGINT/SIGTERM to the server; it
 * also unmounts when the process that started it dies (PR_SET_PDEATHSIG).
 */
#include "netfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* ---- requests ---------------------------------------------------------------------------------- */

static void netfs_init(void *userdata, struct fuse_conn_info *conn)
{
    (void)userdata;
    conn->want &= ~(FUSE_CAP_READDIRPLUS | FUSE_CAP_READDIRPLUS_AUTO | FUSE_CAP_CACHE_SYMLINKS);
    if (conn->capable & FUSE_CAP_PARALLEL_DIROPS)
        conn->want |= FUSE_CAP_PARALLEL_DIROPS;
}

static void netfs_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
    round_trip(LOOKUP);
    struct fuse_entry_param e;
    memset(&e, 0, sizeof e);
    char *path = child_path(node_of(parent), name);
    if (fstatat(netfs.source_fd, path, &e.attr, AT_SYMLINK_NOFOLLOW) == -1) {
        int err = errno;
        free(path);
        fuse_reply_err(req, err); /* not a negative entry: nothing is cached */
        return;
    }
    e.ino = node_ref(path);
    e.attr_timeout = 0;
    e.entry_timeout = 0;
    if (fuse_reply_entry(req, &e) != 0)
        node_forget(e.ino, 1); /* the request was interrupted: the kernel never took the reference */
}

static void netfs_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
    count(FORGET, 1);
    node_forget(ino, nlookup);
    fuse_reply_none(req);
}

static void netfs_forget_multi(fuse_req_t req, size_t n, struct fuse_forget_data *forgets)
{
    count(FORGET, n);
    for (size_t i = 0; i < n; i++)
        node_forget(forgets[i].ino, forgets[i].nlookup);
    fuse_reply_none(req);
}

static void netfs_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)fi;
    round_trip(GETATTR);
    struct stat st;
    if (fstatat(netfs.source_fd, rel(node_of(ino)), &st, AT_SYMLINK_NOFOLLOW) == -1)
        fuse_reply_err(req, errno);
    else
        fuse_reply_attr(req, &st, 0);
}

static void netfs_readlink(fuse_req_t req, fuse_ino_t ino)
{
    round_trip(READLINK);
    char buf[PATH_MAX + 1];
    ssize_t n = readlinkat(netfs.source_fd, rel(node_of(ino)), buf, PATH_MAX);
    if (n == -1) {
        fuse_reply_err(req, errno);
        return;
    }
    buf[n] = '\0';
    fuse_reply_readlink(req, buf);
}

struct dir_handle {
    DIR *dir;
    off_t offset;
    struct dirent *entry; /* read but not yet sent: it did not fit the last reply */
};

static void netfs_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    round_trip(OPENDIR);
    struct dir_handle *d = calloc(1, sizeof *d);
    int fd = openat(netfs.source_fd, rel(node_of(ino)), O_RDONLY | O_DIRECTORY);
    if (!d || fd == -1 || !(d->dir = fdopendir(fd))) {
        int err = errno ? errno : ENOMEM;
        if (fd != -1)
            close(fd);
        free(d);
        fuse_reply_err(req, err);
        return;
    }
    fi->fh = (uintptr_t)d;
    fi->cache_readdir = 0;
    fi->keep_cache = 0;
    fuse_reply_open(req, fi);
}

/* One READDIR request: as many entries from offset as fit in size bytes (names and types, no attributes). */
static void netfs_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi)
{
    (void)ino;
    round_trip(READDIR);
    struct dir_handle *d = (struct dir_handle *)(uintptr_t)fi->fh;
    char *buf = malloc(size);
    if (!buf) {
        fuse_reply_err(req, ENOMEM);
        return;
    }
    if (offset != d->offset) {
        seekdir(d->dir, offset);
        d->entry = NULL;
        d->offset = offset;
    }
    size_t used = 0;
    uint64_t sent = 0;
    for (;;) {
        if (!d->entry) {
            errno = 0;
            d->entry = readdir(d->dir);
            if (!d->entry) {
                if (errno && used == 0) {
                    int err = errno;
                    free(buf);
                    fuse_reply_err(req, err);
                    return;
                }
                break;
            }
        }
        struct stat st;
        memset(&st, 0, sizeof st);
        st.st_ino = d->entry->d_ino;
        st.st_mode = DTTOIF(d->entry->d_type);
        size_t n = fuse_add_direntry(req, buf + used, size - used, d->entry->d_name, &st, d->entry->d_off);
        if (n > size - used)
            break;
        used += n;
        sent++;
        d->offset = d->entry->d_off;
        d->entry = NULL;
    }
    count(READDIR_ENTRIES, sent);
    fuse_reply_buf(req, buf, used);
    free(buf);
}

static void netfs_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    count(RELEASEDIR, 1);
    struct dir_handle *d = (struct dir_handle *)(uintptr_t)fi->fh;
    closedir(d->dir);
    free(d);
    fuse_reply_err(req, 0);
}

static void netfs_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    round_trip(OPEN);
    if ((fi->flags & O_ACCMODE) != O_RDONLY) {
        fuse_reply_err(req, EROFS);
        return;
    }
    int fd = openat(netfs.source_fd, rel(node_of(ino)), O_RDONLY | (fi->flags & O_NONBLOCK));
    if (fd == -1) {
        fuse_reply_err(req, errno);
        return;
    }
    fi->fh = (uint64_t)fd;
    fi->keep_cache = 0;
    fuse_reply_open(req, fi);
}

static void netfs_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t offset, struct fuse_file_info *fi)
{
    (void)ino;
    count(READ, 1);
    struct fuse_bufvec buf = FUSE_BUFVEC_INIT(size);
    buf.buf[0].flags = FUSE_BUF_IS_FD | FUSE_BUF_FD_SEEK;
    buf.buf[0].fd = (int)fi->fh;
    buf.buf[0].pos = offset;
    fuse_reply_data(req, &buf, FUSE_BUF_SPLICE_MOVE);
}

static void netfs_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
    (void)ino;
    count(RELEASE, 1);
    close((int)fi->fh);
    fuse_reply_err(req, 0);
}

static void netfs_statfs(fuse_req_t req, fuse_ino_t ino)
{
    (void)ino;
    round_trip(STATFS);
    struct statvfs st;
    if (fstatvfs(netfs.source_fd, &st) == -1)
        fuse_reply_err(req, errno);
    else
        fuse_reply_statfs(req, &st);
}

static const struct fuse_lowlevel_ops ops = {
    .init = netfs_init,
    .lookup = netfs_lookup,
    .forget = netfs_forget,
    .forget_multi = netfs_forget_multi,
    .getattr = netfs_getattr,
    .readlink = netfs_readlink,
    .opendir = netfs_opendir,
    .readdir = netfs_readdir,
    .releasedir = netfs_releasedir,
    .open = netfs_open,
    .read = netfs_read,
    .release = netfs_release,
    .statfs = netfs_statfs,
};
/* ---- options and main -------------------------------------------------------------------------- */

static const struct fuse_opt netfs_opts[] = {
    { "--delay-us=%ld", offsetof(struct netfs_state, delay_us), 0 },
    { "--stats=%s", offsetof(struct netfs_state, stats), 0 },
    FUSE_OPT_END
};

/* The first argument that is no option is SOURCE; the second, kept for libfuse, the mount point. */
static int netfs_arg(void *data, const char *arg, int key, struct fuse_args *outargs)
{
    (void)data;
    (void)outargs;
    if (key == FUSE_OPT_KEY_NONOPT && !netfs.source) {
        netfs.source = strdup(arg);
        return 0;
    }
    return 1;
}

static void usage(const char *prog)
{
    printf("usage: %s [--delay-us=N] [--stats=FILE] [-o max_threads=N] [-f] SOURCE MOUNTPOINT\n\n"
           "A read-only FUSE passthrough of SOURCE whose metadata calls each take N more microseconds,\n"
           "with no kernel caching; counters go to FILE on SIGUSR1 and at unmount.\n\n", prog);
    fuse_cmdline_help();
    fuse_lowlevel_help();
}

int main(int argc, char *argv[])
{
    /* libfuse's default of 10 server threads would make a parallel client wait in line */
    struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
    fuse_opt_add_arg(&args, argv[0]);
    fuse_opt_add_arg(&args, "-omax_threads=128,ro,fsname=netfs,subtype=netfs");
    for (int i = 1; i < argc; i++)
        fuse_opt_add_arg(&args, argv[i]);
    if (fuse_opt_parse(&args, &netfs, netfs_opts, netfs_arg) == -1)
        return 2;
    struct fuse_cmdline_opts opts;
    if (fuse_parse_cmdline(&args, &opts) != 0)
        return 2;
    if (opts.show_help) {
        usage(argv[0]);
        return 0;
    }
    if (!netfs.source || !opts.mountpoint || netfs.delay_us < 0) {
        fprintf(stderr, "netfs: need SOURCE and MOUNTPOINT, and --delay-us of 0 or more; see %s --help\n", argv[0]);
        return 2;
    }
    if (netfs.stats && netfs.stats[0] != '/') { /* fuse_daemonize moves to / without -f */
        char cwd[PATH_MAX], *path;
        if (!getcwd(cwd, sizeof cwd) || asprintf(&path, "%s/%s", cwd, netfs.stats) < 0) {
            fprintf(stderr, "netfs: cannot make --stats=%s absolute: %s\n", netfs.stats, strerror(errno));
            return 2;
        }
        netfs.stats = path;
    }
    netfs.source_fd = open(netfs.source, O_RDONLY | O_DIRECTORY);
    if (netfs.source_fd == -1) {
        fprintf(stderr, "netfs: cannot open the source directory %s: %s\n", netfs.source, strerror(errno));
        return 2;
    }
    netfs.max_threads = opts.max_threads;
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* the benchmark died: unmount rather than leave a dead mount */
    prctl(PR_SET_TIMERSLACK, 1UL);   /* inherited by the server threads: sleep the delay, not 50 µs more */

    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, NULL); /* inherited too: only the stats thread takes it */

    int ret = 1;
    struct fuse_session *se = fuse_session_new(&args, &ops, sizeof ops, NULL);
    if (!se)
        goto out;
    if (fuse_set_signal_handlers(se) != 0)
        goto destroy;
    if (fuse_session_mount(se, opts.mountpoint) != 0)
        goto remove_handlers;
    fuse_daemonize(opts.foreground);
    pthread_t stats; /* after daemonizing: a fork keeps only the thread that forks */
    pthread_create(&stats, NULL, stats_thread, NULL);
    pthread_detach(stats);
    write_stats("mounted"); /* also tells whoever started us that the mount is there */
    struct fuse_loop_config *config = fuse_loop_cfg_create();
    fuse_loop_cfg_set_clone_fd(config, opts.clone_fd);
    fuse_loop_cfg_set_max_threads(config, opts.max_threads);
    fuse_loop_cfg_set_idle_threads(config, opts.max_threads); /* keep them: no thread start per burst */
    ret = opts.singlethread ? fuse_session_loop(se) : fuse_session_loop_mt(se, config);
    fuse_loop_cfg_destroy(config);
    fuse_session_unmount(se);
    write_stats("unmounted");
remove_handlers:
    fuse_remove_signal_handlers(se);
destroy:
    fuse_session_destroy(se);
out:
    free(opts.mountpoint);
    fuse_opt_free_args(&args);
    return ret ? 1 : 0;
}
