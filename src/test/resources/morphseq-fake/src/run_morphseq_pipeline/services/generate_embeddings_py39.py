"""Fake of src/run_morphseq_pipeline/services/generate_embeddings_py39.py (nlammers371/morphseq, 3192be1):
the script gen_embeddings runs with the Python 3.9 environment's interpreter, here with any Python 3.

    python generate_embeddings_py39.py <data_root> <model_name> <model_class> <experiments_json> <batch_size>

It loads the model from <data_root>/models/<model_class>/<model_name>/ and writes, per experiment, one
latent vector per snip of training_data/bf_embryo_snips/<exp>/ to
analysis/latent_embeddings/<model_class>/<model_name>/morph_latents_<exp>.csv. (The real script checks
that it runs on Python 3.9; the fake does not.) Not the real code: the contract test's stand-in.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

if __package__:
    from ... import fake_lab as lab
else:  # run as a script, as gen_embeddings runs it
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from src import fake_lab as lab


def embed(data_root: Path, model: str, model_class: str, exp: str) -> Path:
    model_dir = data_root / "models" / model_class / model
    if not model_dir.exists():
        raise FileNotFoundError(f"Model directory not found: {model_dir}")
    weights = b"".join(f.read_bytes() for f in sorted(model_dir.rglob("*")) if f.is_file())
    rows = []
    for snip in lab.files_in(lab.snips_dir(data_root, exp), (".jpg", ".png", ".jpeg")):
        h = lab.digest(weights, snip.read_bytes())
        rows.append({"snip_id": snip.stem, "experiment_date": exp,
                     **{f"z_mu_{k:02d}": f"{((h * (k + 3)) % 2001 - 1000) / 1000:.3f}" for k in range(3)}})
    out = lab.latents_csv(data_root, model, exp, model_class)
    lab.write_csv(out, ["snip_id", "experiment_date", "z_mu_00", "z_mu_01", "z_mu_02"], rows)
    print(f"Saved embeddings: {out}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 5:
        print("Usage: python generate_embeddings_py39.py <data_root> <model_name> <model_class> <experiments_json> <batch_size>",
              file=sys.stderr)
        return 1
    data_root, model, model_class, experiments, _batch = Path(argv[0]), argv[1], argv[2], json.loads(argv[3]), int(argv[4])
    try:
        for exp in experiments:
            embed(data_root, model, model_class, exp)
    except Exception as e:
        print(f"❌ Error in Python 3.9 subprocess: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
