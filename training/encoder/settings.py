"""Paths and constants shared by the encoder scripts."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.path.join(REPO, "training", ".cache", "encoder")
sys.path.append(os.path.join(REPO, "training", "ner"))  # product tokenizer + corpus readers

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
# Entity markers: inline ones for one pass per pair, levitated ones for one pass per sentence.
MARKERS = ["[E1]", "[/E1]", "[E2]", "[/E2]", "[ENT]", "[/ENT]"]
PAD, UNK, CLS, SEP, MASK = range(5)


def default_shared():
    """--shared default: $CODER_SHARED, else ../shared relative to the repo root."""
    return os.environ.get("CODER_SHARED") or os.path.abspath(os.path.join(REPO, "..", "shared"))


def data_dir():
    """Prepared data (corpus ids, task files): $ENCODER_DATA, else training/.cache/encoder/data."""
    return os.environ.get("ENCODER_DATA") or os.path.join(CACHE, "data")
