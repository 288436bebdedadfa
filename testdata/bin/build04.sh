#!/bin/sh
# build04 (demo, df02): stage and perturbation annotation of the cohort.
#
#   sh bin/build04.sh DF01_CSV STAGE_REF_CSV PERTURBATION_KEY_CSV DF02_CSV DELAY
#
# STAGE_REF_CSV (stage_hpf,area; area increasing with stage) gives each embryo's predicted_stage_hpf by
# linear interpolation of its area (clamped to the table's range, 1 decimal). PERTURBATION_KEY_CSV
# (genotype,short_pert_name,pert_type,control_flag) maps the genotype to its perturbation; an unknown
# genotype is an error. Writes DF02_CSV: df01's columns + predicted_stage_hpf,short_pert_name,pert_type,control_flag.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 5 5 "DF01_CSV STAGE_REF_CSV PERTURBATION_KEY_CSV DF02_CSV DELAY" $#

df01=$1 stage=$2 pert=$3 out=$4
do_delay "$5"
need_file "$df01"
need_file "$stage"
need_file "$pert"

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "DF01=$df01" "STAGE=$stage" "PERT=$pert" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    df01 = ENVIRON["DF01"]; stage = ENVIRON["STAGE"]; pert = ENVIRON["PERT"]; out = ENVIRON["OUT_TMP"]
    header = ENVIRON["EMBRYO_HEADER"]

    csv_open(stage, "stage_hpf,area")
    ns = 0
    while (1) {
        line = csv_line(stage)
        if (CSV_EOF) break
        if (split(line, f, ",") != 2 || !isnum(f[1]) || !isnum(f[2])) fail(stage ": expected two numbers: " line)
        ns++; hpf[ns] = f[1] + 0; ref[ns] = f[2] + 0
        if (ns > 1 && ref[ns] <= ref[ns - 1]) fail(stage ": areas must increase with stage: " line)
    }
    if (ns < 1) fail(stage ": no reference stages")

    csv_open(pert, "genotype,short_pert_name,pert_type,control_flag")
    while (1) {
        line = csv_line(pert)
        if (CSV_EOF) break
        if (split(line, f, ",") != 4) fail(pert ": expected 4 fields: " line)
        if (f[1] in short) fail(pert ": genotype " f[1] " listed twice")
        short[f[1]] = f[2]; ptype[f[1]] = f[3]; ctrl[f[1]] = f[4]
    }

    nh = split(header, col, ",")
    for (i = 1; i <= nh; i++) c[col[i]] = i
    csv_open(df01, header)
    print ENVIRON["DF02_HEADER"] > out
    rows = 0
    while (1) {
        line = csv_line(df01)
        if (CSV_EOF) break
        if (split(line, f, ",") != nh) fail(df01 ": expected " nh " fields: " line)
        g = f[c["genotype"]]
        if (!(g in short)) fail("genotype \"" g "\" of " f[c["snip_id"]] " is not in " pert)
        printf "%s,%.1f,%s,%s,%s\n", line, predict(f[c["area"]] + 0), short[g], ptype[g], ctrl[g] > out
        rows++
    }
    close(out)
    print rows
    exit 0
}
function predict(a,    i) {
    if (a <= ref[1]) return hpf[1]
    for (i = 2; i <= ns; i++)
        if (a <= ref[i]) return hpf[i - 1] + (hpf[i] - hpf[i - 1]) * (a - ref[i - 1]) / (ref[i] - ref[i - 1])
    return hpf[ns]
}
' > "$SUMMARY"

publish_file "$out_tmp" "$out"
echo "build04: df02: staged and annotated $(cat "$SUMMARY") embryos"
