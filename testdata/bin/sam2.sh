#!/bin/sh
# sam2 (demo): detect and segment the embryos in every FF image of one experiment, as MorphSeq's SAM2
# pipeline does (detections, segmentations, exported label masks with their manifest, the metadata csv).
#
#   sh bin/sam2.sh EXP FF_DIR METADATA_CSV SAM2_CHECKPOINT GDINO_WEIGHTS \
#                  DETECTIONS_JSON SEGMENTATIONS_JSON MASKS_DIR MANIFEST_JSON OUT_CSV DELAY
#
# Embryo tissue is 60 < p <= 240; each 4-connected region of at least `min_area` pixels (from the SAM2
# checkpoint, a small text file in the demo; the GroundingDINO weights must exist) is one embryo,
# numbered 1, 2, ... in raster order of its first pixel. Writes, per image <id> (the FF file name
# without .pgm):
#   DETECTIONS_JSON      every embryo's bounding box [x0, y0, x1, y1] (inclusive pixels)
#   SEGMENTATIONS_JSON   every embryo's area and centroid
#   MASKS_DIR/<id>.pgm   the label image (pixel = embryo id, 0 = background; the directory is emptied first)
#   MANIFEST_JSON        per image the embryo count and the mask file (relative to the manifest's directory)
#   OUT_CSV              exp,well,time,embryo_id,area,centroid_x,centroid_y,genotype: one row per embryo
#                        per image, the genotype from the build01 metadata (METADATA_CSV)
# Every FF image must have a metadata row.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 11 11 "EXP FF_DIR METADATA_CSV SAM2_CHECKPOINT GDINO_WEIGHTS DETECTIONS_JSON SEGMENTATIONS_JSON MASKS_DIR MANIFEST_JSON OUT_CSV DELAY" $#

exp=$1
ff=$(strip_slash "$2")
meta=$3 checkpoint=$4 gdino=$5 detections=$6 segmentations=$7
masks=$(strip_slash "$8")
manifest=$9
csv=${10}
do_delay "${11}"

need_dir "$ff"
need_file "$meta"
need_file "$checkpoint"
need_file "$gdino"
[ "$(count_files "$ff" '*.pgm')" -gt 0 ] || die "no FF images (*.pgm) in $ff"

prepare_outdir "$masks"
prepare_outfile "$csv"
csv_tmp=$OUT_TMP
prepare_outfile "$detections"
det_tmp=$OUT_TMP
prepare_outfile "$segmentations"
seg_tmp=$OUT_TMP
prepare_outfile "$manifest"
man_tmp=$OUT_TMP
# the masks as the manifest names them: relative to the manifest's directory
masks_rel=${masks#"$(dirname "$manifest")"/}

spawn env "EXP=$exp" "META=$meta" "CHECKPOINT=$checkpoint" "MASKS=$masks" "MASKS_REL=$masks_rel" "CSV_TMP=$csv_tmp" \
    "DET_TMP=$det_tmp" "SEG_TMP=$seg_tmp" "MAN_TMP=$man_tmp" awk "$AWK_LIB"'
BEGIN {
    expname = ENVIRON["EXP"]; meta = ENVIRON["META"]; out = ENVIRON["CSV_TMP"]
    det = ENVIRON["DET_TMP"]; seg = ENVIRON["SEG_TMP"]; man = ENVIRON["MAN_TMP"]
    nw = read_words(ENVIRON["CHECKPOINT"], words)
    if (nw != 2 || words[1] != "min_area" || !isint(words[2]) || words[2] + 0 < 1)
        fail(ENVIRON["CHECKPOINT"] ": expected \"min_area N\" (N >= 1)")
    minarea = words[2] + 0
    csv_open(meta, "exp,microscope,well,time,image,genotype,treatment,temperature")
    while (1) {
        line = csv_line(meta)
        if (CSV_EOF) break
        if (split(line, f, ",") != 8) fail(meta ": expected 8 fields: " line)
        if (f[1] != expname) fail(meta ": row for experiment \"" f[1] "\", expected \"" expname "\"")
        well[f[5]] = f[3]; time[f[5]] = f[4]; geno[f[5]] = f[6]
    }
    print "exp,well,time,embryo_id,area,centroid_x,centroid_y,genotype" > out
    printf "{\n  \"experiment\": \"%s\",\n  \"images\": {", expname > det
    printf "{\n  \"experiments\": {\n    \"%s\": {\n      \"images\": {", expname > seg
    printf "{\n  \"experiment\": \"%s\",\n  \"exports\": {", expname > man
    total = 0
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]; image = basename(file); id = image; sub(/\.pgm$/, "", id)
        if (!(image in well)) fail("FF image " image " has no row in " meta)
        pgm_read(file, px)
        n = label_cc(px, PGM_W, PGM_H, lab, minarea, 0)
        pgm_write(ENVIRON["MASKS"] "/" ENVIRON["TMPTAG"] image, lab, PGM_W, PGM_H)
        sep = (a > 1 ? "," : "")
        printf "%s\n    \"%s\": [", sep, id > det
        printf "%s\n        \"%s\": {\"embryos\": {", sep, id > seg
        printf "%s\n    \"%s\": {\"embryo_count\": %d, \"output_path\": \"%s/%s\"}", sep, id, n, ENVIRON["MASKS_REL"], image > man
        for (i = 1; i <= n; i++) {
            printf "%s{\"embryo_id\": %d, \"bbox\": [%d, %d, %d, %d]}", (i > 1 ? ", " : ""), i, CC_X0[i], CC_Y0[i], CC_X1[i], CC_Y1[i] > det
            printf "%s\"%d\": {\"area\": %d, \"centroid\": [%.2f, %.2f]}", (i > 1 ? ", " : ""), i, CC_AREA[i], CC_CX[i], CC_CY[i] > seg
            printf "%s,%s,%s,%d,%d,%.2f,%.2f,%s\n", expname, well[image], time[image], i, CC_AREA[i], CC_CX[i], CC_CY[i], geno[image] > out
        }
        printf "]" > det
        printf "}}" > seg
        total += n
    }
    printf "\n  }\n}\n" > det
    printf "\n      }\n    }\n  }\n}\n" > seg
    printf "\n  }\n}\n" > man
    close(out); close(det); close(seg); close(man)
    print ARGC - 1, total
    exit 0
}
' "$ff"/*.pgm > "$SUMMARY"

publish_dir "$masks"
publish_file "$det_tmp" "$detections"
publish_file "$seg_tmp" "$segmentations"
publish_file "$man_tmp" "$manifest"
publish_file "$csv_tmp" "$csv"
set -- $(cat "$SUMMARY")
echo "sam2: $exp: segmented $2 embryos in $1 images"
