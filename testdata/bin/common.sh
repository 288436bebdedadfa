# Shared helpers of the demo programs (sourced by each bin/<step>.sh, not a step itself).
# POSIX sh + awk only: runs with dash, bash, busybox sh, macOS sh; mawk, gawk, BWK (macOS) awk.
#
# Conventions every program follows:
#   - argv exactly as in testdata/morph.yaml; `{params.delay}` seconds of sleep first (0 = none);
#   - every output file is written as DIR/.tmp.<pid>.<name> and then mv'ed to DIR/<name>, so a killed
#     program never leaves a complete-looking half file (the temp files are removed on exit);
#   - a directory output is emptied of a previous run's files before it is written (only that directory);
#   - errors go to stderr as "<prog>: error: ..." with exit status 1 (2 for a usage error);
#   - one line on stdout says what was done. Contents are deterministic: no timestamps, no randomness.

PROG=${0##*/}
PROG=${PROG%.sh}
export PROG
TMPTAG=".tmp.$$."
export TMPTAG

die() {
    printf '%s: error: %s\n' "$PROG" "$*" >&2
    exit 1
}

# usage N_MIN N_MAX "ARGS..." ACTUAL_COUNT (N_MAX -1 = unbounded)
check_argc() {
    if [ "$4" -lt "$1" ] || { [ "$2" -ge 0 ] && [ "$4" -gt "$2" ]; }; then
        printf 'usage: sh bin/%s.sh %s\n' "$PROG" "$3" >&2
        exit 2
    fi
}

# do_delay SECONDS: sleep that long unless it is zero
do_delay() {
    case $1 in
        '' | *[!0-9.]* | *.*.* | .) die "delay must be a number of seconds, got '$1'" ;;
    esac
    case $1 in
        *[1-9]*) spawn sleep "$1" ;;
    esac
}

# strip_slash PATH: PATH without trailing slashes ("/" stays "/")
strip_slash() {
    _p=$1
    while :; do
        case $_p in
            / | '' | *[!/]) break ;;
            */) _p=${_p%/} ;;
        esac
    done
    printf '%s\n' "$_p"
}

need_file() {
    [ -e "$1" ] || die "missing input file: $1"
    [ -f "$1" ] || die "input is not a regular file: $1"
    [ -r "$1" ] || die "input file not readable: $1"
}

need_dir() {
    [ -e "$1" ] || die "missing input directory: $1"
    [ -d "$1" ] || die "input is not a directory: $1"
}

# Temp files are removed on any exit. A signal (HUP, INT, TERM) ends the running child too, then exits
# with 128+signal, which runs the EXIT trap: that is why the work runs as a waited-for child (spawn).
_tmpdirs=
_child=
cleanup() {
    _ifs=$IFS
    IFS='
'
    set -f
    for _d in $_tmpdirs; do
        set +f
        rm -f "$_d"/.tmp.$$.*
        set -f
    done
    set +f
    IFS=$_ifs
    [ -z "$SUMMARY" ] || rm -f "$SUMMARY"
}
on_signal() {
    if [ -n "$_child" ]; then
        kill "$_child" 2>/dev/null || :
        wait "$_child" 2>/dev/null || :
    fi
    exit "$1"
}
SUMMARY=
trap cleanup EXIT
trap 'on_signal 129' HUP
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
# the stdout of a program's awk work (counts for its one-line report)
SUMMARY=$(mktemp "${TMPDIR:-/tmp}/morph-demo.XXXXXX") || die "cannot create a temp file"

# spawn CMD...: run CMD as a child and wait for it (so that a signal is handled at once); its status
spawn() {
    "$@" &
    _child=$!
    _rc=0
    wait "$_child" || _rc=$?
    _child=
    return "$_rc"
}

# register_tmpdir DIR: DIR will receive temp files (DIR/.tmp.<pid>.*), removed on exit
register_tmpdir() {
    _tmpdirs="$_tmpdirs$1
"
}

# prepare_outdir DIR: create DIR, or empty it of a previous run's files (nothing outside DIR is touched)
prepare_outdir() {
    case $1 in
        '' | / | . | ..) die "refusing to use '$1' as an output directory" ;;
    esac
    if [ -e "$1" ] && [ ! -d "$1" ]; then
        die "output directory path exists and is not a directory: $1"
    fi
    mkdir -p "$1"
    find "$1/." ! -name . -prune -exec rm -rf {} +
    register_tmpdir "$1"
}

# prepare_outfile FILE: create FILE's directory and set OUT_TMP to the temp path to write, which
# publish_file then moves to FILE. (Not to be called in $(...): the temp file must be cleaned up by this shell.)
prepare_outfile() {
    if [ -d "$1" ]; then die "output file path is a directory: $1"; fi
    _dir=$(dirname "$1")
    mkdir -p "$_dir"
    register_tmpdir "$_dir"
    OUT_TMP=$_dir/$TMPTAG${1##*/}
}

# publish_file TMP FILE
publish_file() {
    mv -f "$1" "$2"
}

# publish_dir DIR: move every DIR/.tmp.<pid>.NAME to DIR/NAME
publish_dir() {
    for _f in "$1"/.tmp.$$.*; do
        [ -f "$_f" ] || continue
        mv -f "$_f" "$1/${_f##*/.tmp."$$".}"
    done
}

# count_files DIR PATTERN: number of regular files in DIR (not below) whose name matches PATTERN
count_files() {
    _n=0
    for _f in "$1"/$2; do
        [ -f "$_f" ] && _n=$((_n + 1))
    done
    printf '%s\n' "$_n"
}

# Header of a build03 csv (expr_embryo_metadata_{exp}.csv) and so of df01.
EMBRYO_HEADER=snip_id,exp,well,time,embryo_id,genotype,treatment,temperature,area,centroid_x,centroid_y,yolk_frac,dead_frac,focus_frac,frame_flag,dead_flag,bubble_flag,focus_flag,no_yolk_flag,use_embryo_flag
export EMBRYO_HEADER
# Header of a build04 table (qc_staged_{exp}.csv: stage, perturbation, surface-area and length columns
# added, use_embryo_flag updated) and so of df02; a build06 table (and df03) adds z0,z1,z2,z3 to it.
DF02_HEADER=$EMBRYO_HEADER,predicted_stage_hpf,short_pert_name,pert_type,control_flag,sa_outlier_flag,total_length_px
export DF02_HEADER
DF03_HEADER=$DF02_HEADER,z0,z1,z2,z3
export DF03_HEADER
# Header of a latents csv (morph_latents_{exp}.csv)
LATENTS_HEADER=snip_id,z0,z1,z2,z3
export LATENTS_HEADER

# awk functions shared by the programs; use as: awk "$AWK_LIB"'BEGIN { ... }'
# (no single quotes inside). Paths reach awk through ENVIRON or ARGV, never -v (which mangles '\').
AWK_LIB='
# fail(msg): report and exit 1 (a program with an END rule must begin it with: if (FAILED) exit 1)
function fail(msg) {
    printf "%s: error: %s\n", ENVIRON["PROG"], msg | "cat 1>&2"
    close("cat 1>&2")
    FAILED = 1
    exit 1
}
function basename(p) { sub(/\/+$/, "", p); sub(/.*\//, "", p); return p }
function isint(s) { return s ~ /^[0-9]+$/ }
function isnum(s) { return s ~ /^-?[0-9]+(\.[0-9]+)?$/ }
# csv_line(file): next data line of a simple csv (no quoting), without CR; "" at end. Sets CSV_EOF.
function csv_line(file,    line, r) {
    while ((r = (getline line < file)) > 0) {
        sub(/\r$/, "", line)
        if (line ~ /"/) fail(file ": quoted csv fields are not supported: " line)
        if (line != "") return line
    }
    if (r < 0) fail("cannot read " file)
    CSV_EOF = 1
    close(file)
    return ""
}
# csv_open(file, expected_header): reads and checks the header line
function csv_open(file, header,    h) {
    CSV_EOF = 0
    h = csv_line(file)
    if (CSV_EOF) fail(file ": empty file, expected header " header)
    if (h != header) fail(file ": unexpected header \"" h "\", expected \"" header "\"")
}
# pgm_read(file, px): reads an ASCII PGM (P2) into px[0..w*h-1] scaled to 0..255; sets PGM_W, PGM_H
function pgm_read(file, px,    tok, ntok, w, h, maxv, k, v) {
    split("", px)
    ntok = read_words(file, tok)
    if (ntok < 4 || tok[1] != "P2") fail(file ": not an ASCII PGM (P2) image")
    if (!isint(tok[2]) || !isint(tok[3]) || !isint(tok[4])) fail(file ": bad PGM header")
    w = tok[2] + 0; h = tok[3] + 0; maxv = tok[4] + 0
    if (w < 1 || h < 1 || maxv < 1 || maxv > 65535) fail(file ": bad PGM size or maxval")
    if (ntok != 4 + w * h) fail(file ": expected " (w * h) " pixels, found " (ntok - 4))
    for (k = 0; k < w * h; k++) {
        v = tok[5 + k]
        if (!isint(v) || v + 0 > maxv) fail(file ": bad pixel value \"" v "\"")
        px[k] = (maxv == 255) ? v + 0 : int(v * 255 / maxv + 0.5)
    }
    PGM_W = w; PGM_H = h
}
# pgm_write(file, px, w, h): writes px as an ASCII PGM with maxval 255, one image row per line
function pgm_write(file, px, w, h,    x, y, line) {
    printf "P2\n%d %d\n255\n", w, h > file
    for (y = 0; y < h; y++) {
        line = ""
        for (x = 0; x < w; x++) line = line (x ? " " : "") px[y * w + x]
        print line > file
    }
    close(file)
}
# is_embryo(p): what the segmentation models call embryo tissue (bubbles, brighter than 240, are not)
function is_embryo(p) { return p > 60 && p <= 240 }
# label_cc(px, w, h, lab, minarea): 4-connected components of embryo pixels (is_embryo, or for a
# binary mask px>0 when BINARY is set); components smaller than minarea are dropped; ids 1..n in
# raster order of their first pixel. Fills lab[k] (0 = background), CC_AREA[id], CC_CX[id], CC_CY[id]
# and the bounding box CC_X0[id], CC_Y0[id], CC_X1[id], CC_Y1[id] (inclusive).
function label_cc(px, w, h, lab, minarea, binary,    k, j, x, y, id, n, sp, stack, area, sx, sy, keep, newid, i) {
    split("", CC_AREA); split("", CC_CX); split("", CC_CY)
    split("", CC_X0); split("", CC_Y0); split("", CC_X1); split("", CC_Y1)
    for (k = 0; k < w * h; k++) lab[k] = 0
    id = 0
    for (k = 0; k < w * h; k++) {
        if (lab[k] || !(binary ? px[k] > 0 : is_embryo(px[k]))) continue
        id++; sp = 0; stack[++sp] = k; lab[k] = id
        area[id] = 0; sx[id] = 0; sy[id] = 0
        while (sp > 0) {
            j = stack[sp--]; x = j % w; y = int(j / w)
            area[id]++; sx[id] += x; sy[id] += y
            if (x > 0 && !lab[j - 1] && (binary ? px[j - 1] > 0 : is_embryo(px[j - 1]))) { lab[j - 1] = id; stack[++sp] = j - 1 }
            if (x < w - 1 && !lab[j + 1] && (binary ? px[j + 1] > 0 : is_embryo(px[j + 1]))) { lab[j + 1] = id; stack[++sp] = j + 1 }
            if (y > 0 && !lab[j - w] && (binary ? px[j - w] > 0 : is_embryo(px[j - w]))) { lab[j - w] = id; stack[++sp] = j - w }
            if (y < h - 1 && !lab[j + w] && (binary ? px[j + w] > 0 : is_embryo(px[j + w]))) { lab[j + w] = id; stack[++sp] = j + w }
        }
    }
    n = 0
    for (i = 1; i <= id; i++) {
        if (area[i] >= minarea) {
            newid[i] = ++n
            CC_AREA[n] = area[i]; CC_CX[n] = sx[i] / area[i]; CC_CY[n] = sy[i] / area[i]
        } else newid[i] = 0
    }
    for (k = 0; k < w * h; k++) {
        if (!lab[k]) continue
        lab[k] = i = newid[lab[k]]
        if (!i) continue
        x = k % w; y = int(k / w)
        if (!(i in CC_X0) || x < CC_X0[i]) CC_X0[i] = x
        if (!(i in CC_X1) || x > CC_X1[i]) CC_X1[i] = x
        if (!(i in CC_Y0) || y < CC_Y0[i]) CC_Y0[i] = y
        if (!(i in CC_Y1) || y > CC_Y1[i]) CC_Y1[i] = y
    }
    return n
}
# label_boxes(lab, w, h): bounding boxes of the labels of a label image (pixel = label, 0 = none) into
# BOX_X0[id], BOX_Y0[id], BOX_X1[id], BOX_Y1[id] (inclusive) and their pixel counts into BOX_N[id]
function label_boxes(lab, w, h,    k, i, x, y) {
    split("", BOX_X0); split("", BOX_Y0); split("", BOX_X1); split("", BOX_Y1); split("", BOX_N)
    for (k = 0; k < w * h; k++) {
        i = lab[k]
        if (!i) continue
        x = k % w; y = int(k / w)
        if (!(i in BOX_N)) { BOX_X0[i] = BOX_X1[i] = x; BOX_Y0[i] = BOX_Y1[i] = y; BOX_N[i] = 0 }
        BOX_N[i]++
        if (x < BOX_X0[i]) BOX_X0[i] = x
        if (x > BOX_X1[i]) BOX_X1[i] = x
        if (y < BOX_Y0[i]) BOX_Y0[i] = y
        if (y > BOX_Y1[i]) BOX_Y1[i] = y
    }
}
# read_words(file, words): the whitespace-separated words of a small text file, comments (#...) removed,
# into words[1..n]; returns n
function read_words(file, words,    line, r, n, t, i, m) {
    split("", words)
    n = 0
    while ((r = (getline line < file)) > 0) {
        sub(/#.*/, "", line)
        gsub(/[\r\t]/, " ", line)
        m = split(line, t, " ")
        for (i = 1; i <= m; i++) words[++n] = t[i]
    }
    close(file)
    if (r < 0) fail("cannot read " file)
    return n
}
# hash(s): polynomial string hash modulo a prime (printable ASCII; ORD is filled on first use)
function hash(s,    h, i, ch) {
    if (!("A" in ORD)) for (i = 32; i < 127; i++) ORD[sprintf("%c", i)] = i
    h = 0
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1)
        h = (h * 131 + ((ch in ORD) ? ORD[ch] : 1)) % 1000003
    }
    return h
}
'
