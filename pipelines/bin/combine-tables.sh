#!/bin/sh
# Combine per-experiment CSV tables into one cohort table, as pandas.concat does: the columns are the
# union of the tables' columns in the order first met, the rows are every table's rows in argument
# order, and a table without a column gets empty values there. Used by the cohort steps of
# pipelines/morphseq-cohort.yaml; POSIX sh + awk only (dash, bash, busybox; mawk, gawk, BWK awk).
#
#   sh bin/combine-tables.sh OUT_CSV [TABLE_CSV ...]
#
# Tables are RFC 4180 CSV with a header line: fields may be quoted ("a,b", "say ""hi"""), quoted fields
# may span lines, CRLF line ends are read as LF. A value is written quoted when it holds a comma, a quote
# or a line break. Errors (exit 1, nothing written): a missing or empty table, a duplicate column name,
# a row with another number of fields than its header, an unterminated quote. With no tables OUT_CSV is
# an empty file. OUT_CSV is written to a temporary file beside it and renamed, so it is never half written.
set -eu

prog=combine-tables
usage() {
    echo "usage: sh bin/combine-tables.sh OUT_CSV [TABLE_CSV ...]" >&2
    exit 2
}
die() {
    printf '%s: error: %s\n' "$prog" "$*" >&2
    exit 1
}

[ $# -ge 1 ] || usage
out=$1
shift
[ -n "$out" ] || usage
[ ! -d "$out" ] || die "output path is a directory: $out"
for f in "$@"; do
    [ -f "$f" ] || die "missing table: $f"
    [ -r "$f" ] || die "table not readable: $f"
    [ -s "$f" ] || die "$f: empty file, expected a header line"
done

dir=$(dirname "$out")
mkdir -p "$dir"
tmp=$dir/.tmp.$$.${out##*/}
trap 'rm -f "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# paths reach awk through ARGV and ENVIRON, never -v (which would mangle backslashes)
OUT_TMP=$tmp PROG=$prog awk '
BEGIN {
    out = ENVIRON["OUT_TMP"]
    printf "" > out
    ncols = 0
    # pass 1: every header, for the union of the columns
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        if (!next_record(file)) fail(file ": empty file, expected a header line")
        nh[a] = parse(REC, h)
        for (j = 1; j <= nh[a]; j++) {
            if ((a, h[j]) in seen) fail(file ": column \"" h[j] "\" appears twice in the header")
            seen[a, h[j]] = 1
            if (!(h[j] in col)) { col[h[j]] = ++ncols; name[ncols] = h[j] }
            at[a, j] = col[h[j]]
        }
        close(file)
    }
    if (ARGC > 1) {
        line = ""
        for (c = 1; c <= ncols; c++) line = line (c > 1 ? "," : "") quote(name[c])
        print line > out
    }
    # pass 2: the rows, each value under its column
    rows = 0
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        next_record(file)
        n = 1
        while (next_record(file)) {
            n++
            if (REC == "") continue
            nf = parse(REC, f)
            if (nf != nh[a]) fail(file ": record " n " has " nf " fields, its header " nh[a])
            split("", row)
            for (j = 1; j <= nf; j++) row[at[a, j]] = f[j]
            line = ""
            for (c = 1; c <= ncols; c++) line = line (c > 1 ? "," : "") quote((c in row) ? row[c] : "")
            print line > out
            rows++
        }
        close(file)
    }
    close(out)
    printf "%s: %d rows, %d columns from %d tables\n", ENVIRON["PROG"], rows, ncols, ARGC - 1
    exit 0
}
function fail(msg) {
    printf "%s: error: %s\n", ENVIRON["PROG"], msg | "cat 1>&2"
    close("cat 1>&2")
    exit 1
}
# next_record(file): the next CSV record into REC (lines joined while a quote is open); 0 at the end
function next_record(file,    line, r, quotes, t) {
    REC = ""
    quotes = 0
    while ((r = (getline line < file)) > 0) {
        sub(/\r$/, "", line)
        REC = (quotes % 2) ? REC "\n" line : line
        t = line
        quotes += gsub(/"/, "", t)
        if (quotes % 2 == 0) return 1
    }
    if (r < 0) fail("cannot read " file)
    if (quotes % 2) fail(file ": a quoted field is not closed at the end of the file")
    return 0
}
# parse(rec, out): the fields of one record, unquoted, into out[1..n]; returns n
function parse(rec, out,    n, i, len, c, v, inq) {
    split("", out)
    if (index(rec, "\"") == 0) return split(rec, out, ",")
    n = 0; v = ""; inq = 0; len = length(rec)
    for (i = 1; i <= len; i++) {
        c = substr(rec, i, 1)
        if (inq) {
            if (c == "\"") {
                if (substr(rec, i + 1, 1) == "\"") { v = v "\""; i++ }
                else inq = 0
            } else v = v c
        } else if (c == "\"") inq = 1
        else if (c == ",") { out[++n] = v; v = "" }
        else v = v c
    }
    out[++n] = v
    return n
}
function quote(v) {
    if (v !~ /[",\n\r]/) return v
    gsub(/"/, "\"\"", v)
    return "\"" v "\""
}
' "$@"
mv -f "$tmp" "$out"
