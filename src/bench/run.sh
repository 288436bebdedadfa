#!/bin/sh
# The morph performance benchmark (issue 5): builds morph, then times it against the find stat floor,
# ninja, make and snakemake on generated MorphSeq-shaped data roots, and writes the results.
#
#   src/bench/run.sh                                   # the full run: 100x100 and 1000x100, 5 reps
#   src/bench/run.sh --quick                           # a smoke run in about a minute
#   src/bench/run.sh --sizes 100x100,1000x100 --reps 5 --out target/bench
#   src/bench/run.sh --no-build --help                 # every option; --no-build reuses target/
#   src/bench/run.sh --netfs 500                       # the dry runs through a file system with 500 µs per metadata call
#
# Run it from anywhere: it works in the repository's top directory, so relative paths in options are
# relative to that. Needs a JDK 17+, Maven, GNU find and GNU make; ninja (ninja-build) and snakemake are
# timed when installed. Generated roots are kept under OUT/roots and reused while their parameters match.
# BENCH_MAVEN_ARGS (e.g. -o) is passed to Maven, BENCH_JAVA_OPTS replaces the benchmark JVM's -Xmx4g.
#
# With --netfs it also builds the latency file system, target/bench-netfs, from src/bench/netfs/ with gcc
# and libfuse 3, installing Debian's fuse3 and libfuse3-dev (and gcc, pkg-config) with apt-get when they are
# missing; mounting needs root (or a user allowed to use /dev/fuse). Its mount is removed on exit, on an
# error and on Ctrl-C; after a kill -9 of the benchmark, fusermount3 -u -z target/bench/netfs/mnt.
set -eu
cd "$(dirname "$0")/../.."

build=yes
if [ "${1:-}" = "--no-build" ]; then
    build=no
    shift
fi

mvn="mvn -B -q ${BENCH_MAVEN_ARGS:-}"
if [ "$build" = yes ]; then
    # -DskipTests still compiles the test classes, where the benchmark lives
    $mvn package -DskipTests
fi
netfs=no
for arg in "$@"; do
    case "$arg" in
        --netfs|--netfs=*) netfs=yes ;;
    esac
done
if [ "$netfs" = yes ]; then
    if ! command -v fusermount3 >/dev/null || ! command -v gcc >/dev/null || ! command -v pkg-config >/dev/null \
            || ! pkg-config --exists fuse3; then
        echo "run.sh: installing fuse3, libfuse3-dev, gcc and pkg-config for the latency file system" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fuse3 libfuse3-dev gcc pkg-config >/dev/null
    fi
    if [ ! -x target/bench-netfs ] || [ -n "$(find src/bench/netfs -newer target/bench-netfs)" ]; then
        mkdir -p target
        # shellcheck disable=SC2046 # pkg-config's flags are separate words
        gcc -O2 -Wall -Wextra -o target/bench-netfs src/bench/netfs/*.c $(pkg-config --cflags --libs fuse3)
    fi
fi
cpfile=target/bench-classpath.txt
if [ "$build" = yes ] || [ ! -s "$cpfile" ]; then
    $mvn dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
fi
# the benchmark JVM needs room for the planner-only roots on Jimfs; morph itself gets -Xmx256m
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "target/test-classes:target/morph.jar:$(cat "$cpfile")" dev.morph.bench.Benchmark "$@"
