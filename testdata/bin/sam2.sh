#!/bin/sh
# sam2 (demo): segment the embryos in every FF image of one experiment.
#
#   sh bin/sam2.sh EXP FF_DIR METADATA_CSV OUT_CSV MASKS_DIR DELAY
#
# Embryo tissue is 60 < p <= 240; each 4-connected region of at least 4 pixels is one embryo, numbered
# 1, 2, ... in raster order of its first pixel. Writes MASKS_DIR/<image>.pgm label images (pixel = embryo
# id, 0 = background; the directory is emptied first) and OUT_CSV, one row per embryo per image, joined
# with the build01 metadata (METADATA_CSV) for the genotype:
#   exp,well,time,embryo_id,area,centroid_x,centroid_y,genotype
# (centroids in pixels from the top-left corner). Every FF image must have a metadata row.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 6 6 "EXP FF_DIR METADATA_CSV OUT_CSV MASKS_DIR DELAY" $#

exp=$1
ff=$(strip_slash "$2")
meta=$3
csv=$4
masks=$(strip_slash "$5")
do_delay "$6"

need_dir "$ff"
need_file "$meta"
[ "$(count_files "$ff" '*.pgm')" -gt 0 ] || die "no FF images (*.pgm) in $ff"

prepare_outdir "$masks"
prepare_outfile "$csv"
csv_tmp=$OUT_TMP

spawn env "EXP=$exp" "META=$meta" "MASKS=$masks" "CSV_TMP=$csv_tmp" awk "$AWK_LIB"'
BEGIN {
    expname = ENVIRON["EXP"]; meta = ENVIRON["META"]; out = ENVIRON["CSV_TMP"]
    csv_open(meta, "exp,microscope,well,time,image,genotype,treatment,temperature")
    while (1) {
        line = csv_line(meta)
        if (CSV_EOF) break
        if (split(line, f, ",") != 8) fail(meta ": expected 8 fields: " line)
        if (f[1] != expname) fail(meta ": row for experiment \"" f[1] "\", expected \"" expname "\"")
        well[f[5]] = f[3]; time[f[5]] = f[4]; geno[f[5]] = f[6]
    }
    print "exp,well,time,embryo_id,area,centroid_x,centroid_y,genotype" > out
    total = 0
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]; image = basename(file)
        if (!(image in well)) fail("FF image " image " has no row in " meta)
        pgm_read(file, px)
        n = label_cc(px, PGM_W, PGM_H, lab, 4, 0)
        pgm_write(ENVIRON["MASKS"] "/" ENVIRON["TMPTAG"] image, lab, PGM_W, PGM_H)
        for (i = 1; i <= n; i++)
            printf "%s,%s,%s,%d,%d,%.2f,%.2f,%s\n", expname, well[image], time[image], i, CC_AREA[i], CC_CX[i], CC_CY[i], geno[image] > out
        total += n
    }
    close(out)
    print ARGC - 1, total
    exit 0
}
' "$ff"/*.pgm > "$SUMMARY"

publish_dir "$masks"
publish_file "$csv_tmp" "$csv"
set -- $(cat "$SUMMARY")
echo "sam2: $exp: segmented $2 embryos in $1 images"
