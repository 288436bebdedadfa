#!/bin/sh
# Rebuild the BUILT files of the committed demo data root (testdata/demo/) by running the demo programs
# (testdata/bin/*.sh) exactly as testdata/morph.yaml runs them (working directory testdata/, absolute
# paths, delay 0). Run it after changing a program or the demo's raw data, then commit testdata/demo/.
#
#   sh testdata/regen-demo.sh
#
# It deletes every built output under testdata/demo/ first (only the pipeline's output locations; raw
# data, well metadata, stage_ref_df.csv and perturbation_name_key.csv are inputs and stay), then builds:
#   20250501_24hpf_ctrl, 20250515_30hpf_atf6, 20250603_24hpf_wnt   every per-experiment step
#   20250522_48hpf_tbx5                                            build01 and qc_masks only
#   20250610_36hpf_noto (no well metadata), 20250612_72hpf_shha     nothing
#   df01, df02, df03                                               from the three fully built experiments
# File mtimes do not matter here (git does not keep them): testdata/make-demo-root.sh sets them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$here/demo
model=20241107_ds_sweep01_optimum   # params.model of pipelines/morphseq.yaml
[ -d "$root/raw_image_data" ] || { echo "regen-demo: no demo data root at $root" >&2; exit 1; }
cd "$here"

rm -rf "$root/built_image_data" "$root/segmentation" "$root/sam2_pipeline_files" "$root/analysis" \
    "$root/metadata/built_metadata_files" "$root/metadata/build03_output" "$root/metadata/combined_metadata_files"

build01() { # exp microscope
    sh bin/build01.sh "$1" "$2" "$root/raw_image_data/$2/$1" "$root/metadata/well_metadata/$1_well_metadata.xlsx" \
        "$root/built_image_data/stitched_FF_images/$1" "$root/metadata/built_metadata_files/$1_metadata.csv" 0
}
qc_masks() { # exp
    sh bin/qc_masks.sh "$root/built_image_data/stitched_FF_images/$1" "$root/segmentation/mask_v0_0100_predictions/$1" \
        "$root/segmentation/yolk_v1_0050_predictions/$1" "$root/segmentation/focus_v0_0100_predictions/$1" \
        "$root/segmentation/bubble_v0_0100_predictions/$1" "$root/segmentation/via_v1_0100_predictions/$1" 0
}
sam2() { # exp
    sh bin/sam2.sh "$1" "$root/built_image_data/stitched_FF_images/$1" "$root/metadata/built_metadata_files/$1_metadata.csv" \
        "$root/sam2_pipeline_files/sam2_expr_files/sam2_metadata_$1.csv" "$root/sam2_pipeline_files/exported_masks/$1/masks" 0
}
build03() { # exp
    sh bin/build03.sh "$1" "$root/sam2_pipeline_files/sam2_expr_files/sam2_metadata_$1.csv" \
        "$root/metadata/built_metadata_files/$1_metadata.csv" "$root/metadata/build03_output/expr_embryo_metadata_$1.csv" 0 \
        "$root/segmentation/mask_v0_0100_predictions/$1" "$root/segmentation/yolk_v1_0050_predictions/$1" \
        "$root/segmentation/focus_v0_0100_predictions/$1" "$root/segmentation/bubble_v0_0100_predictions/$1" \
        "$root/segmentation/via_v1_0100_predictions/$1"
}
latents() { # exp
    sh bin/latents.sh "$model" "$root/metadata/build03_output/expr_embryo_metadata_$1.csv" \
        "$root/analysis/latent_embeddings/legacy/$model/morph_latents_$1.csv" 0
}

for e in Keyence:20250501_24hpf_ctrl YX1:20250515_30hpf_atf6 YX1:20250603_24hpf_wnt; do
    build01 "${e#*:}" "${e%%:*}"
    qc_masks "${e#*:}"
    sam2 "${e#*:}"
    build03 "${e#*:}"
    latents "${e#*:}"
done
build01 20250522_48hpf_tbx5 Keyence
qc_masks 20250522_48hpf_tbx5

cm=$root/metadata/combined_metadata_files
sh bin/combine.sh "$cm/embryo_metadata_df01.csv" 0 \
    "$root/metadata/build03_output/expr_embryo_metadata_20250501_24hpf_ctrl.csv" \
    "$root/metadata/build03_output/expr_embryo_metadata_20250515_30hpf_atf6.csv" \
    "$root/metadata/build03_output/expr_embryo_metadata_20250603_24hpf_wnt.csv"
sh bin/build04.sh "$cm/embryo_metadata_df01.csv" "$root/metadata/stage_ref_df.csv" \
    "$root/metadata/perturbation_name_key.csv" "$cm/embryo_metadata_df02.csv" 0
sh bin/build06.sh "$cm/embryo_metadata_df02.csv" "$cm/embryo_metadata_df03.csv" 0 \
    "$root/analysis/latent_embeddings/legacy/$model/morph_latents_20250501_24hpf_ctrl.csv" \
    "$root/analysis/latent_embeddings/legacy/$model/morph_latents_20250515_30hpf_atf6.csv" \
    "$root/analysis/latent_embeddings/legacy/$model/morph_latents_20250603_24hpf_wnt.csv"
echo "regen-demo: rebuilt $root"
