#!/bin/sh
# build04 (demo): QC and staging of one experiment's embryos.
#
#   sh bin/build04.sh EMBRYOS_CSV SAM2_MASKS STAGE_REF_CSV SA_REFERENCE_CSV PERTURBATION_KEY_CSV \
#                     OUT_CSV CURVATURE_CSV CURVATURE_ARRAYS_CSV DELAY
#
# From the build03 table (EMBRYOS_CSV):
#   predicted_stage_hpf  linear interpolation of the embryo's area in STAGE_REF_CSV (stage_hpf,area; area
#                        increasing with stage), clamped to the table's range, 1 decimal
#   short_pert_name, pert_type, control_flag   from PERTURBATION_KEY_CSV by genotype (unknown: an error)
#   sa_outlier_flag      the area exceeds SA_REFERENCE_CSV's area_max (stage_hpf,area_max, interpolated)
#                        at the embryo's nominal stage: the experiment name's <N>hpf plus one hour per
#                        time point after the first (no <N>hpf in the name: never)
#   total_length_px      the longer side of the embryo's bounding box in its SAM2 label image
#                        (SAM2_MASKS/<well>_t<time>.pgm)
#   use_embryo_flag      build03's, and not sa_outlier_flag
# Writes OUT_CSV (header DF02_HEADER, see common.sh), CURVATURE_CSV (snip_id,total_length_px,width_px,
# height_px) and CURVATURE_ARRAYS_CSV (snip_id,row_counts: the embryo's pixels per row of its box, ';'-separated).
set -eu
. "$(dirname "$0")/common.sh"
check_argc 9 9 "EMBRYOS_CSV SAM2_MASKS STAGE_REF_CSV SA_REFERENCE_CSV PERTURBATION_KEY_CSV OUT_CSV CURVATURE_CSV CURVATURE_ARRAYS_CSV DELAY" $#

embryos=$1
labels=$(strip_slash "$2")
stage=$3 saref=$4 pert=$5 out=$6 curv=$7 arrays=$8
do_delay "$9"
need_file "$embryos"
need_dir "$labels"
need_file "$stage"
need_file "$saref"
need_file "$pert"

prepare_outfile "$out"
out_tmp=$OUT_TMP
prepare_outfile "$curv"
curv_tmp=$OUT_TMP
prepare_outfile "$arrays"
arrays_tmp=$OUT_TMP

spawn env "EMBRYOS=$embryos" "LABELS=$labels" "STAGE=$stage" "SAREF=$saref" "PERT=$pert" "OUT_TMP=$out_tmp" \
    "CURV_TMP=$curv_tmp" "ARRAYS_TMP=$arrays_tmp" awk "$AWK_LIB"'
BEGIN {
    embryos = ENVIRON["EMBRYOS"]; stage = ENVIRON["STAGE"]; saref = ENVIRON["SAREF"]; pert = ENVIRON["PERT"]
    out = ENVIRON["OUT_TMP"]; curv = ENVIRON["CURV_TMP"]; arrays = ENVIRON["ARRAYS_TMP"]
    header = ENVIRON["EMBRYO_HEADER"]

    ns = curve(stage, "stage_hpf,area", hpf, ref)
    nsa = curve(saref, "stage_hpf,area_max", sahpf, samax)

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
    csv_open(embryos, header)
    print ENVIRON["DF02_HEADER"] > out
    print "snip_id,total_length_px,width_px,height_px" > curv
    print "snip_id,row_counts" > arrays
    rows = 0; outliers = 0
    while (1) {
        line = csv_line(embryos)
        if (CSV_EOF) break
        if (split(line, f, ",") != nh) fail(embryos ": expected " nh " fields: " line)
        g = f[c["genotype"]]
        if (!(g in short)) fail("genotype \"" g "\" of " f[c["snip_id"]] " is not in " pert)
        area = f[c["area"]] + 0
        nominal = nominal_stage(f[c["exp"]])
        outlier = (nominal >= 0 && area > interp(nominal + f[c["time"]] - 1, nsa, sahpf, samax))
        id = f[c["embryo_id"]] + 0
        image = f[c["well"]] "_t" f[c["time"]] ".pgm"
        if (image != loaded) load(image)
        if (!(id in BOX_N)) fail("embryo " id " of " image " is not in the SAM2 mask " ENVIRON["LABELS"] "/" image)
        w = BOX_X1[id] - BOX_X0[id] + 1; h = BOX_Y1[id] - BOX_Y0[id] + 1
        len = (w > h) ? w : h
        counts = ""
        for (y = BOX_Y0[id]; y <= BOX_Y1[id]; y++) {
            n = 0
            for (x = BOX_X0[id]; x <= BOX_X1[id]; x++) if (lab[y * LW + x] == id) n++
            counts = counts (y > BOX_Y0[id] ? ";" : "") n
        }
        f[c["use_embryo_flag"]] = (f[c["use_embryo_flag"]] == "True" && !outlier) ? "True" : "False"
        row = f[1]
        for (i = 2; i <= nh; i++) row = row "," f[i]
        printf "%s,%.1f,%s,%s,%s,%s,%d\n", row, interp(area, ns, ref, hpf), short[g], ptype[g], ctrl[g], outlier ? "True" : "False", len > out
        printf "%s,%d,%d,%d\n", f[c["snip_id"]], len, w, h > curv
        printf "%s,%s\n", f[c["snip_id"]], counts > arrays
        rows++; outliers += outlier
    }
    close(out); close(curv); close(arrays)
    print rows, outliers
    exit 0
}
# curve(file, header, xs, ys): a two-column numeric table, ys increasing; returns its length
function curve(file, header, xs, ys,    n, line, f) {
    csv_open(file, header)
    n = 0
    while (1) {
        line = csv_line(file)
        if (CSV_EOF) break
        if (split(line, f, ",") != 2 || !isnum(f[1]) || !isnum(f[2])) fail(file ": expected two numbers: " line)
        n++; xs[n] = f[1] + 0; ys[n] = f[2] + 0
        if (n > 1 && (xs[n] <= xs[n - 1] || ys[n] <= ys[n - 1])) fail(file ": values must increase: " line)
    }
    if (n < 1) fail(file ": an empty table")
    return n
}
# interp(x, n, xs, ys): ys at x, linear between the points of the table, clamped at its ends
function interp(x, n, xs, ys,    i) {
    if (x <= xs[1]) return ys[1]
    for (i = 2; i <= n; i++)
        if (x <= xs[i]) return ys[i - 1] + (ys[i] - ys[i - 1]) * (x - xs[i - 1]) / (xs[i] - xs[i - 1])
    return ys[n]
}
# nominal_stage(exp): N of an "_<N>hpf" part of the experiment name, or -1
function nominal_stage(e,    parts, n, i) {
    n = split(e, parts, "_")
    for (i = 1; i <= n; i++) if (parts[i] ~ /^[0-9]+hpf$/) return parts[i] + 0
    return -1
}
function load(name) {
    pgm_read(ENVIRON["LABELS"] "/" name, lab)
    LW = PGM_W
    label_boxes(lab, PGM_W, PGM_H)
    loaded = name
}
' > "$SUMMARY"

publish_file "$out_tmp" "$out"
publish_file "$curv_tmp" "$curv"
publish_file "$arrays_tmp" "$arrays"
set -- $(cat "$SUMMARY")
name=${embryos##*/}
name=${name%.csv}
echo "build04: ${name#expr_embryo_metadata_}: staged $1 embryos, $2 surface-area outliers"
