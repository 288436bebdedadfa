"""Part of the fake MorphSeq checkout morph's contract test runs against (see NOTICE.md)."""
