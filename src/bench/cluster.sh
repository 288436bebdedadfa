#!/bin/sh
# The cluster part of the benchmark (issue 14 §2): wall time of two runs, locally and on each scheduler
# that answers here (.ci/cluster/*-up.sh brings them up), with morph's default polling and submission
# limits, REPS times each on a fresh data root:
#   demo       README's demo (testdata/morph.yaml): the 21 jobs of `run e2e`, 7 dependency levels
#   generated  a MorphSeq-shaped pipeline written here: EXPERIMENTS experiments, each a chain of STEPS
#              per-experiment steps (s1 -> s2 -> ... ), and one global step reading every experiment's
#              last output (a fan-in, like the cohort tables): EXPERIMENTS x STEPS + 1 jobs, STEPS + 1
#              dependency levels, each command a quick `echo`/`cat`
# After each run it checks that the run record has exactly the expected number of jobs, all succeeded,
# and that the fan-in's output has one line per experiment; a failed or short run stops the benchmark.
# Prints one line per run, executor and build and writes them to OUT (default target/bench/cluster.tsv):
# the job count checked, median and every time (s); for cluster runs, from each job's EXP.submit
# (write-ahead intent, then job ID), the mean seconds one sbatch/qsub took to answer and the seconds
# until every job was in the queue (medians); and the 1-minute load average at the end of each run.
#
# To measure a change, give the build before it as --baseline: each rep then times both builds on the
# same kind of fresh root, one right after the other, in alternating order, so that a change in the
# machine's load (other users, other jobs) weighs on both alike.
#
#   src/bench/cluster.sh [OPTIONS] [REPS]              REPS: runs per executor (default 3)
#
#   --no-build            time the target/morph already built here (default: build it first with Maven)
#   --morph LAUNCHER      time this morph launcher instead of this checkout's target/morph; builds nothing
#   --baseline LAUNCHER   also time this one (another checkout's target/morph, e.g. a worktree at the
#                         commit before a change), interleaved with the first as said above
#   --only demo|generated time only one of the two runs (default: both)
#   --executors LIST      comma-separated, of local, slurm, sge (default: all three)
#   --experiments N       the generated run's experiments (default 40)
#   --steps K             the generated run's per-experiment chain length (default 5; 40 x 5 + 1 = 201 jobs)
#
# BENCH_MAVEN_ARGS (e.g. -o) is passed to Maven; OUT names the result file. Jobs go to the default
# partition / queue; on a busy cluster the times include other users' jobs ahead of these.
set -eu
cd "$(dirname "$0")/../.."

usage() {
    sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'
}
die() {
    echo "cluster.sh: $*" >&2
    exit 2
}
positive() {
    case $2 in
        '' | *[!0-9]* | 0*) die "$1 must be a positive whole number, got '$2'" ;;
    esac
}

build=yes
morph=target/morph
runs="demo generated"
executors="local slurm sge"
experiments=40
steps=5
reps=3
baseline=""
while [ $# -gt 0 ]; do
    case $1 in
        --no-build) build=no ;;
        --morph) [ $# -ge 2 ] || die "--morph needs a launcher"; morph=$2; build=no; shift ;;
        --baseline) [ $# -ge 2 ] || die "--baseline needs a launcher"; baseline=$2; shift ;;
        --only)
            [ $# -ge 2 ] || die "--only needs demo or generated"
            case $2 in demo | generated) runs=$2 ;; *) die "--only takes demo or generated, got '$2'" ;; esac
            shift ;;
        --executors)
            [ $# -ge 2 ] || die "--executors needs a list"
            executors=$(echo "$2" | tr ',' ' ')
            for e in $executors; do
                case $e in local | slurm | sge) ;; *) die "unknown executor '$e' in --executors (local, slurm, sge)" ;; esac
            done
            shift ;;
        --experiments) [ $# -ge 2 ] || die "--experiments needs a number"; positive --experiments "$2"; experiments=$2; shift ;;
        --steps) [ $# -ge 2 ] || die "--steps needs a number"; positive --steps "$2"; steps=$2; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) die "unknown option '$1' (see --help)" ;;
        *) positive REPS "$1"; reps=$1 ;;
    esac
    shift
done
case $morph in /*) ;; *) morph=$(pwd)/$morph ;; esac
case $baseline in /* | '') ;; *) baseline=$(pwd)/$baseline ;; esac

if [ "$build" = yes ]; then
    mvn -B -q ${BENCH_MAVEN_ARGS:-} package -DskipTests
fi
[ -x "$morph" ] || die "no morph launcher at $morph (build it, or give --morph)"
[ -z "$baseline" ] || [ -x "$baseline" ] || die "no morph launcher at $baseline (--baseline)"
export SGE_ROOT=${SGE_ROOT:-/var/lib/gridengine} SGE_CELL=${SGE_CELL:-default}
out=${OUT:-target/bench/cluster.tsv}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The generated pipeline: s1 reads raw/{exp}/, each later step the one before, `cohort` every s$steps.
generated=$work/generated.yaml
{
    echo "name: cluster-bench-generated"
    echo "experiments:"
    echo "  pattern: raw/{exp}/"
    echo "steps:"
    k=1
    while [ $k -le "$steps" ]; do
        echo "  s$k:"
        echo "    scope: experiment"
        if [ $k -eq 1 ]; then
            echo "    inputs:"
            echo "      raw: raw/{exp}/"
            echo "    outputs:"
            echo "      out: s1/{exp}.txt"
            echo "    command: echo {exp} > {outputs.out}"
        else
            echo "    inputs:"
            echo "      in: {from: s$((k - 1)).out}"
            echo "    outputs:"
            echo "      out: s$k/{exp}.txt"
            echo "    command: cat {inputs.in} > {outputs.out}"
        fi
        k=$((k + 1))
    done
    echo "  cohort:"
    echo "    scope: global"
    echo "    inputs:"
    echo "      in: {from: s$steps.out}"
    echo "    outputs:"
    echo "      out: cohort.txt"
    echo "    command: cat {inputs.in} > {outputs.out}"
} > "$generated"

# make_root RUN DIR: a fresh data root for RUN
make_root() {
    case $1 in
        demo) sh testdata/make-demo-root.sh "$2" >/dev/null ;;
        generated)
            n=1
            while [ $n -le "$experiments" ]; do
                mkdir -p "$2/raw/exp$(printf '%04d' $n)"
                echo "raw $n" > "$2/raw/exp$(printf '%04d' $n)/image.txt"
                n=$((n + 1))
            done ;;
    esac
}

# check RUN ROOT RUN_ID EXPECTED: the run record holds EXPECTED jobs, all succeeded; prints the count
check() {
    state=$2/.morph/runs/$3/state.json
    [ -f "$state" ] || { echo "no run record at $state" >&2; return 1; }
    total=$(jq '.jobs | length' "$state")
    succeeded=$(jq '[.jobs[] | select(.status == "succeeded")] | length' "$state")
    if [ "$total" -ne "$4" ] || [ "$succeeded" -ne "$4" ]; then
        echo "expected $4 jobs, all succeeded; the record has $total, $succeeded succeeded" >&2
        return 1
    fi
    if [ "$1" = generated ] && [ "$(wc -l < "$2/cohort.txt")" -ne "$experiments" ]; then
        echo "cohort.txt has $(wc -l < "$2/cohort.txt") lines, expected $experiments" >&2
        return 1
    fi
    echo "$total"
}

# submissions ROOT RUN_ID: "WAIT SPAN" over the run's EXP.submit files (write-ahead intent, then the job
# ID): the mean seconds from intent to ID (one sbatch/qsub answering), and the seconds from the first
# intent to the last ID (how long until every job was in the queue)
submissions() {
    for f in "$1"/.morph/runs/"$2"/jobs/*/*.submit "$1"/.morph/runs/"$2"/jobs/*.submit; do
        [ -f "$f" ] || continue
        printf '%s %s\n' "$(date -d "$(jq -r .intended_at "$f")" +%s.%N)" "$(stat -c %.6Y "$f")"
    done | awk 'NR == 1 { first = $1; last = $2 }
                { s += $2 - $1; n++; if ($1 < first) first = $1; if ($2 > last) last = $2 }
                END { if (n) printf "%.3f %.1f", s / n, last - first; else printf "- -" }'
}

# median LIST: the middle value of a comma-separated list ("-" when the values are)
median() {
    echo "$1" | tr ',' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# one RUN EXECUTOR BUILD LAUNCHER I: one timed run on a fresh root; prints "JOBS SECONDS WAIT SPAN LOAD"
one() {
    root=$work/$1-$2-$3-$5
    id=bench-$1-$2-$3-$5
    make_root "$1" "$root"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # an empty target is no argument: the whole pipeline
    "$4" -p "$pipeline" -r "$root" run $target --executor "$2" --run-id "$id" >"$work/out" 2>&1 \
        || { echo "$1 on $2 ($3) failed:" >&2; cat "$work/out" >&2; return 1; }
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    load=$(cut -d' ' -f1 /proc/loadavg)
    jobs=$(check "$1" "$root" "$id" "$expected") || { echo "$1 on $2 ($3): wrong result" >&2; cat "$work/out" >&2; return 1; }
    subs="- -"
    [ "$2" = local ] || subs=$(submissions "$root" "$id")
    rm -rf "$root"
    echo "$jobs $seconds $subs $load"
}

# column BUILD FIELD: the FIELDth value of BUILD's runs in $work/results, comma-separated, in run order
column() {
    awk -v b="$1" -v f="$2" '$1 == b { printf "%s%s", (n++ ? "," : ""), $f }' "$work/results"
}

printf 'run\texecutor\tbuild\tjobs\tmedian_s\ttimes_s\tsubmit_wait_s\tsubmit_span_s\tload_1min\n' > "$out"
builds=morph
[ -z "$baseline" ] || builds="baseline morph"
for run in $runs; do
    case $run in
        demo) pipeline=testdata/morph.yaml; target=e2e; expected=21 ;;
        generated) pipeline=$generated; target=""; expected=$((experiments * steps + 1)) ;;
    esac
    for executor in $executors; do
        case $executor in
            slurm) sinfo -h >/dev/null 2>&1 || { echo "$executor: not answering, skipped"; continue; } ;;
            sge) qstat >/dev/null 2>&1 || { echo "$executor: not answering, skipped"; continue; } ;;
        esac
        : > "$work/results"
        i=0
        while [ $i -lt "$reps" ]; do
            i=$((i + 1))
            # with a baseline, alternate which goes first, so that a change in the machine's load between
            # the two runs of a rep does not always favour the same build
            order=$builds
            [ -z "$baseline" ] || [ $((i % 2)) -eq 1 ] || order="morph baseline"
            for build in $order; do
                launcher=$morph
                [ "$build" = morph ] || launcher=$baseline
                result=$(one "$run" "$executor" "$build" "$launcher" "$i") || exit 1
                echo "$build $result" >> "$work/results"
            done
        done
        for build in $builds; do
            times=$(column "$build" 3)
            waits=$(column "$build" 4)
            spans=$(column "$build" 5)
            median_s=$(median "$times")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$executor" "$build" "$(column "$build" 2 | cut -d, -f1)" \
                "$median_s" "$times" "$(median "$waits")" "$(median "$spans")" "$(column "$build" 6)" >> "$out"
            echo "$run on $executor, $build: $(column "$build" 2 | cut -d, -f1) jobs in ${median_s}s (median of $reps: $times);" \
                "submit wait $(median "$waits")s per job, all queued after $(median "$spans")s; load average $(column "$build" 6)"
        done
    done
done
