"""Fake of `python -m src.analyze.gen_embeddings.cli` (nlammers371/morphseq, 77119fa; its subprocess
runner at 3192be1): the same options, the Python 3.9 environment checked as the real one checks it
(<py39-env>/bin/python must exist), and the embedding script run with that interpreter for each
experiment whose latents are missing, or for every one with --overwrite. Exit 1 when any failed.
Not the real code: the contract test's stand-in (see NOTICE.md).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ... import fake_lab as lab

SCRIPT = lab.CHECKOUT / "src" / "run_morphseq_pipeline" / "services" / "generate_embeddings_py39.py"


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="fake: generate embeddings using a Python 3.9 subprocess")
    parser.add_argument("--data-root", required=True)
    parser.add_argument("--experiments", nargs="+", required=True)
    parser.add_argument("--model-name", default="20241107_ds_sweep01_optimum")
    parser.add_argument("--model-class", default="legacy")
    parser.add_argument("--py39-env", default="/net/trapnell/vol1/home/nlammers/micromamba/envs/vae-env-cluster")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("--process-missing", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lab.log_call("src.analyze.gen_embeddings.cli", argv)
    args = parse_arguments(argv)
    root = Path(args.data_root)
    if not root.is_dir():
        print(f"❌ Error: Data root directory not found: {root}")
        return 1
    python = Path(args.py39_env) / "bin" / "python"
    if not python.exists():
        print(f"❌ Error: Python 3.9 environment not found: {python}")
        return 1
    done = 0
    for exp in args.experiments:
        if lab.latents_csv(root, args.model_name, exp, args.model_class).exists() and not args.overwrite:
            print(f"✅ Embeddings already exist for {exp}")
            done += 1
            continue
        result = subprocess.run([str(python), str(SCRIPT), str(root), args.model_name, args.model_class, json.dumps([exp]), "64"],
                                capture_output=True, text=True, cwd=str(lab.CHECKOUT))
        print(result.stdout, end="")
        if result.returncode == 0:
            done += 1
        else:
            print(f"❌ Failed to generate embeddings for {exp}: {result.stderr.strip().splitlines()[-1:]}")
    return 0 if done == len(args.experiments) else 1


if __name__ == "__main__":
    sys.exit(main())
