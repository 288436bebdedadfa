#!/bin/sh
# latents (demo of gen_embeddings): a small latent vector per embryo snip of one experiment.
#
#   sh bin/latents.sh MODEL_DIR SNIPS_DIR PY39_PYTHON OUT_CSV DELAY
#
# MODEL_DIR is the model's folder (models/legacy/<model>/ in the data root) holding model_config.json;
# PY39_PYTHON the interpreter of the environment the real model runs in (it must exist; the demo does not
# run it). For every snip SNIPS_DIR/<snip_id>.jpg (an ASCII PGM, from build03), z0..z3 are a deterministic
# function of the snip's pixels, a hash of its snip_id and a hash of the model's config, so other weights
# give other vectors. Integer arithmetic only: identical on every platform.
# Writes OUT_CSV: snip_id,z0,z1,z2,z3 (values in [-1, 1], 4 decimals), snips in name order.
set -eu
. "$(dirname "$0")/common.sh"
check_argc 5 5 "MODEL_DIR SNIPS_DIR PY39_PYTHON OUT_CSV DELAY" $#

model=$(strip_slash "$1")
snips=$(strip_slash "$2")
py39=$3 out=$4
do_delay "$5"
need_dir "$model"
need_file "$model/model_config.json"
need_file "$py39"
need_dir "$snips"
[ "$(count_files "$snips" '*.jpg')" -gt 0 ] || die "no snips (*.jpg) in $snips"

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "CONFIG=$model/model_config.json" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    out = ENVIRON["OUT_TMP"]
    n = read_words(ENVIRON["CONFIG"], words)
    config = ""
    for (i = 1; i <= n; i++) config = config " " words[i]
    hm = hash(config)
    print ENVIRON["LATENTS_HEADER"] > out
    for (a = 1; a < ARGC; a++) {
        file = ARGV[a]
        snip = basename(file); sub(/\.jpg$/, "", snip)
        pgm_read(file, px)
        base = 0; lit = 0
        for (k = 0; k < PGM_W * PGM_H; k++) {
            base = (base * 31 + px[k] * (k % 7 + 1)) % 1000003
            if (px[k] > 0) lit++
        }
        base = (base + lit * 7919 + PGM_W * 104729 + PGM_H * 1299709) % 1000003
        hs = hash(snip)
        line = snip
        for (k = 0; k < 4; k++) {
            v = (hm * (k + 1) + base * (2 * k + 3) + hs * (3 * k + 5)) % 20001
            line = line sprintf(",%.4f", (v - 10000) / 10000)
        }
        print line > out
    }
    close(out)
    print ARGC - 1
    exit 0
}
' "$snips"/*.jpg > "$SUMMARY"

publish_file "$out_tmp" "$out"
echo "latents: ${snips##*/}: embedded $(cat "$SUMMARY") snips with ${model##*/}"
