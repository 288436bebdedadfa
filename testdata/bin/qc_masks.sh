#!/bin/sh
# qc_masks (demo of build02): run five QC "models" over every FF image of one experiment; each model
# writes one binary mask PGM (0 or 255) per image, under the FF image's name, into its own directory.
#
#   sh bin/qc_masks.sh FF_DIR MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR DELAY
#
# The models' rules, on the FF pixel value p (0..255):
#   mask    embryo tissue:          60 < p <= 240
#   yolk    yolk:                   60 < p <= 100
#   focus   out-of-focus tissue:    tissue (60 < p <= 240) without texture: its largest difference to a
#                                   4-neighbour that is tissue too is < 12 (sharp tissue is textured)
#   bubble  air bubble:             p > 240
#   via     dead (opaque) tissue:   200 < p <= 240
# Each output directory is emptied of a previous run's files first.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 7 7 "FF_DIR MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR DELAY" $#

ff=$(strip_slash "$1")
mask=$(strip_slash "$2")
yolk=$(strip_slash "$3")
focus=$(strip_slash "$4")
bubble=$(strip_slash "$5")
via=$(strip_slash "$6")
do_delay "$7"

need_dir "$ff"
exp=${ff##*/}
[ "$(count_files "$ff" '*.pgm')" -gt 0 ] || die "no FF images (*.pgm) in $ff"

for d in "$mask" "$yolk" "$focus" "$bubble" "$via"; do
    prepare_outdir "$d"
done

spawn env "MASK=$mask" "YOLK=$yolk" "FOCUS=$focus" "BUBBLE=$bubble" "VIA=$via" awk "$AWK_LIB"'
BEGIN {
    nm = split("mask yolk focus bubble via", model, " ")
    for (m = 1; m <= nm; m++) dir[model[m]] = ENVIRON[toupper(model[m])]
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        pgm_read(file, px)
        w = PGM_W; h = PGM_H
        for (k = 0; k < w * h; k++) {
            p = px[k]; x = k % w; y = int(k / w)
            contrast = 0
            if (x > 0 && is_embryo(px[k - 1])) contrast = max(contrast, abs(p - px[k - 1]))
            if (x < w - 1 && is_embryo(px[k + 1])) contrast = max(contrast, abs(p - px[k + 1]))
            if (y > 0 && is_embryo(px[k - w])) contrast = max(contrast, abs(p - px[k - w]))
            if (y < h - 1 && is_embryo(px[k + w])) contrast = max(contrast, abs(p - px[k + w]))
            out["mask", k] = is_embryo(p)
            out["yolk", k] = (p > 60 && p <= 100)
            out["focus", k] = (is_embryo(p) && contrast < 12)
            out["bubble", k] = (p > 240)
            out["via", k] = (p > 200 && p <= 240)
        }
        for (m = 1; m <= nm; m++) {
            for (k = 0; k < w * h; k++) img[k] = out[model[m], k] ? 255 : 0
            pgm_write(dir[model[m]] "/" ENVIRON["TMPTAG"] basename(file), img, w, h)
        }
        split("", out); split("", img)
    }
    print ARGC - 1
    exit 0
}
function abs(v) { return v < 0 ? -v : v }
function max(a, b) { return a > b ? a : b }
' "$ff"/*.pgm > "$SUMMARY"

for d in "$mask" "$yolk" "$focus" "$bubble" "$via"; do
    publish_dir "$d"
done
echo "qc_masks: $exp: $(cat "$SUMMARY") images -> 5 masks each (mask, yolk, focus, bubble, via)"
