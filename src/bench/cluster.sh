#!/bin/sh
# The cluster part of the benchmark (issue 14 §2): wall time of README's demo (testdata/morph.yaml, the
# 21 jobs of `run e2e` on a fresh demo root) locally and on each scheduler that answers here, with
# morph's default polling, REPS times each; prints one line per executor (median and all times, in s)
# and writes them to OUT (default target/bench/cluster.tsv). The schedulers: .ci/cluster/*-up.sh.
#
#   src/bench/cluster.sh [--no-build] [REPS]
set -eu
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--no-build" ]; then
    shift
else
    mvn -B -q ${BENCH_MAVEN_ARGS:-} package -DskipTests
fi
reps=${1:-3}
out=${OUT:-target/bench/cluster.tsv}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
printf 'executor\tmedian_s\ttimes_s\n' > "$out"
for executor in local slurm sge; do
    case $executor in
        slurm) sinfo -h >/dev/null 2>&1 || { echo "$executor: not answering, skipped"; continue; } ;;
        sge) SGE_ROOT=${SGE_ROOT:-/var/lib/gridengine} SGE_CELL=${SGE_CELL:-default} qstat >/dev/null 2>&1 \
                 || { echo "$executor: not answering, skipped"; continue; } ;;
    esac
    times=""
    i=0
    while [ $i -lt "$reps" ]; do
        i=$((i + 1))
        root=$work/$executor-$i
        sh testdata/make-demo-root.sh "$root" >/dev/null
        start=$(date +%s.%N)
        target/morph -p testdata/morph.yaml -r "$root" run e2e --executor "$executor" >"$work/out" 2>&1 \
            || { echo "$executor: the demo failed:"; cat "$work/out"; exit 1; }
        times="$times $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
    done
    median=$(printf '%s\n' $times | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    printf '%s\t%s\t%s\n' "$executor" "$median" "$(echo $times | tr ' ' ',')" >> "$out"
    echo "$executor: demo in ${median}s (median of $reps:$times)"
done
