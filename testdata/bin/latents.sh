#!/bin/sh
# latents (demo of the embed step): a small latent vector per usable embryo of one experiment.
#
#   sh bin/latents.sh MODEL EMBRYOS_CSV OUT_CSV DELAY
#
# For every row of the build03 csv with use_embryo_flag True, z0..z3 are a deterministic function of the
# row's numbers (area, centroid, yolk fraction), a hash of its snip_id and a hash of the MODEL name, so a
# different model gives different vectors. Integer arithmetic only: identical on every platform.
# Writes OUT_CSV: snip_id,z0,z1,z2,z3 (values in [-1, 1], 4 decimals).
set -eu
. "$(dirname "$0")/common.sh"
check_argc 4 4 "MODEL EMBRYOS_CSV OUT_CSV DELAY" $#

model=$1 embryos=$2 out=$3
do_delay "$4"
[ -n "$model" ] || die "empty model name"
need_file "$embryos"

prepare_outfile "$out"
out_tmp=$OUT_TMP

spawn env "MODEL=$model" "EMBRYOS=$embryos" "OUT_TMP=$out_tmp" awk "$AWK_LIB"'
BEGIN {
    for (i = 32; i < 127; i++) ORD[sprintf("%c", i)] = i
    in_ = ENVIRON["EMBRYOS"]; out = ENVIRON["OUT_TMP"]
    hm = hash(ENVIRON["MODEL"])
    nh = split(ENVIRON["EMBRYO_HEADER"], col, ",")
    for (i = 1; i <= nh; i++) c[col[i]] = i
    csv_open(in_, ENVIRON["EMBRYO_HEADER"])
    print "snip_id,z0,z1,z2,z3" > out
    rows = 0; n = 0
    while (1) {
        line = csv_line(in_)
        if (CSV_EOF) break
        if (split(line, f, ",") != nh) fail(in_ ": expected " nh " fields: " line)
        rows++
        if (f[c["use_embryo_flag"]] != "True") continue
        area = f[c["area"]] + 0
        cx = int(f[c["centroid_x"]] * 100 + 0.5); cy = int(f[c["centroid_y"]] * 100 + 0.5)
        yk = int(f[c["yolk_frac"]] * 1000 + 0.5)
        base = area * 7919 + cx * 104729 + cy * 1299709 + yk * 15485863
        hs = hash(f[c["snip_id"]])
        line = f[c["snip_id"]]
        for (k = 0; k < 4; k++) {
            v = (hm * (k + 1) + (base % 1000003) * (2 * k + 3) + hs * (3 * k + 5)) % 20001
            line = line sprintf(",%.4f", (v - 10000) / 10000)
        }
        print line > out
        n++
    }
    close(out)
    print rows, n
    exit 0
}
# hash(s): polynomial string hash modulo a prime (printable ASCII)
function hash(s,    h, i, ch) {
    h = 0
    for (i = 1; i <= length(s); i++) {
        ch = substr(s, i, 1)
        h = (h * 131 + ((ch in ORD) ? ORD[ch] : 1)) % 1000003
    }
    return h
}
' > "$SUMMARY"

publish_file "$out_tmp" "$out"
set -- $(cat "$SUMMARY")
name=${embryos##*/}
name=${name%.csv}
echo "latents: ${name#expr_embryo_metadata_}: embedded $2 of $1 embryos with $model"
