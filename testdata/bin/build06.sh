#!/bin/sh
# build06 (demo, df03): join the cohort table with the latent vectors.
#
#   sh bin/build06.sh DF02_CSV DF03_CSV DELAY [LATENTS_CSV ...]
#
# Reads every latents csv (snip_id,z0,z1,z2,z3; zero or more files, as morph passes them; a snip_id in two
# files is an error) and writes DF03_CSV: df02's rows in order + z0,z1,z2,z3, empty where an embryo has
# no latents (e.g. it failed QC, or its experiment was not embedded). Latents of snip_ids that are not in
# df02 are ignored.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 3 -1 "DF02_CSV DF03_CSV DELAY [LATENTS_CSV ...]" $#

df02=$1 out=$2
do_delay "$3"
shift 3
need_file "$df02"
for f in "$@"; do
    need_file "$f"
done

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "DF02=$df02" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    df02 = ENVIRON["DF02"]; out = ENVIRON["OUT_TMP"]
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        csv_open(file, "snip_id,z0,z1,z2,z3")
        while (1) {
            line = csv_line(file)
            if (CSV_EOF) break
            if (split(line, f, ",") != 5) fail(file ": expected 5 fields: " line)
            if (f[1] in z) fail("snip_id " f[1] " has latents in two files (" from[f[1]] ", " file ")")
            z[f[1]] = f[2] "," f[3] "," f[4] "," f[5]; from[f[1]] = file
        }
    }
    header = ENVIRON["DF02_HEADER"]
    nh = split(header, col, ",")
    csv_open(df02, header)
    print header ",z0,z1,z2,z3" > out
    rows = 0; with = 0
    while (1) {
        line = csv_line(df02)
        if (CSV_EOF) break
        if (split(line, f, ",") != nh) fail(df02 ": expected " nh " fields: " line)
        if (f[1] in z) { print line "," z[f[1]] > out; with++ }
        else print line ",,,," > out
        rows++
    }
    close(out)
    print rows, with, ARGC - 1
    exit 0
}
' "$@" > "$SUMMARY"

publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
echo "build06: df03: $1 embryos, $2 with latents from $3 files"
