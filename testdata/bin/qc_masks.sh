#!/bin/sh
# qc_masks (demo of build02): run five QC "models" over every FF image of one experiment; each model
# writes one binary mask PGM (0 or 255) per image, under the FF image's name, into its own directory.
#
#   sh bin/qc_masks.sh FF_DIR MASK_MODEL YOLK_MODEL FOCUS_MODEL BUBBLE_MODEL VIA_MODEL \
#                      MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR DELAY
#
# Each model's "weights" (segmentation/segmentation_models/<model> in the data root, as MorphSeq keeps
# its UNets) are a small text file: `range LOW HIGH` selects the FF pixel values LOW < p <= HIGH; the
# focus model adds `contrast C`. With the demo's weights:
#   mask    embryo tissue:          60 < p <= 240
#   yolk    yolk:                   60 < p <= 100
#   focus   out-of-focus tissue:    tissue (the mask model's range) without texture: its largest
#                                   difference to a 4-neighbour that is tissue too is < 12
#   bubble  air bubble:             240 < p <= 255
#   via     dead (opaque) tissue:   200 < p <= 240
# Each output directory is emptied of a previous run's files first.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 12 12 "FF_DIR MASK_MODEL YOLK_MODEL FOCUS_MODEL BUBBLE_MODEL VIA_MODEL MASK_DIR YOLK_DIR FOCUS_DIR BUBBLE_DIR VIA_DIR DELAY" $#

ff=$(strip_slash "$1")
shift
for m in MASK YOLK FOCUS BUBBLE VIA; do
    need_file "$1"
    eval "${m}_MODEL=\$1"
    export "${m}_MODEL"
    shift
done
mask=$(strip_slash "$1")
yolk=$(strip_slash "$2")
focus=$(strip_slash "$3")
bubble=$(strip_slash "$4")
via=$(strip_slash "$5")
do_delay "$6"

need_dir "$ff"
exp=${ff##*/}
[ "$(count_files "$ff" '*.pgm')" -gt 0 ] || die "no FF images (*.pgm) in $ff"

for d in "$mask" "$yolk" "$focus" "$bubble" "$via"; do
    prepare_outdir "$d"
done

spawn env "MASK=$mask" "YOLK=$yolk" "FOCUS=$focus" "BUBBLE=$bubble" "VIA=$via" awk "$AWK_LIB"'
BEGIN {
    nm = split("mask yolk focus bubble via", model, " ")
    for (m = 1; m <= nm; m++) {
        dir[model[m]] = ENVIRON[toupper(model[m])]
        weights(model[m], ENVIRON[toupper(model[m]) "_MODEL"])
    }
    if (!("focus" in sharp)) fail(ENVIRON["FOCUS_MODEL"] ": the focus model needs a \"contrast C\" line")
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        pgm_read(file, px)
        w = PGM_W; h = PGM_H
        for (k = 0; k < w * h; k++) {
            p = px[k]; x = k % w; y = int(k / w)
            contrast = 0
            if (x > 0 && in_range("mask", px[k - 1])) contrast = max(contrast, abs(p - px[k - 1]))
            if (x < w - 1 && in_range("mask", px[k + 1])) contrast = max(contrast, abs(p - px[k + 1]))
            if (y > 0 && in_range("mask", px[k - w])) contrast = max(contrast, abs(p - px[k - w]))
            if (y < h - 1 && in_range("mask", px[k + w])) contrast = max(contrast, abs(p - px[k + w]))
            out["mask", k] = in_range("mask", p)
            out["yolk", k] = in_range("yolk", p)
            out["focus", k] = (in_range("mask", p) && in_range("focus", p) && contrast < sharp["focus"])
            out["bubble", k] = in_range("bubble", p)
            out["via", k] = in_range("via", p)
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
# weights(model, file): the pixel range (lo, hi) of a model and the least contrast of sharp tissue (sharp), from its weights file
function weights(m, file,    w, n, i) {
    n = read_words(file, w)
    for (i = 1; i <= n; i++) {
        if (w[i] == "range" && i + 2 <= n && isint(w[i + 1]) && isint(w[i + 2])) { lo[m] = w[i + 1] + 0; hi[m] = w[i + 2] + 0; i += 2 }
        else if (w[i] == "contrast" && i + 1 <= n && isint(w[i + 1])) { sharp[m] = w[i + 1] + 0; i++ }
        else fail(file ": unexpected \"" w[i] "\" (expected range LOW HIGH, contrast C)")
    }
    if (!(m in lo)) fail(file ": no \"range LOW HIGH\" line in the " m " model")
}
function in_range(m, p) { return p > lo[m] && p <= hi[m] }
function abs(v) { return v < 0 ? -v : v }
function max(a, b) { return a > b ? a : b }
' "$ff"/*.pgm > "$SUMMARY"

for d in "$mask" "$yolk" "$focus" "$bubble" "$via"; do
    publish_dir "$d"
done
echo "qc_masks: $exp: $(cat "$SUMMARY") images -> 5 masks each (mask, yolk, focus, bubble, via)"
