"""Prepare the fine-tuning data as piece ids, so training needs neither ../shared nor a tokenizer.

NER: MACCROBAT (the NER card's 128/32 split, the product's labels), BC5CDR and NCBI disease
(train / development files), DDI 2013 drug names (Train documents, the RE split: seed 13, 20% dev).
RE: the sentence records of training/re/convert.py (ADE, DDI 2013, ChemProt, PGR, MACCROBAT
clinical), with their document splits.

  /usr/bin/python3 training/encoder/tasks.py [--shared ../shared]   # after corpus.py
Writes data_dir()/ner.json.gz and re.json.gz.
"""
import argparse
import gzip
import json
import os
import sys
import time
import xml.etree.ElementTree as ET

from settings import REPO, data_dir, default_shared
from corpora import (bio_tags, doc_to_sentences, maccrobat_split, read_bc5cdr, read_ddi,
                     read_maccrobat, read_ncbi)
from tokens import tokenize
from wordpiece import WordPiece

sys.path.append(os.path.join(REPO, "training", "re"))
import convert  # noqa: E402  training/re: RE sentence records and splits

RE_CORPORA = ["ddi2013", "chemprot", "pgr", "ade", "maccrobat", "posology", "temporal"]


def ner_examples(wp, sentences):
    out = []
    for s in sentences:
        tags = bio_tags(len(s["tokens"]), s["spans"])
        out.append({"doc": s["doc"], "pieces": [wp.word_ids(t) for t in s["tokens"]], "tags": tags})
    return out


def ddi_ner(shared):
    """DDI drug names split by document as the RE models split DDI (convert.split_ids)."""
    files = convert.ddi_files(shared)
    doc_of = {p: ET.parse(p).getroot().get("id") for p in files}
    train_ids, dev_ids = convert.split_ids(doc_of.values())
    dev = set(dev_ids)
    facts = {"split": "DDI Train documents sorted, random.Random(13).shuffle, last 20% dev",
             "train_documents": train_ids, "dev_documents": dev_ids}
    return (read_ddi(shared, [p for p in files if doc_of[p] not in dev]),
            read_ddi(shared, [p for p in files if doc_of[p] in dev]), facts)


def occurrences(text, mention):
    """Start offsets of `mention` in `text` that begin and end at word boundaries."""
    out, start = [], 0
    while True:
        k = text.find(mention, start)
        if k < 0:
            return out
        end = k + len(mention)
        if (k == 0 or not text[k - 1].isascii() or not text[k - 1].isalnum()) and \
                (end == len(text) or not text[end].isascii() or not text[end].isalnum()):
            out.append(k)
            start = end
        else:
            start = k + 1


def ade_ner_sentences(shared, pmids):
    """ADE corpus v2 drug and adverse-effect mentions (DRUG-AE.rel): every word-bounded
    occurrence of each annotated mention in its sentence; adverse effects are Problems."""
    sents = []
    for (pmid, text), links in convert.ade_links(shared, pmids).items():
        mentions = []
        for drug, other, _, label in links:
            if label != "ADE":
                continue
            for key in ((drug, "Drug"), (other, "Problem")):
                if key not in mentions:
                    mentions.append(key)
        spans = [(k, k + len(m), typ) for m, typ in mentions for k in occurrences(text, m)]
        sents += doc_to_sentences("ade", pmid, text, [(0, len(text))], spans)
    return sents


def ade_ner(shared):
    train_ids, dev_ids = convert.split_ids(convert.ade_pmids(shared))
    facts = {"split": "ADE PMIDs sorted, random.Random(13).shuffle, last 20% dev (the RE split)",
             "source": "DRUG-AE.rel: each annotated drug and adverse effect, every word-bounded "
                       "occurrence in its sentence; adverse effects as Problem",
             "train_documents": train_ids, "dev_documents": dev_ids}
    return ade_ner_sentences(shared, set(train_ids)), ade_ner_sentences(shared, set(dev_ids)), facts


def ner_tasks(shared, wp):
    train_ids, dev_ids = maccrobat_split(shared)
    sources = {
        "maccrobat": (read_maccrobat(shared, train_ids, keep_modifier=False),
                      read_maccrobat(shared, dev_ids, keep_modifier=False),
                      {"split": "the NER card's: sorted PMIDs, random.Random(13).shuffle, 128/32",
                       "train_documents": train_ids, "dev_documents": dev_ids}),
        "bc5cdr": (read_bc5cdr(shared, "Training"), read_bc5cdr(shared, "Development"),
                   {"split": "CDR_TrainingSet / CDR_DevelopmentSet"}),
        "ncbi_disease": (read_ncbi(shared, "trainset"), read_ncbi(shared, "developset"),
                         {"split": "NCBItrainset / NCBIdevelopset"}),
        "ddi2013": ddi_ner(shared),
        "ade": ade_ner(shared),
    }
    tasks = {}
    for name, (train, dev, facts) in sources.items():
        labels = sorted({l for s in train + dev for _, _, l in s["spans"]})
        tags = ["O"] + [f"{p}-{l}" for l in labels for p in ("B", "I")]
        tasks[name] = {"tags": tags, "facts": facts,
                       "train": ner_examples(wp, train), "dev": ner_examples(wp, dev)}
        print(f"ner {name}: {len(train)} train / {len(dev)} dev sentences, labels {labels}", flush=True)
    return tasks


def token_span(offsets, start, end):
    """Token indices [a, b) of the product tokens overlapping the code-point span."""
    idx = [k for k, (s, e) in enumerate(offsets) if s < end and e > start]
    return (idx[0], idx[-1] + 1) if idx else None


def re_examples(wp, records):
    out, lost = [], 0
    for r in records:
        offsets = tokenize(r["text"])
        spans = [token_span(offsets, s, e) for s, e, _ in r["entities"]]
        pairs = []
        for i, j, label in r["pairs"]:
            if spans[i] is None or spans[j] is None or spans[i][0] < spans[j][1] and spans[j][0] < spans[i][1]:
                lost += 1  # an entity with no token, or two entities sharing tokens
                continue
            pairs.append([i, j, label])
        if pairs:
            out.append({"doc": r["doc"], "pieces": [wp.word_ids(r["text"][s:e]) for s, e in offsets],
                        "ents": [[sp[0], sp[1], ent[2]] if sp else None
                                 for sp, ent in zip(spans, r["entities"])],
                        "pairs": pairs})
    return out, lost


def re_tasks(shared, wp):
    tasks = {}
    for corpus in RE_CORPORA:
        train, dev, facts = convert.load(corpus, shared)
        tr, lost_tr = re_examples(wp, train)
        dv, lost_dv = re_examples(wp, dev)
        labels = sorted({p[2] for ex in tr + dv for p in ex["pairs"]} - {"O"})
        facts = dict(facts, pairs_without_tokens={"train": lost_tr, "dev": lost_dv})
        tasks[corpus] = {"labels": ["O"] + labels, "facts": facts, "train": tr, "dev": dv}
        n = lambda xs: sum(len(x["pairs"]) for x in xs)  # noqa: E731
        print(f"re {corpus}: {n(tr)} train / {n(dv)} dev pairs, labels {labels}, "
              f"lost {lost_tr}/{lost_dv}", flush=True)
    types = sorted({e[2] for t in tasks.values() for ex in t["train"] + t["dev"]
                    for e in ex["ents"] if e})
    return {"types": types, "tasks": tasks}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=default_shared())
    args = ap.parse_args()
    t0 = time.time()
    wp = WordPiece.load(os.path.join(data_dir(), "vocab.txt"))
    with gzip.open(os.path.join(data_dir(), "ner.json.gz"), "wt", encoding="utf-8") as f:
        json.dump(ner_tasks(args.shared, wp), f)
    with gzip.open(os.path.join(data_dir(), "re.json.gz"), "wt", encoding="utf-8") as f:
        json.dump(re_tasks(args.shared, wp), f)
    print(f"done in {time.time() - t0:.0f}s", flush=True)


if __name__ == "__main__":
    main()
