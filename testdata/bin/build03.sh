#!/bin/sh
# build03 (demo): per-embryo metadata with QC flags for one experiment.
#
#   sh bin/build03.sh EXP SAM2_CSV METADATA_CSV OUT_CSV DELAY MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR
#
# (the five QC mask directories come last, in the order of qc_masks' outputs.) For each embryo row of
# SAM2_CSV, the embryo's pixels are the region of the QC "mask" model image (same 4-connectivity, at least
# 4 pixels) whose centroid is nearest the sam2 centroid (within 2 pixels). Over those pixels:
#   yolk_frac   fraction flagged by the yolk model     no_yolk_flag  yolk_frac == 0
#   dead_frac   fraction flagged by the via model      dead_flag     dead_frac >= 0.10
#   focus_frac  fraction flagged by the focus model    focus_flag    focus_frac >= 0.25
#   bubble_flag a bubble pixel within 2 pixels (8-neighbourhood distance) of the embryo
#   frame_flag  the embryo touches the image border
#   use_embryo_flag  none of the flags above
# Treatment and temperature come from the build01 metadata (METADATA_CSV). Writes OUT_CSV with the
# header EMBRYO_HEADER (see common.sh); snip_id is {exp}_{well}_e{id, 2 digits}_t{time}.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 10 10 "EXP SAM2_CSV METADATA_CSV OUT_CSV DELAY MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR" $#

exp=$1 sam2=$2 meta=$3 out=$4
do_delay "$5"
shift 5
need_file "$sam2"
need_file "$meta"
# the QC mask directories must come in qc_masks' output order; with the pipeline's directory names
# (segmentation/<model>_<version>_predictions/{exp}) a different order is caught here
i=0
for d in "$@"; do
    i=$((i + 1))
    need_dir "$d"
    case $i in 1) m=mask ;; 2) m=yolk ;; 3) m=focus ;; 4) m=bubble ;; *) m=via ;; esac
    parent=$(basename "$(dirname "$d")")
    case $parent in
        mask_* | yolk_* | focus_* | bubble_* | via_*)
            case $parent in
                "${m}_"*) ;;
                *) die "QC mask directory $i must be the $m model's (order: mask yolk focus bubble via), got $d" ;;
            esac
            ;;
    esac
done

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "EXP=$exp" "SAM2=$sam2" "META=$meta" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    expname = ENVIRON["EXP"]; sam2 = ENVIRON["SAM2"]; meta = ENVIRON["META"]; out = ENVIRON["OUT_TMP"]
    nm = split("mask yolk focus bubble via", model, " ")
    for (m = 1; m <= nm; m++) dir[model[m]] = ARGV[m]

    csv_open(meta, "exp,microscope,well,time,image,genotype,treatment,temperature")
    while (1) {
        line = csv_line(meta)
        if (CSV_EOF) break
        if (split(line, f, ",") != 8) fail(meta ": expected 8 fields: " line)
        if (f[1] != expname) fail(meta ": row for experiment \"" f[1] "\", expected \"" expname "\"")
        key = f[3] SUBSEP f[4]
        image[key] = f[5]; geno[key] = f[6]; treat[key] = f[7]; temp[key] = f[8]
    }

    print ENVIRON["EMBRYO_HEADER"] > out
    csv_open(sam2, "exp,well,time,embryo_id,area,centroid_x,centroid_y,genotype")
    rows = 0; used = 0
    while (1) {
        line = csv_line(sam2)
        if (CSV_EOF) break
        if (split(line, f, ",") != 8) fail(sam2 ": expected 8 fields: " line)
        if (f[1] != expname) fail(sam2 ": row for experiment \"" f[1] "\", expected \"" expname "\"")
        well = f[2]; time = f[3]; id = f[4]; area = f[5]; cx = f[6]; cy = f[7]
        if (!isint(id) || !isint(area) || !isnum(cx) || !isnum(cy)) fail(sam2 ": bad numbers in row: " line)
        key = well SUBSEP time
        if (!(key in image)) fail("no build01 metadata for well " well " time " time " in " meta)
        if (f[8] != geno[key]) fail(sam2 ": genotype " f[8] " of " well " t" time " differs from " meta " (" geno[key] ")")
        if (image[key] != loaded) load(image[key])

        # the mask-model region nearest the sam2 centroid
        best = 0; bestd = 4
        for (i = 1; i <= ncc; i++) {
            d = (CC_CX[i] - cx) * (CC_CX[i] - cx) + (CC_CY[i] - cy) * (CC_CY[i] - cy)
            if (d <= bestd) { best = i; bestd = d }
        }
        if (!best) fail("embryo " id " of " well " t" time " (centroid " cx "," cy "): no region of the mask model within 2 pixels")

        n = 0; yolk = 0; dead = 0; blur = 0; frame = 0; bubble = 0
        for (k = 0; k < W * H; k++) {
            if (lab[k] != best) continue
            n++; x = k % W; y = int(k / W)
            if (px["yolk", k]) yolk++
            if (px["via", k]) dead++
            if (px["focus", k]) blur++
            if (x == 0 || y == 0 || x == W - 1 || y == H - 1) frame = 1
            for (dy = -2; dy <= 2; dy++) for (dx = -2; dx <= 2; dx++) {
                if (x + dx < 0 || x + dx >= W || y + dy < 0 || y + dy >= H) continue
                if (px["bubble", k + dy * W + dx]) bubble = 1
            }
        }
        yf = yolk / n; df = dead / n; ff = blur / n
        dead_flag = (df >= 0.10); focus_flag = (ff >= 0.25); no_yolk = (yolk == 0)
        use = !(frame || dead_flag || bubble || focus_flag || no_yolk)
        snip = sprintf("%s_%s_e%02d_t%s", expname, well, id, time)
        printf "%s,%s,%s,%s,%d,%s,%s,%s,%d,%s,%s,%.3f,%.3f,%.3f,%s,%s,%s,%s,%s,%s\n", snip, expname, well, time, id, geno[key], treat[key], temp[key], area, cx, cy, yf, df, ff, tf(frame), tf(dead_flag), tf(bubble), tf(focus_flag), tf(no_yolk), tf(use) > out
        rows++; used += use
    }
    close(out)
    print rows, used
    exit 0
}
function tf(b) { return b ? "True" : "False" }
# load(name): the five QC masks of one image into px[model, k]; regions of the mask model into lab/CC_*
function load(name,    m, file, img, w, h, k, mk) {
    split("", px)
    for (m = 1; m <= nm; m++) {
        file = dir[model[m]] "/" name
        pgm_read(file, img)
        if (m == 1) { w = PGM_W; h = PGM_H }
        else if (PGM_W != w || PGM_H != h) fail(file ": size differs from the mask model image")
        for (k = 0; k < w * h; k++) px[model[m], k] = (img[k] > 0)
    }
    W = w; H = h
    for (k = 0; k < W * H; k++) mk[k] = px["mask", k]
    ncc = label_cc(mk, W, H, lab, 4, 1)
    loaded = name
}
' "$@" > "$SUMMARY"

publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
echo "build03: $exp: $1 embryos, $2 pass QC"
