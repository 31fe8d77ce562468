"""Train one fast RE model, score it on dev (the paper's macro F1), export it to ONNX with its
vocabulary, labels, card and a parity fixture.

  /usr/bin/python3 training/re/train.py --model clinical|ade|ddi2013 [--epochs 50]
Writes resources/models/re-<model>/ and training/.cache/re/<corpus>-{train,dev}.csv.
"""
import argparse
import datetime
import json
import os
import random
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "ner"))
from common import CACHE, REPO, default_shared  # noqa: E402
from tokens import TOKEN_PATTERN  # noqa: E402

from convert import load, write_csv  # noqa: E402
from features import CTX, SPAN, WINDOW, featurize  # noqa: E402
from fcnn import FastRE  # noqa: E402
from spec import SPECS  # noqa: E402

CORPUS_OF = {"clinical": "maccrobat", "ade": "ade", "ddi2013": "ddi2013"}
OUT_NAME = {"clinical": "re-clinical", "ade": "re-ade", "ddi2013": "re-ddi"}
PAPER_FCNN = {"ade": 89.2, "ddi2013": 69.2, "clinical": None}
WORDS = os.path.join(REPO, "resources", "models", "ner", "words.txt")
INPUTS = ["types", "span1", "span2", "context", "scalars"]


def read_words():
    words = open(WORDS, encoding="utf-8").read().split("\n")
    return words[:-1] if words[-1] == "" else words


def vector_table(words):
    """fastText vectors of the vocabulary (0: padding and 1: unknown stay zero)."""
    from gensim.models import FastText
    ft = FastText.load(os.path.join(CACHE, "fasttext.model"), mmap="r")
    table = np.zeros((len(words), ft.wv.vector_size), dtype=np.float32)
    for k, w in enumerate(words[2:], start=2):
        table[k] = ft.wv[w]
    return torch.from_numpy(table)


def tensors(items):
    f = [x[0] for x in items]
    return (torch.tensor([x["types"] for x in f]), torch.tensor([x["span1"] for x in f]),
            torch.tensor([x["span2"] for x in f]), torch.tensor([x["context"] for x in f]),
            torch.tensor([x["scalars"] for x in f], dtype=torch.float32),
            torch.tensor([x[1] for x in items]))


def scores(gold, pred, classes):
    """Per non-O class p/r/f1/support, macro F1 (paper) and micro F1 over non-O classes."""
    per, tp_all, fp_all, fn_all = {}, 0, 0, 0
    for c in range(1, len(classes)):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        p_ = tp / (tp + fp) if tp + fp else 0.0
        r_ = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
        per[classes[c]] = {"p": round(p_, 4), "r": round(r_, 4), "f1": round(f, 4), "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    macro = sum(v["f1"] for v in per.values()) / len(per)
    micro = 2 * tp_all / (2 * tp_all + fp_all + fn_all) if tp_all else 0.0
    return {"macro_f1": round(macro, 4), "micro_f1": round(micro, 4), "per_type": per}


def predict(model, items):
    """Class per pair; pairs the filter drops are predicted O, as in the product."""
    model.eval()
    kept = [k for k, x in enumerate(items) if x[2]]
    pred = [0] * len(items)
    with torch.no_grad():
        for start in range(0, len(kept), 2048):
            idx = kept[start:start + 2048]
            *inputs, _ = tensors([items[k] for k in idx])
            out = model(*inputs).argmax(1).tolist()
            for k, p in zip(idx, out):
                pred[k] = p
    return pred


def train(args):
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    spec = SPECS[args.model]
    corpus = CORPUS_OF[args.model]
    started = time.time()
    train_records, dev_records, facts = load(corpus, args.shared)
    n_train_rows = write_csv(os.path.join(CACHE, "re", f"{corpus}-train.csv"), train_records)
    n_dev_rows = write_csv(os.path.join(CACHE, "re", f"{corpus}-dev.csv"), dev_records)
    words = read_words()
    vocab = {w: k for k, w in enumerate(words)}
    train_items = featurize(train_records, vocab, spec)
    dev_items = featurize(dev_records, vocab, spec)
    fit = [x for x in train_items if x[2]]
    model = FastRE(vector_table(words), len(spec.types), len(spec.classes), dropout=args.dropout,
                   stack=WINDOW if args.stack else 0, ctx_width=CTX)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    # The paper's "LR decay 0.005": lr_t = lr / (1 + decay * t) per epoch.
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 / (1 + args.lr_decay * e))
    data = tensors(fit)
    weights = None
    if args.balance:
        # Rare classes (DDI "int") weigh more: inverse square root of their frequency.
        counts = torch.bincount(data[5], minlength=len(spec.classes)).clamp(min=1).float()
        weights = (counts.sum() / counts).sqrt()
        weights = weights / weights.mean()
    gold_dev = [x[1] for x in dev_items]
    best, best_state, best_epoch = -1.0, None, 0
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(fit))
        total = 0.0
        for start in range(0, len(fit), args.batch):
            idx = order[start:start + args.batch]
            if len(idx) < 2:
                continue
            *inputs, y = (t[idx] for t in data)
            loss = torch.nn.functional.cross_entropy(model.logits(*inputs), y, weight=weights)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        dev = scores(gold_dev, predict(model, dev_items), spec.classes)
        print(f"epoch {epoch + 1} loss {total / len(fit):.4f} dev macro {dev['macro_f1']:.4f} "
              f"micro {dev['micro_f1']:.4f}", flush=True)
        if dev["macro_f1"] > best:
            best, best_epoch = dev["macro_f1"], epoch + 1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    dev = scores(gold_dev, predict(model, dev_items), spec.classes)
    unfiltered = scores(gold_dev, predict(model, [(f, y, True) for f, y, _ in dev_items]),
                        spec.classes)
    positives = [x for x in dev_items if x[1] != 0]
    filter_recall = sum(1 for x in positives if x[2]) / max(1, len(positives))
    seconds = round(time.time() - started, 1)
    out = os.path.join(REPO, "resources", "models", OUT_NAME[args.model] + args.out_suffix)
    export(model, spec, words, out, dev_records, vocab)
    card = {
        "name": OUT_NAME[args.model], "version": args.version, "mode": "fast",
        "architecture": "FCNN over crafted pair features (paper's speed-optimized model): type "
                        "one-hots, mean fastText span vectors, 5 context windows (5 tokens each "
                        "side of each entity, first 16 between), log1p distances, span cosine"
                        + ("; plus the windows' token vectors stacked in order" if args.stack else "")
                        + "; FC 512-128, batch norm, leaky ReLU, dropout, softmax cross-entropy",
        "metric": "macro F1 over the relation classes, the negative class O excluded (the paper's "
                  "Table 1 metric); micro F1 over the same classes",
        "data": {"corpus": corpus, **facts, "train_pairs": len(train_items),
                 "train_pairs_after_filter": len(fit), "dev_pairs": len(dev_items),
                 "train_csv_rows": n_train_rows, "dev_csv_rows": n_dev_rows,
                 "row_layout": "appendix B: sentence, chunk1, begin1, end1, type1, chunk2, "
                               "begin2, end2, type2, label (code points, end exclusive)"},
        "pair_filter": {"max_tokens": spec.max_tokens, "max_between": spec.max_between,
                        "syntax_stand_in": "no dependency parser: entities + clause punctuation "
                                           "(, ; : ( ) [ ]) between the two entities",
                        "dev_positive_recall": round(filter_recall, 4),
                        "dev_macro_f1_without_filter": unfiltered["macro_f1"]},
        "dev": dev,
        "paper_fcnn_table1_macro_f1": PAPER_FCNN[args.model],
        "training": {"epochs": args.epochs, "best_epoch": best_epoch, "batch": args.batch,
                     "lr": args.lr, "lr_decay": args.lr_decay, "dropout": args.dropout,
                     "optimizer": "Adam", "seed": args.seed, "balanced_loss": args.balance,
                     "stacked_context": args.stack, "seconds": seconds,
                     "vectors": "training/.cache/fasttext.model (the NER's fastText, 100-d), frozen"},
        "date": datetime.date.today().isoformat(),
    }
    with open(os.path.join(out, "card.json"), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=1)
    print(json.dumps({"dev": dev, "filter_recall": filter_recall, "seconds": seconds}))


def export(model, spec, words, out, dev_records, vocab):
    """model.onnx (opset 13, dynamic batch), words.txt, labels.json, fixture.json."""
    os.makedirs(out, exist_ok=True)
    sample = featurize(dev_records[:40], vocab, spec)[:64]
    inputs = tensors(sample)[:5]
    torch.onnx.export(model, inputs, os.path.join(out, "model.onnx"), input_names=INPUTS,
                      output_names=["probs"], opset_version=13,
                      dynamic_axes={n: {0: "pairs"} for n in INPUTS + ["probs"]})
    with open(os.path.join(out, "words.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(words) + "\n")
    labels = {**spec.to_json(), "span": SPAN, "window": WINDOW, "context": CTX,
              "tokenPattern": TOKEN_PATTERN, "normalize": "lowercase+digits0"}
    with open(os.path.join(out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(labels, f, indent=1)
    with torch.no_grad():
        probs = model(*inputs)
    fixture = {"records": [{"text": r["text"], "entities": r["entities"], "pairs": r["pairs"]}
                           for r in dev_records[:40]],
               "features": [{k: v for k, v in x[0].items()} for x in sample],
               "probs": [[round(p, 6) for p in row] for row in probs.tolist()]}
    with open(os.path.join(out, "fixture.json"), "w", encoding="utf-8") as f:
        json.dump(fixture, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=sorted(SPECS), required=True)
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.0003)
    ap.add_argument("--lr-decay", type=float, default=0.005)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--stack", action="store_true",
                    help="also feed the context token vectors in order, not only their means")
    ap.add_argument("--balance", action="store_true", help="class-weighted loss (1/sqrt(freq))")
    ap.add_argument("--out-suffix", default="", help="write to resources/models/re-<model><suffix>")
    train(ap.parse_args())


if __name__ == "__main__":
    main()
