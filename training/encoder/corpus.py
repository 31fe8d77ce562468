"""Build the pretraining corpus and the derived WordPiece vocabulary, reproducibly.

Texts (train and dev portions only; the withheld test sets are absent from ../shared, the
MACCROBAT dev reports and the PGR test PMIDs are left out so dev scores stay honest):
CodiEsp English (background + train/dev), ACI-BENCH train/valid notes and dialogues,
MACCROBAT train reports, BC5CDR and NCBI train+dev, DDI 2013 Train, ChemProt
training+development abstracts, PGR sentences, ADE sentences; and the terminology's words:
ICD-10-CM and ICD-10-PCS order-file descriptions, HPO names, synonyms and definitions.

Vocabulary: the BiomedBERT uncased vocabulary (../shared/models, MIT) is only the source of
candidate pieces. Every corpus word is split with it; the vocabulary kept is the specials,
every single character (plain and '##'), the pieces used at least --min-count times, and the
entity markers. Words are then re-split with the kept vocabulary, so training and the app
see the same pieces.

  /usr/bin/python3 training/encoder/corpus.py [--shared ../shared]
Writes data_dir()/vocab.txt, corpus_ids.npy (uint16 piece ids, lines separated by [SEP]),
corpus.json (sizes and sources).
"""
import argparse
import collections
import csv
import gzip
import json
import os
import time

import numpy as np

from settings import MARKERS, SEP, SPECIALS, data_dir, default_shared
from wordpiece import WordPiece
from tokens import tokenize  # training/ner: the product's tokenizer
import vectors  # training/ner: the texts the word vectors were trained on

BASE_VOCAB = "models/biomedbert-base-uncased-abstract-fulltext-TOKENIZER-ONLY/vocab.txt"


def withheld_pgr(shared):
    path = os.path.join(shared, "datasets/pgr/WITHHELD_TEST_PMIDS.txt")
    return {line.strip() for line in open(path, encoding="utf-8") if line.strip()}


def extra_texts(shared):
    """Texts beyond the word-vector corpus: ChemProt, PGR, ADE, terminology."""
    ds = os.path.join(shared, "datasets")
    for part in ("training", "development"):
        path = os.path.join(ds, f"chemprot/chemprot_{part}/chemprot_{part}_abstracts.tsv")
        for line in open(path, encoding="utf-8"):
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3:
                yield cols[1] + "\n" + cols[2]
    held = withheld_pgr(shared)
    seen = set()
    for path in ("pgr/10_12_2018_corpus/train.tsv", "pgr/11_03_2019_corpus/train.tsv.gz"):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(os.path.join(ds, path), "rt", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["FILE_ID"] not in held and row["SENTENCE"] not in seen:
                    seen.add(row["SENTENCE"])
                    yield row["SENTENCE"]
    seen = set()
    for path in ("ade_corpus_v2/DRUG-AE.rel", "ade_corpus_v2/DRUG-DOSE.rel", "ade_corpus_v2/ADE-NEG.txt.gz"):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(os.path.join(ds, path), "rt", encoding="utf-8", errors="replace") as f:
            for line in f:
                cols = line.rstrip("\n").split("|")
                sent = cols[1] if len(cols) > 1 else ""
                if path.endswith(".gz"):
                    sent = line.split(" ", 2)[-1].strip() if " NEG " in line else sent
                if sent and sent not in seen:
                    seen.add(sent)
                    yield sent
    yield from terminology_texts(shared)


def terminology_texts(shared):
    term = os.path.join(shared, "terminology")
    for name in ("icd10cm/icd10cm_order_2026.txt.gz", "icd10pcs/icd10pcs_order_2026.txt.gz"):
        with gzip.open(os.path.join(term, name), "rt", encoding="utf-8", errors="replace") as f:
            yield "\n".join(line[77:].strip() for line in f if len(line) > 77)
    hpo = json.load(gzip.open(os.path.join(term, "hpo/hp.json.gz"), "rt", encoding="utf-8"))
    lines = []
    for graph in hpo.get("graphs", []):
        for node in graph.get("nodes", []):
            if node.get("lbl"):
                lines.append(node["lbl"])
            meta = node.get("meta", {})
            lines += [s.get("val", "") for s in meta.get("synonyms", [])]
            if meta.get("definition", {}).get("val"):
                lines.append(meta["definition"]["val"])
    yield "\n".join(lines)


def corpus_lines(shared):
    for text in list(vectors.corpus_texts(shared)) + list(extra_texts(shared)):
        for line in text.split("\n"):
            words = [line[s:e] for s, e in tokenize(line)]
            if words:
                yield words


def derive_vocab(lines, base, min_count):
    counts = collections.Counter()
    word_counts = collections.Counter(w for words in lines for w in words)
    for word, n in word_counts.items():
        for piece in base.word_pieces(word):
            counts[piece] += n
    singles = [t for t in base.tokens if len(t.replace("##", "", 1)) == 1 and t not in SPECIALS]
    kept = [t for t in base.tokens if t not in SPECIALS and counts[t] >= min_count]
    seen = set(SPECIALS)
    vocab = list(SPECIALS)
    for t in singles + kept + MARKERS:
        if t not in seen:
            seen.add(t)
            vocab.append(t)
    return vocab


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--min-count", type=int, default=5)
    args = ap.parse_args()
    t0 = time.time()
    lines = list(corpus_lines(args.shared))
    n_words = sum(len(w) for w in lines)
    print(f"{len(lines)} lines, {n_words} words ({time.time() - t0:.0f}s)", flush=True)
    base = WordPiece.load(os.path.join(args.shared, BASE_VOCAB))
    vocab = derive_vocab(lines, base, args.min_count)
    wp = WordPiece(vocab)
    ids = []
    for words in lines:
        for w in words:
            ids.extend(wp.word_ids(w))
        ids.append(SEP)
    out = data_dir()
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    np.save(os.path.join(out, "corpus_ids.npy"), np.asarray(ids, dtype=np.uint16))
    unk = sum(1 for i in ids if i == 1)
    info = {"lines": len(lines), "words": n_words, "pieces": len(ids), "vocab": len(vocab),
            "unk_rate": round(unk / max(1, len(ids)), 5), "min_count": args.min_count,
            "seconds": round(time.time() - t0)}
    json.dump(info, open(os.path.join(out, "corpus.json"), "w"), indent=1)
    print(json.dumps(info), flush=True)


if __name__ == "__main__":
    main()
