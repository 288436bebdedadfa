#!/bin/sh
# Rebuild the BUILT files of the committed demo data root (testdata/demo/) by running the demo programs
# (testdata/bin/*.sh, and the cohort steps' pipelines/bin/combine-tables.sh) exactly as testdata/morph.yaml
# runs them (absolute paths, delay 0). Run it after changing a program or the demo's raw data, then commit
# testdata/demo/.
#
#   sh testdata/regen-demo.sh
#
# It deletes every built output under testdata/demo/ first (only the pipeline's output locations; raw
# data, well metadata, the reference tables, the model weights and lab/ are inputs and stay), then builds:
#   20250501_24hpf_ctrl, 20250515_30hpf_atf6, 20250603_24hpf_wnt   every per-experiment step
#   20250522_48hpf_tbx5                                            build01 and qc_masks only
#   20250610_36hpf_noto (no well metadata), 20250612_72hpf_shha     nothing
#   df02, df03 (the cohort tables)                                 from the three fully built experiments
# File mtimes do not matter here (git does not keep them): testdata/make-demo-root.sh sets them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$here/demo
combine=$here/../pipelines/bin/combine-tables.sh
model=20241107_ds_sweep01_optimum   # params.model of pipelines/morphseq.yaml
[ -d "$root/raw_image_data" ] || { echo "regen-demo: no demo data root at $root" >&2; exit 1; }
cd "$here"

rm -rf "$root/built_image_data" "$root"/segmentation/*_predictions "$root/sam2_pipeline_files" "$root/training_data" \
    "$root/analysis" "$root/metadata/built_metadata_files" "$root/metadata/build03_output" "$root/metadata/build04_output" \
    "$root/metadata/body_axis" "$root/metadata/build06_output" "$root/metadata/combined_metadata_files"

seg=$root/segmentation
qc_dirs() { # exp: the five QC mask directories, in qc_masks' output order
    echo "$seg/mask_v0_0100_predictions/$1" "$seg/yolk_v1_0050_predictions/$1" "$seg/focus_v0_0100_predictions/$1" \
        "$seg/bubble_v0_0100_predictions/$1" "$seg/via_v1_0100_predictions/$1"
}
build01() { # exp microscope
    sh bin/build01.sh "$1" "$2" "$root/raw_image_data/$2/$1" "$root" \
        "$root/built_image_data/stitched_FF_images/$1" "$root/metadata/built_metadata_files/$1_metadata.csv" 0
}
qc_masks() { # exp
    models=$seg/segmentation_models
    # shellcheck disable=SC2046
    sh bin/qc_masks.sh "$root/built_image_data/stitched_FF_images/$1" "$models/mask_v0_0100" "$models/yolk_v1_0050" \
        "$models/focus_v0_0100" "$models/bubble_v0_0100" "$models/via_v1_0100" $(qc_dirs "$1") 0
}
sam2() { # exp
    s=$root/sam2_pipeline_files
    sh bin/sam2.sh "$1" "$root/built_image_data/stitched_FF_images/$1" "$root/metadata/built_metadata_files/$1_metadata.csv" \
        "$root/lab/morphseq/segmentation_sandbox/models/sam2/checkpoints/sam2.1_hiera_large.pt" \
        "$root/lab/weights/checkpoint_best_regular.pth" "$s/detections/gdino_detections_$1.json" \
        "$s/segmentation/grounded_sam_segmentations_$1.json" "$s/exported_masks/$1/masks" \
        "$s/exported_masks/$1/mask_export_manifest_$1.json" "$s/sam2_expr_files/sam2_metadata_$1.csv" 0
}
build03() { # exp
    s=$root/sam2_pipeline_files
    t=$root/training_data
    # shellcheck disable=SC2046
    sh bin/build03.sh "$1" "$s/sam2_expr_files/sam2_metadata_$1.csv" "$s/exported_masks/$1/masks" \
        "$s/segmentation/grounded_sam_segmentations_$1.json" "$s/exported_masks/$1/mask_export_manifest_$1.json" \
        "$root/metadata/built_metadata_files/$1_metadata.csv" "$root/built_image_data/stitched_FF_images/$1" \
        "$root/metadata/build03_output/expr_embryo_metadata_$1.csv" "$t/bf_embryo_snips/$1" \
        "$t/bf_embryo_snips_uncropped/$1" "$t/bf_embryo_masks" 0 $(qc_dirs "$1")
}
latents() { # exp
    sh bin/latents.sh "$root/models/legacy/$model" "$root/training_data/bf_embryo_snips/$1" \
        "$root/lab/envs/vae-env-cluster/bin/python" "$root/analysis/latent_embeddings/legacy/$model/morph_latents_$1.csv" 0
}
build04() { # exp
    m=$root/metadata
    sh bin/build04.sh "$m/build03_output/expr_embryo_metadata_$1.csv" "$root/sam2_pipeline_files/exported_masks/$1/masks" \
        "$m/stage_ref_df.csv" "$m/sa_reference_curves.csv" "$m/perturbation_name_key.csv" "$m/build04_output/qc_staged_$1.csv" \
        "$m/body_axis/summary/curvature_metrics_$1.csv" "$m/body_axis/arrays/curvature_arrays_$1.csv" 0
}
build06() { # exp
    sh bin/build06.sh "$root/metadata/build04_output/qc_staged_$1.csv" \
        "$root/analysis/latent_embeddings/legacy/$model/morph_latents_$1.csv" "$root/training_data/bf_embryo_snips/$1" \
        "$root/metadata/build06_output/df03_final_output_with_latents_$1.csv" 0
}

built="20250501_24hpf_ctrl 20250515_30hpf_atf6 20250603_24hpf_wnt"
for e in Keyence:20250501_24hpf_ctrl YX1:20250515_30hpf_atf6 YX1:20250603_24hpf_wnt; do
    build01 "${e#*:}" "${e%%:*}"
    qc_masks "${e#*:}"
    sam2 "${e#*:}"
    build03 "${e#*:}"
    latents "${e#*:}"
    build04 "${e#*:}"
    build06 "${e#*:}"
done
build01 20250522_48hpf_tbx5 Keyence
qc_masks 20250522_48hpf_tbx5

cm=$root/metadata/combined_metadata_files
set --
for e in $built; do set -- "$@" "$root/metadata/build04_output/qc_staged_$e.csv"; done
sh "$combine" "$cm/embryo_metadata_df02.csv" "$@"
set --
for e in $built; do set -- "$@" "$root/metadata/build06_output/df03_final_output_with_latents_$e.csv"; done
sh "$combine" "$cm/embryo_metadata_df03.csv" "$@"
echo "regen-demo: rebuilt $root"
