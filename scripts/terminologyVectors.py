"""Derives the terminology word vectors shipped in resources/terminology from the project's
fastText model (training/ner/vectors.py → training/.cache/fasttext.model).

Reads a vocabulary (one word a line, written by scripts/buildWordVectors.ts from the shipped code
sets and HPO with the product's own tokenizer), adds the model's own words (letters only: the
words of clinical notes a query may use), asks the model for each word's vector (subword
n-grams give one to words the model never saw), scales it to unit length and quantizes it to int8
(round(127 x)). Writes a gzip file: a 4-byte little-endian header length, a JSON header, the words
joined by newlines, then the int8 matrix (words x dim, row-major).

  /usr/bin/python3 scripts/terminologyVectors.py VOCABULARY OUT [--model training/.cache/fasttext.model]
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import struct
import sys
import time

import numpy as np


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("vocabulary")
    parser.add_argument("out")
    parser.add_argument("--model", default="training/.cache/fasttext.model")
    args = parser.parse_args()
    from gensim.models import FastText

    started = time.time()
    words = {w for w in open(args.vocabulary, encoding="utf-8").read().split("\n") if w}
    model = FastText.load(args.model)
    wv = model.wv
    words = sorted(words | {w for w in wv.key_to_index if re.fullmatch("[a-z]+", w)})
    matrix = np.zeros((len(words), wv.vector_size), dtype=np.float32)
    in_model = 0
    for row, word in enumerate(words):
        in_model += word in wv.key_to_index
        matrix[row] = wv[word]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.maximum(norms, 1e-12)
    quantized = np.clip(np.rint(matrix * 127), -127, 127).astype(np.int8)
    header = {
        "format": 1,
        "dim": int(wv.vector_size),
        "words": len(words),
        "wordsInModelVocabulary": int(in_model),
        "scale": 127,
        "model": os.path.basename(args.model),
        "modelSha256": sha256_of(args.model),
        "modelVocabulary": len(wv.key_to_index),
        "madeBy": "npm run terminology:vectors (scripts/buildWordVectors.ts, scripts/terminologyVectors.py)",
    }
    header_bytes = json.dumps(header).encode("utf-8")
    body = struct.pack("<I", len(header_bytes)) + header_bytes + "\n".join(words).encode("utf-8")
    with gzip.GzipFile(args.out, "wb", compresslevel=9, mtime=0) as out:
        out.write(body + b"\n" + quantized.tobytes())
    print(json.dumps({**header, "seconds": round(time.time() - started, 1)}), file=sys.stderr)


if __name__ == "__main__":
    main()
