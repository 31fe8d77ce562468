"""Paths shared by the training scripts."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.path.join(REPO, "training", ".cache")
OUT_DIR = os.path.join(REPO, "resources", "models", "ner")


def default_shared():
    """--shared default: $CODER_SHARED, else ../shared relative to the repo root."""
    return os.environ.get("CODER_SHARED") or os.path.abspath(os.path.join(REPO, "..", "shared"))
