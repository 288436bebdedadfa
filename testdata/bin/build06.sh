#!/bin/sh
# build06 (demo): one experiment's final table, its usable embryos with their latent vectors.
#
#   sh bin/build06.sh QC_STAGED_CSV LATENTS_CSV SNIPS_DIR OUT_CSV DELAY
#
# The latents (snip_id,z0,z1,z2,z3) must cover exactly the experiment's snips (SNIPS_DIR/<snip_id>.jpg),
# as MorphSeq's Build06 checks (it would regenerate them; the demo fails instead). Writes OUT_CSV: the
# build04 table's rows with use_embryo_flag True, in order, + z0,z1,z2,z3 (empty where a row has no
# latents). Header DF03_HEADER (see common.sh).
set -eu
. "$(dirname "$0")/common.sh"
check_argc 5 5 "QC_STAGED_CSV LATENTS_CSV SNIPS_DIR OUT_CSV DELAY" $#

staged=$1 latents=$2
snips=$(strip_slash "$3")
out=$4
do_delay "$5"
need_file "$staged"
need_file "$latents"
need_dir "$snips"

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "STAGED=$staged" "LATENTS=$latents" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    staged = ENVIRON["STAGED"]; latents = ENVIRON["LATENTS"]; out = ENVIRON["OUT_TMP"]
    for (a = 1; a < ARGC; a++) {
        snip = basename(ARGV[a])
        if (snip == "*.jpg") continue
        sub(/\.jpg$/, "", snip)
        snips[snip] = 1
    }
    csv_open(latents, ENVIRON["LATENTS_HEADER"])
    while (1) {
        line = csv_line(latents)
        if (CSV_EOF) break
        if (split(line, f, ",") != 5) fail(latents ": expected 5 fields: " line)
        if (f[1] in z) fail(latents ": snip_id " f[1] " appears twice")
        if (!(f[1] in snips)) fail(latents ": snip_id " f[1] " has no snip; the latents do not cover the snips (rerun latents)")
        z[f[1]] = f[2] "," f[3] "," f[4] "," f[5]
    }
    for (s in snips) if (!(s in z)) fail("snip " s " has no latents in " latents "; the latents do not cover the snips (rerun latents)")

    header = ENVIRON["DF02_HEADER"]
    nh = split(header, col, ",")
    for (i = 1; i <= nh; i++) c[col[i]] = i
    csv_open(staged, header)
    print ENVIRON["DF03_HEADER"] > out
    rows = 0; kept = 0
    while (1) {
        line = csv_line(staged)
        if (CSV_EOF) break
        if (split(line, f, ",") != nh) fail(staged ": expected " nh " fields: " line)
        rows++
        if (f[c["use_embryo_flag"]] != "True") continue
        print line "," ((f[1] in z) ? z[f[1]] : ",,,") > out
        kept++
    }
    close(out)
    print rows, kept
    exit 0
}
' "$snips"/*.jpg > "$SUMMARY"

publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
name=${staged##*/}
name=${name%.csv}
echo "build06: ${name#qc_staged_}: $2 of $1 embryos usable, joined with their latents"
