"""The steps behind the fake cli: what each real step (nlammers371/morphseq, steps/ and
build/pipeline_objects.py at 77119fa / 3192be1) reads, writes and skips, with stand-in contents.

Not a module of the real MorphSeq code: the contract test's stand-in (see NOTICE.md).
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import fake_lab as lab
from .services.generate_embeddings_py39 import embed

RAW_SUFFIXES = (".tif", ".tiff", ".nd2", ".png", ".jpg")
LATENT_MODEL_CLASS = "legacy"


def discover(root: Path) -> list[str]:
    """The ExperimentManager's discovery: raw_image_data/<microscope>/<exp>/, skipping '.', '_' and 'ignore' names."""
    names = set()
    for mic in (root / "raw_image_data").iterdir():
        if not mic.is_dir() or mic.name.lower() == "ignore":
            continue
        for d in mic.iterdir():
            if d.is_dir() and not d.name.startswith((".", "_")) and not d.name.lower().startswith("ignore"):
                names.add(d.name)
    return sorted(names)


def manager_state(root: Path, exp: str) -> None:
    """The manager's own bookkeeping, written for every experiment it looks at (not a step's output)."""
    lab.write_json(root / "metadata" / "experiments" / f"{exp}.json", {"flags": {"raw": True}, "timestamps": {}})


# ---------------------------------------------------------------- Build01

def well_metadata(root: Path, exp: str) -> Path:
    """steps/run_build01.py's rule: the standard name in well_metadata/ or plate_metadata/, else one variant."""
    dirs = [d for d in (root / "metadata" / "well_metadata", root / "metadata" / "plate_metadata") if d.exists()]
    if not dirs:
        lab.fail("❌ Build01 validation failed: no metadata directory (metadata/well_metadata or metadata/plate_metadata)")
    for d in dirs:
        if (d / f"{exp}_well_metadata.xlsx").is_file():
            return d / f"{exp}_well_metadata.xlsx"
    candidates = [p for d in dirs for p in sorted(d.glob(f"{exp}_well_metadata*.xlsx")) if p.is_file()]
    if len(candidates) != 1:
        lab.fail(f"❌ Build01 validation failed: {len(candidates)} well metadata files for {exp}; keep one named {exp}_well_metadata.xlsx")
    return candidates[0]


def build01(root: Path, exp: str, microscope: str, metadata_only: bool, overwrite: bool) -> None:
    raw = root / "raw_image_data" / microscope / exp
    if not raw.exists():
        lab.fail(f"❌ Build01 validation failed: Raw image data directory not found: {raw}")
    wells = well_metadata(root, exp)
    images = lab.files_in(raw, RAW_SUFFIXES)
    if not images:
        lab.fail(f"no raw images in {raw}")
    ff = lab.stitched_ff_dir(root, exp)
    rows = []
    for image in images:
        image_id = image.stem
        out = ff / f"{image_id}_stitch.jpg"
        rows.append({"experiment_date": exp, "microscope": microscope, "image_id": image_id, "well": image_id[:3],
                     "ff_image": out.name, "well_metadata": wells.name})
        if metadata_only:
            continue
        if microscope == "Keyence":
            # the tiles on the way to the stitched image
            lab.write_text(root / "built_image_data" / "Keyence" / "FF_images" / exp / f"{image_id}.jpg", f"tile {image_id}\n")
        # without --overwrite Build01 resumes: images that exist are skipped
        if overwrite or not out.exists():
            lab.write_text(out, f"FF {exp} {image_id} {lab.digest(image.read_bytes())}\n")
    lab.write_csv(lab.built_metadata_csv(root, exp), list(rows[0]), rows)
    print(f"✔️  Build01 complete: {len(rows)} images")


# ---------------------------------------------------------------- Build02 (five QC UNets)

def build02(root: Path, mode: str, experiments: list[str] | None, overwrite: bool) -> None:
    if mode == "skip":
        print("ℹ️  build02: skipping legacy segmentation (SAM2 path expected)")
        return
    ff_root = root / "built_image_data" / "stitched_FF_images"
    exps = experiments if experiments is not None else sorted(d.name for d in ff_root.iterdir() if d.is_dir())
    failed = []
    for model in lab.QC_MODELS:
        weights = root / "segmentation" / "segmentation_models" / model
        for exp in exps:
            if not weights.is_file():
                print(f"❌ {model}@{exp} failed: no such file: {weights}")
                failed.append(model)
                continue
            out = root / "segmentation" / f"{model}_predictions" / exp
            for ff in lab.files_in(ff_root / exp, (".jpg", ".png", ".tif")):
                mask = out / f"{ff.stem}.jpg"
                # without --overwrite images that have a mask are skipped
                if overwrite or not mask.exists():
                    lab.write_text(mask, f"{model} {lab.digest(ff.read_bytes(), weights.read_bytes())}\n")
    total = len(lab.QC_MODELS) * len(exps)
    if failed and len(failed) == total:
        raise RuntimeError("All Build02 models failed")
    if failed:
        # as the real step: a partial failure still exits 0
        print("⚠️  Continuing with partial success - some QC functionality may be degraded")
    print("✔️  Build02 (complete QC segmentation suite) finished.")


# ---------------------------------------------------------------- SAM2

def needs_sam2(root: Path, exp: str) -> bool:
    csv = lab.sam2_files(root, exp)["csv"]
    if not csv.exists():
        return True
    t = csv.stat().st_mtime
    return lab.newest_mtime(lab.stitched_ff_dir(root, exp)) > t or lab.newest_mtime(lab.built_metadata_csv(root, exp)) > t


def find_repo_root(root: Path) -> Path:
    """steps/run_sam2.py's search for the checkout holding segmentation_sandbox/: the data root, its parents, the working directory."""
    for place in [root, *root.parents, Path.cwd(), Path.cwd().parent]:
        if (place / "segmentation_sandbox").exists():
            return place
    raise FileNotFoundError(f"Repository root with segmentation_sandbox/ not found. Searched from {root}")


def run_sam2(root: Path, exp: str, force: bool) -> None:
    ff = lab.stitched_ff_dir(root, exp)
    if not ff.exists():
        raise FileNotFoundError(f"Stitched images not found: {ff}")
    meta = lab.built_metadata_csv(root, exp)
    if not meta.exists():
        raise FileNotFoundError(f"Built metadata CSV required for SAM2 not found: {meta}")
    checkpoint = find_repo_root(root) / lab.SAM2_CHECKPOINT
    for weights in (checkpoint, lab.GDINO_WEIGHTS):
        if not weights.is_file():
            raise RuntimeError(f"SAM2 pipeline failed: model weights not found: {weights}")
    files = lab.sam2_files(root, exp)
    images = lab.files_in(ff, (".jpg", ".png"))
    rows = [r for r in lab.read_csv(meta)]
    if force or not files["organized"].exists():
        lab.write_json(files["organized"], {"experiment": exp, "images": [r["image_id"] for r in rows]})
    # --force removes detections and segmentations first; otherwise the stages keep what exists
    for key in ("detections", "segmentations"):
        if force and files[key].exists():
            files[key].unlink()
    if not files["detections"].exists():
        lab.write_json(files["detections"], {"experiments": {exp: {i.stem: [[1, 1, 9, 9]] for i in images}}})
    if not files["segmentations"].exists():
        videos: dict = {}
        for i in images:
            embryos = {f"{exp}_{i.stem[:3]}_e01": {"area": 100 + lab.digest(i.read_bytes()) % 50}}
            videos.setdefault(i.stem[:3], {"image_ids": {}})["image_ids"][i.stem] = {"embryos": embryos}
        lab.write_json(files["segmentations"], {"experiments": {exp: {"videos": videos}}})
    if force:
        for old in lab.files_in(files["masks"]):
            old.unlink()
        if files["manifest"].exists():
            files["manifest"].unlink()
    exports = {}
    out_rows = []
    for i in images:
        image_id = i.stem.replace("_stitch", "")
        mask = files["masks"] / f"{image_id}_masks_emnum_1.png"
        if not mask.exists():
            lab.write_text(mask, f"mask {lab.digest(i.read_bytes())}\n")
        exports[i.stem] = {"embryo_count": 1, "output_path": str(mask)}
        out_rows.append({"experiment_date": exp, "image_id": image_id, "well": image_id[:3], "embryo_id": f"{exp}_{image_id[:3]}_e01",
                         "snip_id": f"{exp}_{image_id}_e01", "region_label": 1, "exported_mask_path": mask.name,
                         "area_um2": 100 + lab.digest(i.read_bytes()) % 50})
    if force or not files["manifest"].exists():
        lab.write_json(files["manifest"], {"exports": exports})
    lab.write_csv(files["csv"], list(out_rows[0]) if out_rows else ["snip_id"], out_rows)
    print(f"✅ SAM2 pipeline completed successfully! {files['csv']}")


# ---------------------------------------------------------------- Build03

def needs_build03(root: Path, exp: str) -> bool:
    csv = lab.sam2_files(root, exp)["csv"]
    t, available = 0.0, False
    if csv.exists():
        t, available = csv.stat().st_mtime, True
    meta = lab.built_metadata_csv(root, exp)
    if meta.exists():
        t, available = max(t, meta.stat().st_mtime), True
    if not available:
        return False
    out = lab.build03_csv(root, exp)
    return not out.exists() or out.stat().st_mtime < t


def check_sam2_consistency(root: Path, exp: str) -> None:
    """Build03's check that the mask manifest agrees with the SAM2 segmentation JSON."""
    files = lab.sam2_files(root, exp)
    if not files["segmentations"].exists():
        return
    if not files["manifest"].exists():
        raise RuntimeError(f"❌ Mask manifest not found: {files['manifest']} (re-run: pipeline --experiments {exp} --action sam2 --force)")
    manifest = json.loads(files["manifest"].read_text())["exports"]
    videos = json.loads(files["segmentations"].read_text())["experiments"].get(exp, {}).get("videos", {})
    counts = {i: len(v["embryos"]) for video in videos.values() for i, v in video["image_ids"].items()}
    for image_id, export in manifest.items():
        if export["embryo_count"] != counts.get(image_id, 0) or not Path(export["output_path"]).exists():
            raise RuntimeError(f"❌ SAM2 ARTIFACT INCONSISTENCY DETECTED for {exp} at {image_id}")


def run_build03(root: Path, exp: str, overwrite: bool) -> None:
    files = lab.sam2_files(root, exp)
    if not files["csv"].exists():
        missing = [m for m in lab.QC_MODELS if not (root / "segmentation" / f"{m}_predictions" / exp).exists()]
        if missing:
            raise RuntimeError(f"No SAM2 CSV and missing QC masks for {exp}")
    check_sam2_consistency(root, exp)
    meta = {r["image_id"]: r for r in lab.read_csv(lab.built_metadata_csv(root, exp))}
    rows = []
    snips = lab.snips_dir(root, exp)
    uncropped = root / "training_data" / "bf_embryo_snips_uncropped" / exp
    masks = root / "training_data" / "bf_embryo_masks"
    for r in lab.read_csv(files["csv"]):
        image = meta[r["image_id"]]
        ff = lab.stitched_ff_dir(root, exp) / image["ff_image"]
        mask = files["masks"] / r["exported_mask_path"]
        qc = {m: root / "segmentation" / f"{m}_predictions" / exp / f"{ff.stem}.jpg" for m in lab.QC_MODELS}
        flags = lab.digest(*(q.read_bytes() for q in qc.values() if q.exists()))
        rows.append({**r, "microscope": image["microscope"], "use_embryo_flag": "true" if flags % 5 else "false"})
        if not ff.exists():
            print(f"⚠️ FF image not found for {r['snip_id']}; no snip")
            continue
        content = f"snip {r['snip_id']} {lab.digest(ff.read_bytes(), mask.read_bytes())}\n"
        # snips that exist are kept unless the step overwrites (pipeline --force)
        for out in (snips / f"{r['snip_id']}.jpg", uncropped / f"{r['snip_id']}.jpg",
                    masks / f"emb_{r['snip_id']}.jpg", masks / f"yolk_{r['snip_id']}.jpg"):
            if overwrite or not out.exists():
                lab.write_text(out, content)
    lab.write_csv(lab.build03_csv(root, exp), list(rows[0]) if rows else ["snip_id"], rows)
    print(f"✅ Build03 pipeline completed for {exp}: {len(rows)} embryos")


# ---------------------------------------------------------------- Build06

def run_build06(root: Path, model: str, experiments: list[str], overwrite_latents: bool) -> None:
    """steps/run_build06.py: per experiment, the usable Build04 rows joined with the latents."""
    for exp in experiments:
        staged_path = lab.build04_csv(root, exp)
        if not staged_path.exists():
            raise FileNotFoundError(f"Build04 per-experiment CSV not found: {staged_path}")
        staged = [r for r in lab.read_csv(staged_path) if r.get("use_embryo_flag", "").strip().lower() in ("true", "1", "t", "yes")]
        if not staged:
            print(f"WARNING: No quality embryos to merge for {exp}; skipping")
            continue
        latents_path = lab.latents_csv(root, model, exp)
        snip_ids = {s.stem for s in lab.files_in(lab.snips_dir(root, exp), (".jpg", ".png", ".jpeg"))}
        regenerate = overwrite_latents or not latents_path.exists()
        if not regenerate and snip_ids:
            regenerate = {r["snip_id"] for r in lab.read_csv(latents_path)} != snip_ids
        if regenerate:
            # generate_missing is on: the latents step's file is (re)written here
            embed(root, model, LATENT_MODEL_CLASS, exp)
        latents = {r["snip_id"]: r for r in lab.read_csv(latents_path)}
        z = [c for c in next(iter(latents.values()), {}) if c.startswith("z_")]
        if not z:
            raise ValueError(f"Invalid latents file (missing snip_id or z_*): {latents_path}")
        rows = [{**r, **{c: latents.get(r["snip_id"], {}).get(c, "") for c in z}} for r in staged]
        lab.write_csv(lab.build06_csv(root, exp), list(rows[0]), rows)
        print(f"✅ Wrote per-experiment df03: {lab.build06_csv(root, exp)}")
