"""Fake of `python -m src.run_morphseq_pipeline.steps.run_build04` (nlammers371/morphseq, 77119fa):
per-experiment QC and staging, with the real entry point's options and failures.

--root R --exp E reads metadata/build03_output/expr_embryo_metadata_E.csv (a missing one is an uncaught
FileNotFoundError, as in the real script), metadata/stage_ref_df.csv, metadata/sa_reference_curves.csv,
the perturbation key (written from the data when it is missing, as the real step bootstraps it) and the
SAM2 masks the rows name; writes metadata/build04_output/qc_staged_E.csv, and the curvature tables under
metadata/body_axis/ when at least one embryo's mask was found. Not the real code (see NOTICE.md).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from ... import fake_lab as lab


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fake: Build04 per-experiment QC and staging",
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--exp")
    parser.add_argument("--in-csv")
    parser.add_argument("--out-csv")
    parser.add_argument("--out-dir")
    parser.add_argument("--stage-ref")
    parser.add_argument("--dead-lead-time", type=float, default=4.0)
    parser.add_argument("--sg-window", type=int, default=5)
    parser.add_argument("--sg-poly", type=int, default=2)
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


def stage(root: Path, exp: str, in_csv: Path, out_csv: Path, stage_ref: Path) -> Path:
    if not stage_ref.exists():
        raise FileNotFoundError(f"Stage reference not found: {stage_ref}")
    sa_ref = root / "metadata" / "sa_reference_curves.csv"
    if not sa_ref.exists():
        raise FileNotFoundError(f"SA reference curves not found: {sa_ref}")
    key = root / "metadata" / "perturbation_name_key.csv"
    if not key.exists():
        lab.write_csv(key, ["master_perturbation", "short_pert_name"], [{"master_perturbation": "wt", "short_pert_name": "wt"}])
        print(f"📝 Wrote bootstrapped perturbation key to {key}")
    refs = lab.digest(stage_ref.read_bytes(), sa_ref.read_bytes(), key.read_bytes())
    masks = lab.sam2_files(root, exp)["masks"]
    rows, curvature = [], []
    for r in lab.read_csv(in_csv):
        mask = masks / r.get("exported_mask_path", "")
        length = lab.digest(mask.read_bytes()) % 900 + 100 if mask.is_file() else ""
        rows.append({**r, "predicted_stage_hpf": f"{24 + refs % 48}", "sa_outlier_flag": "false", "total_length_um": length})
        if length != "":
            curvature.append({"snip_id": r["snip_id"], "total_length_um": length, "baseline_deviation_um": length // 10})
    if curvature:
        lab.write_csv(root / "metadata" / "body_axis" / "summary" / f"curvature_metrics_{exp}.csv", list(curvature[0]), curvature)
        arrays = [{"snip_id": c["snip_id"], "centerline_x_json": "[0, 1]", "curvature_values_json": "[0.0, 0.1]"} for c in curvature]
        lab.write_csv(root / "metadata" / "body_axis" / "arrays" / f"curvature_arrays_{exp}.csv", list(arrays[0]), arrays)
    lab.write_csv(out_csv, list(rows[0]) if rows else ["snip_id"], rows)
    return out_csv


def main(argv: list[str] | None = None) -> int:
    import sys
    argv = sys.argv[1:] if argv is None else argv
    lab.log_call("src.run_morphseq_pipeline.steps.run_build04", argv)
    args = _parse_args(argv)
    root = Path(args.root)
    if args.in_csv and args.out_csv:
        exp, in_csv, out_csv = args.exp or "unknown", Path(args.in_csv), Path(args.out_csv)
    elif args.exp:
        exp = args.exp
        in_csv = lab.build03_csv(root, exp)
        if not in_csv.exists():
            raise FileNotFoundError(f"Build03 CSV not found for experiment {exp}: {in_csv}")
        out_dir = Path(args.out_dir) if args.out_dir else root / "metadata" / "build04_output"
        out_csv = Path(args.out_csv) if args.out_csv else out_dir / f"qc_staged_{exp}.csv"
    else:
        print("❌ Error: Must provide either --exp OR both --in-csv and --out-csv")
        return 1
    try:
        out = stage(root, exp, in_csv, out_csv, Path(args.stage_ref) if args.stage_ref else root / "metadata" / "stage_ref_df.csv")
        print(f"✅ Build04 completed for {exp}\n   📁 Output: {out}")
        return 0
    except Exception as e:
        print(f"❌ Build04 failed: {e}")
        return 1


if __name__ == "__main__":
    exit(main())
