#!/bin/sh
# build03 (demo): per-embryo metadata with QC flags, and the embryo snips, for one experiment.
#
#   sh bin/build03.sh EXP SAM2_CSV SAM2_MASKS SEGMENTATIONS_JSON MANIFEST_JSON METADATA_CSV FF_DIR \
#                     OUT_CSV SNIPS_DIR SNIPS_UNCROPPED_DIR SNIP_MASKS_DIR DELAY \
#                     MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR
#
# (the five QC mask directories come last, in the order of qc_masks' outputs; SNIP_MASKS_DIR is the
# snip-mask directory that all experiments share, as in MorphSeq.)
# The SAM2 manifest must agree with SAM2_CSV on every image's embryo count (as MorphSeq's Build03 checks).
# For each embryo row of SAM2_CSV, the embryo's pixels are those of its id in the SAM2 label image
# SAM2_MASKS/<well>_t<time>.pgm (their count must be the row's area). Over those pixels:
#   yolk_frac   fraction flagged by the yolk model     no_yolk_flag  yolk_frac == 0
#   dead_frac   fraction flagged by the via model      dead_flag     dead_frac >= 0.10
#   focus_frac  fraction flagged by the focus model    focus_flag    focus_frac >= 0.25
#   bubble_flag a bubble pixel within 2 pixels (8-neighbourhood distance) of the embryo
#   frame_flag  the embryo touches the image border
#   use_embryo_flag  none of the flags above
# Treatment and temperature come from the build01 metadata (METADATA_CSV). Writes OUT_CSV with the
# header EMBRYO_HEADER (see common.sh); snip_id is {exp}_{well}_e{id, 2 digits}_t{time}. And per embryo
# (ASCII PGM images under the .jpg names MorphSeq uses), cropped to the embryo's bounding box in the FF image:
#   SNIPS_DIR/<snip_id>.jpg             the embryo, other pixels 0     (directory emptied first)
#   SNIPS_UNCROPPED_DIR/<snip_id>.jpg   the box as it is               (directory emptied first)
#   SNIP_MASKS_DIR/emb_<snip_id>.jpg, yolk_<snip_id>.jpg   embryo and yolk masks (0/255); only this
#                                       experiment's previous files there are removed first
set -eu
. "$(dirname "$0")/common.sh"
check_argc 17 17 "EXP SAM2_CSV SAM2_MASKS SEGMENTATIONS_JSON MANIFEST_JSON METADATA_CSV FF_DIR OUT_CSV SNIPS_DIR SNIPS_UNCROPPED_DIR SNIP_MASKS_DIR DELAY MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR" $#

exp=$1 sam2=$2
labels=$(strip_slash "$3")
segmentations=$4 manifest=$5 meta=$6
ff=$(strip_slash "$7")
out=$8
snips=$(strip_slash "$9")
uncropped=$(strip_slash "${10}")
snipmasks=$(strip_slash "${11}")
do_delay "${12}"
shift 12
need_file "$sam2"
need_dir "$labels"
need_file "$segmentations"
need_file "$manifest"
need_file "$meta"
need_dir "$ff"
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
prepare_outdir "$snips"
prepare_outdir "$uncropped"
mkdir -p "$snipmasks"
rm -f "$snipmasks"/emb_"$exp"_* "$snipmasks"/yolk_"$exp"_*
register_tmpdir "$snipmasks"

spawn env "EXP=$exp" "SAM2=$sam2" "LABELS=$labels" "MANIFEST=$manifest" "META=$meta" "FF=$ff" "OUT_TMP=$out_tmp" \
    "SNIPS=$snips" "UNCROPPED=$uncropped" "SNIPMASKS=$snipmasks" awk "$AWK_LIB"'
BEGIN {
    expname = ENVIRON["EXP"]; sam2 = ENVIRON["SAM2"]; meta = ENVIRON["META"]; out = ENVIRON["OUT_TMP"]
    tag = ENVIRON["TMPTAG"]
    nm = split("yolk focus bubble via", model, " ")
    for (m = 1; m <= nm; m++) dir[model[m]] = ARGV[m + 1]
    read_manifest(ENVIRON["MANIFEST"])

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
        imgid = image[key]; sub(/\.pgm$/, "", imgid)
        if (!(imgid in want)) fail(ENVIRON["MANIFEST"] ": no entry for image " imgid " of " sam2 "; the SAM2 outputs are out of sync (rerun sam2)")
        seen_rows[imgid]++
        if (!(id in BOX_N)) fail("embryo " id " of " well " t" time " is not in the SAM2 mask " ENVIRON["LABELS"] "/" image[key])
        if (BOX_N[id] != area) fail("embryo " id " of " well " t" time ": SAM2 mask has " BOX_N[id] " pixels, " sam2 " says " area)

        yolk = 0; dead = 0; blur = 0; frame = 0; bubble = 0
        for (k = 0; k < W * H; k++) {
            if (lab[k] != id) continue
            x = k % W; y = int(k / W)
            if (px["yolk", k]) yolk++
            if (px["via", k]) dead++
            if (px["focus", k]) blur++
            if (x == 0 || y == 0 || x == W - 1 || y == H - 1) frame = 1
            for (dy = -2; dy <= 2; dy++) for (dx = -2; dx <= 2; dx++) {
                if (x + dx < 0 || x + dx >= W || y + dy < 0 || y + dy >= H) continue
                if (px["bubble", k + dy * W + dx]) bubble = 1
            }
        }
        yf = yolk / area; df = dead / area; ff = blur / area
        dead_flag = (df >= 0.10); focus_flag = (ff >= 0.25); no_yolk = (yolk == 0)
        use = !(frame || dead_flag || bubble || focus_flag || no_yolk)
        snip = sprintf("%s_%s_e%02d_t%s", expname, well, id, time)
        printf "%s,%s,%s,%s,%d,%s,%s,%s,%d,%s,%s,%.3f,%.3f,%.3f,%s,%s,%s,%s,%s,%s\n", snip, expname, well, time, id, geno[key], treat[key], temp[key], area, cx, cy, yf, df, ff, tf(frame), tf(dead_flag), tf(bubble), tf(focus_flag), tf(no_yolk), tf(use) > out
        write_snips(snip, id)
        rows++; used += use
    }
    for (i in want) if (seen_rows[i] != want[i])
        fail(ENVIRON["MANIFEST"] ": " want[i] " embryo(s) in image " i ", " sam2 " has " (seen_rows[i] + 0) "; the SAM2 outputs are out of sync (rerun sam2)")
    close(out)
    print rows, used
    exit 0
}
function tf(b) { return b ? "True" : "False" }
# read_manifest(file): each image id and embryo count, from lines "<id>": {"embryo_count": <n>, ...
function read_manifest(file,    line, r, q, n, count) {
    while ((r = (getline line < file)) > 0) {
        if (line !~ /"embryo_count": [0-9]+/) continue
        n = split(line, q, "\"")
        if (n < 5) fail(file ": unexpected line: " line)
        count = q[5]; sub(/^[^0-9]*/, "", count); sub(/[^0-9].*$/, "", count)
        want[q[2]] = count + 0
    }
    close(file)
    if (r < 0) fail("cannot read " file)
}
# load(name): the SAM2 label image, its embryos boxes, the FF image and four QC masks of one image
function load(name,    m, file, img, k) {
    split("", px)
    pgm_read(ENVIRON["LABELS"] "/" name, lab)
    W = PGM_W; H = PGM_H
    label_boxes(lab, W, H)
    pgm_read(ENVIRON["FF"] "/" name, ffpx)
    if (PGM_W != W || PGM_H != H) fail(ENVIRON["FF"] "/" name ": size differs from the SAM2 mask")
    for (m = 1; m <= nm; m++) {
        file = dir[model[m]] "/" name
        pgm_read(file, img)
        if (PGM_W != W || PGM_H != H) fail(file ": size differs from the SAM2 mask")
        for (k = 0; k < W * H; k++) px[model[m], k] = (img[k] > 0)
    }
    loaded = name
}
# write_snips(snip, id): the four crops of embryo id to its bounding box
function write_snips(snip, id,    x, y, k, w, h, i, s, u, e, yk) {
    w = BOX_X1[id] - BOX_X0[id] + 1; h = BOX_Y1[id] - BOX_Y0[id] + 1
    i = 0
    for (y = BOX_Y0[id]; y <= BOX_Y1[id]; y++) for (x = BOX_X0[id]; x <= BOX_X1[id]; x++) {
        k = y * W + x
        u[i] = ffpx[k]
        s[i] = (lab[k] == id) ? ffpx[k] : 0
        e[i] = (lab[k] == id) ? 255 : 0
        yk[i] = (lab[k] == id && px["yolk", k]) ? 255 : 0
        i++
    }
    pgm_write(ENVIRON["SNIPS"] "/" tag snip ".jpg", s, w, h)
    pgm_write(ENVIRON["UNCROPPED"] "/" tag snip ".jpg", u, w, h)
    pgm_write(ENVIRON["SNIPMASKS"] "/" tag "emb_" snip ".jpg", e, w, h)
    pgm_write(ENVIRON["SNIPMASKS"] "/" tag "yolk_" snip ".jpg", yk, w, h)
}
' "$@" > "$SUMMARY"

publish_dir "$snips"
publish_dir "$uncropped"
publish_dir "$snipmasks"
publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
echo "build03: $exp: $1 embryos, $2 pass QC, snips written"
