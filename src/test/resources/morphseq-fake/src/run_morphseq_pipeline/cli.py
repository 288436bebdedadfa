"""Fake of `python -m src.run_morphseq_pipeline.cli` (nlammers371/morphseq, cli.py at 3192be1).

Every subcommand and option of the real parser, with the same names, choices, types and required
options (argparse's defaults, so abbreviations are accepted as the real parser accepts them). The
subcommands the MorphSeq pipeline calls (build01, build02, and pipeline with --action sam2, build03 or
build06) write what the real ones write, and skip what the real ones skip; build03, build04 and build06
fail as the real ones do at this version; the others are not modelled (exit 3). See NOTICE.md.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import fake_lab as lab
from . import fake_steps as steps

MICROSCOPES = ["Keyence", "YX1"]
ACTIONS = ["e2e", "build01", "sam2", "build03", "build04", "build06"]
MODEL = "20241107_ds_sweep01_optimum"
PY39 = "/net/trapnell/vol1/home/nlammers/micromamba/envs/vae-env-cluster"


def _root_and_exp(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-root", required=True)
    p.add_argument("--test-suffix")
    p.add_argument("--exp", required=False)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="morphseq-runner", description="fake MorphSeq pipeline runner")
    sub = p.add_subparsers(dest="cmd", required=True)

    b01 = sub.add_parser("build01")
    _root_and_exp(b01)
    b01.add_argument("--microscope", choices=MICROSCOPES, required=True)
    b01.add_argument("--metadata-only", action="store_true")
    b01.add_argument("--overwrite", action="store_true")

    sub.add_parser("combine-metadata").add_argument("--root", required=True)

    b02 = sub.add_parser("build02")
    b02.add_argument("--data-root", required=True)
    b02.add_argument("--mode", choices=["legacy", "skip"], default="legacy")
    b02.add_argument("--model-name", default="mask_v1_0050")
    b02.add_argument("--n-classes", type=int, default=2)
    b02.add_argument("--num-workers", type=int, default=0)
    b02.add_argument("--experiments", type=str, default="")
    b02.add_argument("--overwrite", action="store_true")

    s2 = sub.add_parser("sam2")
    _root_and_exp(s2)
    s2.add_argument("--confidence-threshold", type=float, default=0.45)
    s2.add_argument("--iou-threshold", type=float, default=0.5)
    s2.add_argument("--target-prompt", default="individual embryo")
    s2.add_argument("--workers", type=int, default=8)
    s2.add_argument("--batch", action="store_true")
    s2.add_argument("--verbose", action="store_true")

    b03 = sub.add_parser("build03")
    _root_and_exp(b03)
    b03.add_argument("--sam2-csv")
    for name in ("--by-embryo", "--frames-per-embryo", "--max-samples"):
        b03.add_argument(name, type=int)
    b03.add_argument("--n-workers", type=int, default=1)
    b03.add_argument("--df01-out", default="metadata/combined_metadata_files/embryo_metadata_df01.csv")

    b04 = sub.add_parser("build04")
    b04.add_argument("--data-root", required=True)
    b04.add_argument("--exp", required=False)
    b04.add_argument("--dead-lead-time", type=float, default=4.0)
    b04.add_argument("--pert-key")
    b04.add_argument("--no-auto-augment-pert-key", dest="auto_augment_pert_key", action="store_false")
    b04.add_argument("--write-augmented-key", action="store_true")

    b05 = sub.add_parser("build05")
    b05.add_argument("--data-root", required=True)
    b05.add_argument("--train-name", required=True)
    b05.add_argument("--label-var", default=None)
    b05.add_argument("--rs-factor", type=float, default=1.0)
    b05.add_argument("--overwrite", action="store_true")

    e2e = sub.add_parser("e2e")
    _root_and_exp(e2e)
    e2e.add_argument("--sam2-csv")
    for name in ("--by-embryo", "--frames-per-embryo", "--max-samples"):
        e2e.add_argument(name, type=int)
    e2e.add_argument("--n-workers", type=int, default=1)
    e2e.add_argument("--train-name", required=True)
    for flag in ("--skip-build01", "--skip-build02", "--run-sam2", "--skip-build03", "--skip-build04", "--skip-build05"):
        e2e.add_argument(flag, action="store_true")
    e2e.add_argument("--sam2-confidence", type=float, default=0.45)
    e2e.add_argument("--sam2-iou", type=float, default=0.5)
    e2e.add_argument("--sam2-prompt", default="individual embryo")
    e2e.add_argument("--sam2-workers", type=int, default=8)
    e2e.add_argument("--sam2-verbose", action="store_true")
    e2e.add_argument("--microscope", choices=MICROSCOPES)
    e2e.add_argument("--metadata-only", action="store_true")
    e2e.add_argument("--build02-num-workers", type=int, default=0)
    e2e.add_argument("--overwrite", action="store_true")

    val = sub.add_parser("validate")
    val.add_argument("--data-root", required=True)
    val.add_argument("--exp", required=False)
    val.add_argument("--df01", default="metadata/combined_metadata_files/embryo_metadata_df01.csv")
    val.add_argument("--checks", default="schema,units,paths")

    emb = sub.add_parser("embed")
    emb.add_argument("--data-root", required=True)
    emb.add_argument("--train-name", required=True)
    emb.add_argument("--model-dir", required=False)
    emb.add_argument("--out-csv", required=False)
    emb.add_argument("--batch-size", type=int, default=64)
    emb.add_argument("--simulate", action="store_true")
    emb.add_argument("--latent-dim", type=int, default=16)
    emb.add_argument("--seed", type=int, default=0)

    b06 = sub.add_parser("build06")
    b06.add_argument("--morphseq-repo-root", required=True)
    b06.add_argument("--data-root", required=True)
    b06.add_argument("--model-name", default=MODEL)
    b06.add_argument("--experiments")
    b06.add_argument("--entities_to_process", dest="experiments")
    b06.add_argument("--process-missing", action="store_true", default=True)
    b06.add_argument("--generate-missing-latents", action="store_true", default=True)
    b06.add_argument("--py39-env", default=PY39)
    b06.add_argument("--overwrite-latents", action="store_true")
    b06.add_argument("--export-analysis-copies", action="store_true")
    b06.add_argument("--train-run")
    b06.add_argument("--write-train-output", action="store_true")
    b06.add_argument("--dry-run", action="store_true")

    st = sub.add_parser("status")
    st.add_argument("--data-root", required=True)
    st.add_argument("--experiments")
    st.add_argument("--verbose", action="store_true")
    st.add_argument("--format", choices=["table", "json"], default="table")
    st.add_argument("--model-name", default=MODEL)

    pipe = sub.add_parser("pipeline")
    pipe.add_argument("--data-root", required=True)
    pipe.add_argument("action", nargs="?", choices=ACTIONS)
    pipe.add_argument("--action", dest="action_opt", choices=ACTIONS)
    pipe.add_argument("--experiments")
    pipe.add_argument("--later-than", type=int)
    pipe.add_argument("--force", action="store_true")
    pipe.add_argument("--force-raw-data-organization", action="store_true")
    pipe.add_argument("--dry-run", action="store_true")
    pipe.add_argument("--model-name", default=MODEL)
    pipe.add_argument("--sam2-workers", type=int, default=8)
    pipe.add_argument("--sam2-confidence", type=float, default=0.45)
    pipe.add_argument("--sam2-iou", type=float, default=0.5)
    pipe.add_argument("--sam2-verbose", action="store_true")
    pipe.add_argument("--by-embryo", type=int)
    pipe.add_argument("--frames-per-embryo", type=int)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lab.log_call("src.run_morphseq_pipeline.cli", argv)
    args = build_parser().parse_args(argv)
    root = Path(args.data_root) if getattr(args, "data_root", None) else None

    if args.cmd == "build01":
        if not args.exp:
            raise SystemExit("--exp is required for build01")
        steps.build01(root, args.exp, args.microscope, args.metadata_only, args.overwrite)
    elif args.cmd == "build02":
        exps = [e.strip() for e in args.experiments.split(",") if e.strip()] if args.experiments else None
        steps.build02(root, args.mode, exps, args.overwrite)
    elif args.cmd == "build03":
        if not args.exp:
            raise SystemExit("--exp is required for build03")
        # the real subcommand calls run_build03_pipeline with keywords it does not take
        raise TypeError("run_build03_pipeline() got an unexpected keyword argument 'root'")
    elif args.cmd == "build04":
        # the real subcommand passes the per-experiment run_build04 keywords it does not take
        raise TypeError("run_build04() got an unexpected keyword argument 'pert_key_path'")
    elif args.cmd == "build06":
        # the real subcommand reads args.overwrite, which its parser does not define
        raise AttributeError("'Namespace' object has no attribute 'overwrite'")
    elif args.cmd == "pipeline":
        return pipeline(args, root)
    else:
        print(f"fake MorphSeq: '{args.cmd}' is not modelled by the contract test's stand-in", file=sys.stderr)
        return 3
    return 0


def pipeline(args: argparse.Namespace, root: Path) -> int:
    """`cli pipeline`: the ExperimentManager's selection, then one action for each selected experiment."""
    action = args.action_opt or args.action or "e2e"
    if not (root / "raw_image_data").exists():
        print(f"ERROR: Failed to initialize ExperimentManager: Expected raw image directory at '{root / 'raw_image_data'}'")
        return 1
    if args.experiments:
        wanted = [e.strip() for e in args.experiments.split(",") if e.strip()]
        selected = [e for e in wanted if lab.microscope_of(root, e)]
        missing = [e for e in wanted if e not in selected]
        if missing:
            # the real command goes on, and ends with exit status 0, having done nothing for them
            print(f"ℹ️ Experiments not found in raw data: {missing}")
    elif args.later_than:
        selected = [e for e in steps.discover(root) if e[:8].isdigit() and int(e[:8]) > args.later_than]
    else:
        selected = steps.discover(root)
    for exp in selected:
        steps.manager_state(root, exp)
    if args.force:
        os.environ["MSEQ_OVERWRITE_BUILD01"] = "1"
        os.environ["MSEQ_OVERWRITE_STITCH"] = "1"

    if action == "sam2":
        for exp in selected:
            if args.force or steps.needs_sam2(root, exp):
                steps.run_sam2(root, exp, force=args.force)
            else:
                print(f"✅ SAM2 already complete for {exp}")
    elif action == "build03":
        for exp in selected:
            if args.force or steps.needs_build03(root, exp):
                steps.run_build03(root, exp, overwrite=args.force)
            else:
                print(f"✅ Build03 already complete for {exp}")
    elif action == "build06":
        if selected:
            steps.run_build06(root, args.model_name, selected, overwrite_latents=args.force)
    else:
        print(f"fake MorphSeq: 'pipeline --action {action}' is not modelled by the contract test's stand-in", file=sys.stderr)
        return 3
    print(f"🎉 Pipeline {action} completed!")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
