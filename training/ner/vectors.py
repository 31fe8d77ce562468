"""Train subword-aware FastText word vectors (gensim) on the shared corpora's
train/dev texts only, and build the capped word vocabulary.

Texts: CodiEsp English background + train/dev translations, ACI-BENCH train/valid
notes and dialogues, MACCROBAT train-split reports, BC5CDR train+dev, NCBI
train+dev, DDI train. Withheld test portions are absent from ../shared and the
MACCROBAT dev split is excluded so dev F1 stays honest.

  python3 training/ner/vectors.py [--shared ../shared]
  python3 training/ner/vectors.py --corpus wide --epochs 10   # -> fasttext-wide.model

--corpus wide trains on the encoder's whole pretraining corpus instead (training/encoder/corpus.py:
the texts above plus ChemProt, PGR and ADE sentences and the terminology's descriptions,
synonyms and definitions), for the fast relation models (training/re/train.py --vectors wide).
"""
import argparse
import collections
import csv
import glob
import json
import os
import sys
import tarfile
import time

from common import CACHE, default_shared
from corpora import maccrobat_split, read_pubtator_docs
from tokens import normalize_word, tokenize

DIM = 100
MAX_VOCAB = 30000


def corpus_texts(shared):
    ds = os.path.join(shared, "datasets")
    with tarfile.open(os.path.join(ds, "codiesp/background_text_files_en.tar.gz")) as tf:
        for m in tf:
            if m.isfile() and m.name.endswith(".txt"):
                yield tf.extractfile(m).read().decode("utf-8", "replace")
    for split in ("train", "dev"):
        for p in sorted(glob.glob(os.path.join(ds, f"codiesp/{split}/text_files_en/*.txt"))):
            yield open(p, encoding="utf-8").read()
    csv.field_size_limit(10**8)
    for split in ("train", "valid"):
        for row in csv.DictReader(open(os.path.join(ds, f"aci_bench/challenge_data/{split}.csv"), encoding="utf-8")):
            yield row["dialogue"]
            yield row["note"]
    train_pmids, _ = maccrobat_split(shared)
    for pmid in train_pmids:
        yield open(os.path.join(ds, f"maccrobat2020/MACCROBAT2020/{pmid}.txt"), encoding="utf-8").read()
    for p in ["bc5cdr/CDR_TrainingSet.PubTator.txt", "bc5cdr/CDR_DevelopmentSet.PubTator.txt",
              "ncbi_disease/NCBItrainset_corpus.txt", "ncbi_disease/NCBIdevelopset_corpus.txt"]:
        for d in read_pubtator_docs(os.path.join(ds, p)):
            yield d["t"] + "\n" + d["a"]
    import xml.etree.ElementTree as ET
    for p in sorted(glob.glob(os.path.join(ds, "ddi2013/DDICorpus/Train/*/*.xml"))):
        for s in ET.parse(p).getroot().iter("sentence"):
            yield s.get("text")


def word_sentences(shared):
    """Normalized word lists, one per line of text."""
    out = []
    for text in corpus_texts(shared):
        for line in text.split("\n"):
            words = [normalize_word(line[s:e]) for s, e in tokenize(line)]
            if words:
                out.append(words)
    return out


def wide_word_sentences(shared):
    """Normalized word lists of the encoder's pretraining corpus, one per line of text."""
    sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "encoder"))
    from corpus import corpus_lines
    return [[normalize_word(w) for w in words] for words in corpus_lines(shared)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--corpus", choices=["ner", "wide"], default="ner",
                    help="ner: the NER's texts (fasttext.model); wide: the encoder's corpus")
    args = ap.parse_args()
    from gensim.models import FastText

    t0 = time.time()
    sents = word_sentences(args.shared) if args.corpus == "ner" else wide_word_sentences(args.shared)
    name = "fasttext" if args.corpus == "ner" else "fasttext-wide"
    n_tok = sum(len(s) for s in sents)
    print(f"{len(sents)} lines, {n_tok} tokens ({time.time() - t0:.0f}s)", flush=True)
    model = FastText(vector_size=DIM, window=5, min_count=2, sg=1, negative=5,
                     min_n=3, max_n=5, workers=2, seed=1, epochs=args.epochs)
    model.build_vocab(corpus_iterable=sents)
    model.train(corpus_iterable=sents, total_examples=len(sents), epochs=args.epochs)
    os.makedirs(CACHE, exist_ok=True)
    model.save(os.path.join(CACHE, f"{name}.model"))
    counts = collections.Counter(w for s in sents for w in s)
    json.dump({"tokens": n_tok, "lines": len(sents), "vocab_min2": len(model.wv),
               "dim": DIM, "epochs": args.epochs, "seconds": round(time.time() - t0),
               "counts": counts.most_common(200000)},
              open(os.path.join(CACHE, f"{name}_meta.json"), "w"))
    print(f"done in {time.time() - t0:.0f}s, vocab {len(model.wv)}", flush=True)


if __name__ == "__main__":
    main()
