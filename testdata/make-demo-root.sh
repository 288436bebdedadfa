#!/bin/sh
# Make a demo data root: copy testdata/demo/ to DEST and give every file and directory a deliberate
# mtime (git does not keep mtimes, so the committed tree alone says nothing about what is stale).
#
#   testdata/make-demo-root.sh DEST        (from any working directory; DEST must not exist or be empty)
#   morph -p testdata/morph.yaml -r DEST status
#
# Timeline (local time, `touch -t`, one step per hour on 2025-06-20, in pipeline order):
#   08:00  the inputs: raw images, well metadata, reference tables, model weights, the lab/ checkout,
#          environment and weights (kept inside the demo root), decoys; all directories
#   09:00  build01 outputs   10:00 qc_masks   11:00 sam2   12:00 build03   13:00 latents
#   14:00  build04   15:00 build06   16:00 df02   17:00 df03
#   2025-06-21 09:00  raw images of 20250603_24hpf_wnt (re-exported after everything was built)
# So, with the demo's contents:
#   20250501_24hpf_ctrl (Keyence), 20250515_30hpf_atf6 (YX1)   fully built, up to date
#   20250522_48hpf_tbx5 (Keyence)   build01 + qc_masks built and up to date; sam2 and after missing
#   20250603_24hpf_wnt (YX1)        fully built but stale: its raw images are newer than everything
#   20250610_36hpf_noto (YX1)       raw images only, no well metadata: blocked
#   20250612_72hpf_shha (Keyence)   new: raw images + well metadata (a non-standard name in
#                                   metadata/plate_metadata/, which Build01 accepts), nothing built
#   df02/df03                       built from ctrl, atf6 and wnt
# and raw_image_data/Keyence/_archive_old/, raw_image_data/YX1/IGNORE_calibration/ are decoys that the
# pipeline's ignore rules skip.
set -eu

usage() {
    echo "usage: $0 DEST" >&2
    exit 2
}
[ $# -eq 1 ] || usage
dest=$1
[ -n "$dest" ] || usage

src=$(cd "$(dirname "$0")" && pwd)/demo
if [ ! -d "$src/raw_image_data" ]; then
    echo "make-demo-root: demo data not found at $src" >&2
    exit 1
fi

if [ -e "$dest" ] || [ -L "$dest" ]; then
    if [ ! -d "$dest" ]; then
        echo "make-demo-root: $dest exists and is not a directory; give a new or empty directory" >&2
        exit 2
    fi
    if [ -n "$(ls -A "$dest")" ]; then
        echo "make-demo-root: $dest exists and is not empty; give a new or empty directory" >&2
        exit 2
    fi
else
    mkdir -p "$dest"
fi
cp -R "$src/." "$dest/"
cd "$dest"

# stamp TIME PATH...: set the mtime of every regular file at or below each existing PATH
stamp() {
    _t=$1
    shift
    for _p in "$@"; do
        if [ -e "$_p" ]; then
            find "$_p" -type f -exec touch -t "$_t" {} +
        fi
    done
}

stamp 202506200800.00 .
stamp 202506200900.00 built_image_data/stitched_FF_images metadata/built_metadata_files
stamp 202506201000.00 segmentation/*_predictions
stamp 202506201100.00 sam2_pipeline_files
stamp 202506201200.00 metadata/build03_output training_data
stamp 202506201300.00 analysis
stamp 202506201400.00 metadata/build04_output metadata/body_axis
stamp 202506201500.00 metadata/build06_output
stamp 202506201600.00 metadata/combined_metadata_files/embryo_metadata_df02.csv
stamp 202506201700.00 metadata/combined_metadata_files/embryo_metadata_df03.csv
stamp 202506210900.00 raw_image_data/YX1/20250603_24hpf_wnt
# directories last (touching a file inside one does not change it, but tidy is tidy)
find . -type d -exec touch -t 202506200800.00 {} +

n=0
for d in raw_image_data/*/*/; do
    e=${d%/}
    e=${e##*/}
    case $e in
        .* | _* | [Ii][Gg][Nn][Oo][Rr][Ee]*) ;;
        *) [ -d "$d" ] && n=$((n + 1)) ;;
    esac
done
echo "demo data root ready: $dest ($n experiments)"
