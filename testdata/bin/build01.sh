#!/bin/sh
# build01 (demo): stitch / focus-stack one experiment's raw images into full-focus (FF) images and
# build the experiment's image metadata.
#
#   sh bin/build01.sh EXP MICROSCOPE RAW_DIR DATA_ROOT FF_DIR METADATA_CSV DELAY
#
# RAW_DIR holds tiny ASCII PGM (P2) images named by well and time point:
#   Keyence: <well>_t<time>_tile<n>.pgm  tiles 1..n of one image, same height: stitched side by side
#   YX1:     <well>_t<time>_z<n>.pgm     z-slices 1..n, same size: max projection ("full focus")
# (<well> like A01, <time> four digits; files starting with '.' are ignored, any other name is an error.)
# The well metadata is found as MorphSeq's Build01 finds it under DATA_ROOT: metadata/well_metadata/ or
# metadata/plate_metadata/{exp}_well_metadata.xlsx, else the one file there matching
# {exp}_well_metadata*.xlsx (none or several: an error). In the demo it is a CSV TEXT stand-in that keeps
# the .xlsx name the pipeline expects: header well,genotype,treatment,temperature, one row a well.
#
# Writes FF_DIR/<well>_t<time>.pgm (FF_DIR is emptied first) and METADATA_CSV with one row per image:
#   exp,microscope,well,time,image,genotype,treatment,temperature
# Fails if an input is missing or malformed, e.g. an imaged well that the well metadata lacks.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 7 7 "EXP MICROSCOPE RAW_DIR DATA_ROOT FF_DIR METADATA_CSV DELAY" $#

exp=$1 microscope=$2
raw=$(strip_slash "$3")
root=$(strip_slash "$4")
ff=$(strip_slash "$5")
meta=$6
do_delay "$7"

case $microscope in
    Keyence) kind=tile ;;
    YX1) kind=z ;;
    *) die "unknown microscope '$microscope' (expected Keyence or YX1)" ;;
esac
need_dir "$raw"

# the well metadata: the standard name in either directory, else the one non-standard match
wellmeta=
for d in well_metadata plate_metadata; do
    f=$root/metadata/$d/${exp}_well_metadata.xlsx
    if [ -z "$wellmeta" ] && [ -f "$f" ]; then wellmeta=$f; fi
done
if [ -z "$wellmeta" ]; then
    for f in "$root"/metadata/well_metadata/"$exp"_well_metadata*.xlsx "$root"/metadata/plate_metadata/"$exp"_well_metadata*.xlsx; do
        [ -f "$f" ] || continue
        [ -z "$wellmeta" ] || die "several well metadata files for $exp: $wellmeta, $f; keep one named ${exp}_well_metadata.xlsx"
        wellmeta=$f
    done
fi
[ -n "$wellmeta" ] || die "no well metadata for $exp in $root/metadata/well_metadata or $root/metadata/plate_metadata"
need_file "$wellmeta"

# the raw image names, sorted so that the output order does not depend on the file system
for f in "$raw"/*; do
    if [ -e "$f" ] && [ ! -f "$f" ]; then die "unexpected non-file in raw data: $f"; fi
done
names=$(
    for f in "$raw"/*; do
        [ -f "$f" ] && printf '%s\n' "${f##*/}"
    done | LC_ALL=C sort
)
[ -n "$names" ] || die "no raw images in $raw"

prepare_outdir "$ff"
prepare_outfile "$meta"
meta_tmp=$OUT_TMP

spawn env "NAMES=$names" "EXP=$exp" "MICROSCOPE=$microscope" "KIND=$kind" "RAW=$raw" "WELLMETA=$wellmeta" \
    "FF=$ff" "META_TMP=$meta_tmp" awk "$AWK_LIB"'
BEGIN {
    RAW = ENVIRON["RAW"]; KIND = ENVIRON["KIND"]; MICROSCOPE = ENVIRON["MICROSCOPE"]; EXP = ENVIRON["EXP"]
    nnames = split(ENVIRON["NAMES"], names, "\n")
    for (a = 1; a <= nnames; a++) add_name(names[a])
    build()
    exit 0
}
function add_name(name) {
    if (KIND == "tile") ok = (name ~ /^[A-P][0-9][0-9]_t[0-9][0-9][0-9][0-9]_tile[0-9]+\.pgm$/)
    else ok = (name ~ /^[A-P][0-9][0-9]_t[0-9][0-9][0-9][0-9]_z[0-9]+\.pgm$/)
    if (!ok) {
        if (name ~ /^[A-P][0-9][0-9]_t[0-9][0-9][0-9][0-9]_(tile|z)[0-9]+\.pgm$/)
            fail("raw image " RAW "/" name " does not belong to a " MICROSCOPE " experiment")
        fail("unexpected file in raw data: " RAW "/" name " (expected <well>_t<time>_" KIND "<n>.pgm)")
    }
    key = substr(name, 1, 9)                     # A01_t0001
    part = name; sub(/^.*_(tile|z)/, "", part); sub(/\.pgm$/, "", part); part += 0
    if (!(key in nparts)) { keys[++nkeys] = key; nparts[key] = 0 }
    if ((key, part) in seen) fail("duplicate " KIND " " part " for " key)
    seen[key, part] = 1
    if (part > nparts[key]) nparts[key] = part
    nfiles++
}
function build(    wm, line, f, i, key, well, time, p, file, px, img, w, h, k, nw, x, y, image, out) {
    wm = ENVIRON["WELLMETA"]
    csv_open(wm, "well,genotype,treatment,temperature")
    while (1) {
        line = csv_line(wm)
        if (CSV_EOF) break
        if (split(line, f, ",") != 4) fail(wm ": expected 4 fields: " line)
        if (f[1] !~ /^[A-P][0-9][0-9]$/) fail(wm ": bad well \"" f[1] "\"")
        if (f[2] == "") fail(wm ": empty genotype for well " f[1])
        if (!isnum(f[4])) fail(wm ": bad temperature \"" f[4] "\" for well " f[1])
        if (f[1] in geno) fail(wm ": well " f[1] " listed twice")
        geno[f[1]] = f[2]; treat[f[1]] = f[3]; temp[f[1]] = f[4]
    }
    out = ENVIRON["META_TMP"]
    print "exp,microscope,well,time,image,genotype,treatment,temperature" > out
    for (i = 2; i <= nkeys; i++)
        if (nparts[keys[i]] != nparts[keys[1]])
            fail(keys[i] " has " nparts[keys[i]] " " KIND "(s) but " keys[1] " has " nparts[keys[1]] " in " RAW)
    for (i = 1; i <= nkeys; i++) {
        key = keys[i]; well = substr(key, 1, 3); time = substr(key, 6, 4)
        if (!(well in geno)) fail("well " well " has images in " RAW " but is not in the well metadata " wm)
        for (p = 1; p <= nparts[key]; p++) {
            if (!((key, p) in seen)) fail("missing " KIND " " p " of " key " in " RAW)
            file = RAW "/" key "_" KIND p ".pgm"
            pgm_read(file, px)
            if (p == 1) {
                w = PGM_W; h = PGM_H
                for (k = 0; k < w * h; k++) img[k] = px[k]
                continue
            }
            if (KIND == "z") {                     # max projection of equal-size slices
                if (PGM_W != w || PGM_H != h) fail(file ": size " PGM_W "x" PGM_H " differs from slice 1 (" w "x" h ")")
                for (k = 0; k < w * h; k++) if (px[k] > img[k]) img[k] = px[k]
            } else {                               # stitch tiles of equal height side by side
                if (PGM_H != h) fail(file ": height " PGM_H " differs from tile 1 (" h ")")
                nw = w + PGM_W
                for (y = h - 1; y >= 0; y--) {
                    for (x = PGM_W - 1; x >= 0; x--) img[y * nw + w + x] = px[y * PGM_W + x]
                    for (x = w - 1; x >= 0; x--) img[y * nw + x] = img[y * w + x]
                }
                w = nw
            }
        }
        image = key ".pgm"
        pgm_write(ENVIRON["FF"] "/" ENVIRON["TMPTAG"] image, img, w, h)
        split("", img)
        print EXP "," MICROSCOPE "," well "," time "," image "," geno[well] "," treat[well] "," temp[well] > out
    }
    close(out)
    printf "%d %d\n", nkeys, nfiles
}
' > "$SUMMARY"
publish_dir "$ff"
publish_file "$meta_tmp" "$meta"

set -- $(cat "$SUMMARY")
if [ "$kind" = tile ]; then
    echo "build01: $exp: stitched $1 images from $2 $microscope tiles"
else
    echo "build01: $exp: max-projected $1 images from $2 $microscope z-slices"
fi
