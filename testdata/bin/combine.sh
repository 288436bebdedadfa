#!/bin/sh
# build03_combine (demo, df01): concatenate every experiment's build03 csv into the cohort file.
#
#   sh bin/combine.sh DF01_CSV DELAY [EMBRYOS_CSV ...]
#
# The build03 csvs (zero or more, as morph passes them) must all have the build03 header; df01 gets that
# header once and their rows in argument order. With no inputs df01 is just the header.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 2 -1 "DF01_CSV DELAY [EMBRYOS_CSV ...]" $#

out=$1
do_delay "$2"
shift 2
for f in "$@"; do
    need_file "$f"
done

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    out = ENVIRON["OUT_TMP"]; header = ENVIRON["EMBRYO_HEADER"]
    nh = split(header, col, ",")
    print header > out
    rows = 0
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        csv_open(file, header)
        while (1) {
            line = csv_line(file)
            if (CSV_EOF) break
            if (split(line, f, ",") != nh) fail(file ": expected " nh " fields: " line)
            print line > out
            rows++
        }
    }
    close(out)
    print rows, ARGC - 1
    exit 0
}
' "$@" > "$SUMMARY"

publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
echo "combine: df01: $1 embryos from $2 experiments"
