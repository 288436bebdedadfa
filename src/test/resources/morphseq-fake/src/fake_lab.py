"""What the fake entry points share: the call log, the lab's path layout, small table and image helpers.

Not a module of the real MorphSeq code: the contract test's stand-in (see NOTICE.md). Standard library only.
"""
from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

# the checkout: <checkout>/src/fake_lab.py
CHECKOUT = Path(__file__).resolve().parents[1]
CALL_LOG = CHECKOUT / "fake-calls.log"
# The GroundingDINO weights: the real steps/run_sam2.py names an absolute file outside the checkout;
# the fake names the file beside the checkout, where the contract test puts it.
GDINO_WEIGHTS = CHECKOUT.parent / "weights" / "checkpoint_best_regular.pth"
SAM2_CHECKPOINT = Path("segmentation_sandbox/models/sam2/checkpoints/sam2.1_hiera_large.pt")
QC_MODELS = ["mask_v0_0100", "yolk_v1_0050", "focus_v0_0100", "bubble_v0_0100", "via_v1_0100"]
MICROSCOPES = ["Keyence", "YX1"]


def log_call(entry: str, argv: list[str]) -> None:
    """Appends one JSON line per invocation (one write, so concurrent jobs do not interleave)."""
    line = json.dumps({"entry": entry, "argv": argv, "cwd": os.getcwd()}) + "\n"
    with open(CALL_LOG, "a", encoding="utf-8") as log:
        log.write(line)


def fail(message: str, code: int = 1) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(code)


# ---------------------------------------------------------------- the lab's layout (paths.py, 77119fa)

def stitched_ff_dir(root: Path, exp: str) -> Path:
    return root / "built_image_data" / "stitched_FF_images" / exp


def built_metadata_csv(root: Path, exp: str) -> Path:
    return root / "metadata" / "built_metadata_files" / f"{exp}_metadata.csv"


def sam2_files(root: Path, exp: str) -> dict[str, Path]:
    s = root / "sam2_pipeline_files"
    return {
        "organized": s / "raw_data_organized" / exp / f"experiment_metadata_{exp}.json",
        "detections": s / "detections" / f"gdino_detections_{exp}.json",
        "segmentations": s / "segmentation" / f"grounded_sam_segmentations_{exp}.json",
        "masks": s / "exported_masks" / exp / "masks",
        "manifest": s / "exported_masks" / exp / f"mask_export_manifest_{exp}.json",
        "csv": s / "sam2_expr_files" / f"sam2_metadata_{exp}.csv",
    }


def build03_csv(root: Path, exp: str) -> Path:
    return root / "metadata" / "build03_output" / f"expr_embryo_metadata_{exp}.csv"


def snips_dir(root: Path, exp: str) -> Path:
    return root / "training_data" / "bf_embryo_snips" / exp


def build04_csv(root: Path, exp: str) -> Path:
    return root / "metadata" / "build04_output" / f"qc_staged_{exp}.csv"


def latents_csv(root: Path, model: str, exp: str, model_class: str = "legacy") -> Path:
    return root / "analysis" / "latent_embeddings" / model_class / model / f"morph_latents_{exp}.csv"


def build06_csv(root: Path, exp: str) -> Path:
    return root / "metadata" / "build06_output" / f"df03_final_output_with_latents_{exp}.csv"


def microscope_of(root: Path, exp: str) -> str | None:
    found = [m for m in MICROSCOPES if (root / "raw_image_data" / m / exp).exists()]
    if len(found) > 1:
        raise RuntimeError(f"Ambiguous raw data for {exp}")
    return found[0] if found else None


# ---------------------------------------------------------------- files

def newest_mtime(path: Path) -> float:
    """The newest mtime of a file, or of any file below a directory; 0 when there is none."""
    if path.is_file():
        return path.stat().st_mtime
    if not path.is_dir():
        return 0.0
    return max((f.stat().st_mtime for f in path.rglob("*") if f.is_file()), default=0.0)


def files_in(directory: Path, suffixes: tuple[str, ...] = ()) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(f for f in directory.iterdir() if f.is_file() and (not suffixes or f.suffix.lower() in suffixes))


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write_json(path: Path, value) -> None:
    write_text(path, json.dumps(value, indent=2, sort_keys=True) + "\n")


def digest(*parts: bytes | str) -> int:
    """A small deterministic number from the inputs (a stand-in for what a model computes from them)."""
    h = 0
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        for b in data:
            h = (h * 131 + b) % 1_000_003
    return h
