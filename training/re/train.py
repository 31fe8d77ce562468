"""Train one fast RE model, score it on dev (the paper's macro F1), export it to ONNX with its
vocabulary, labels, card and a parity fixture.

  /usr/bin/python3 training/re/train.py --model clinical|ade|ddi2013|chemprot|pgr|posology|
                                                 temporal|cause [--epochs 50]
Writes resources/models/re-<model>/ and training/.cache/re/<name>-{train,dev}.csv.
  /usr/bin/python3 training/re/train.py --csv FILE --spec-json labels.json --out DIR [--end-inclusive]
Trains on the user's appendix-B rows (validated first, with line numbers, by `train re` in
src/main/evaluation/reCsv.ts; header row; code-point offsets) into DIR, dev = 20% of sentences.
"""
import argparse
import copy
import csv
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
from averaging import running_mean  # noqa: E402
from common import CACHE, REPO, default_shared  # noqa: E402
from tokens import TOKEN_PATTERN, normalize_word, tokenize  # noqa: E402

from convert import COLUMNS, CSV_NAMES, load, write_csv  # noqa: E402
from features import CTX, SPAN, WINDOW, featurize  # noqa: E402
from fcnn import FastRE  # noqa: E402
from spec import SPECS, Spec  # noqa: E402

# The converter's data set of each model (posology, temporal, cause: MACCROBAT relations).
CORPUS_OF = {"clinical": "maccrobat", "ade": "ade", "ddi2013": "ddi2013", "chemprot": "chemprot",
             "pgr": "pgr", "posology": "posology", "temporal": "temporal", "cause": "cause"}
OUT_NAME = {"clinical": "re-clinical", "ade": "re-ade", "ddi2013": "re-ddi",
            "chemprot": "re-chemprot", "pgr": "re-pgr", "posology": "re-posology",
            "temporal": "re-temporal", "cause": "re-cause"}
# The paper's Table 1 FCNN column; none for the MACCROBAT models (the paper's posology and
# temporal rows are n2c2 / i2b2 data, not comparable).
PAPER_FCNN = {"ade": 89.2, "ddi2013": 69.2, "clinical": None, "chemprot": 65.8, "pgr": 81.2,
              "posology": None, "temporal": None, "cause": None}
WORDS = os.path.join(REPO, "resources", "models", "ner", "words.txt")
INPUTS = ["types", "span1", "span2", "context", "scalars"]
# int8 weights ship only if they cost at most this much dev macro F1 (half a point).
INT8_TOLERANCE = 0.005
# What may be stored as int8 rows with a per-row fp32 scale (max |v| / 127), most first.
INT8_CHOICES = [
    ("int8: the embedding table (Gather -> Cast -> Mul) and the hidden layers' weights "
     "(Cast -> Mul -> Gemm), per-row fp32 scales; biases, batch norm and classifier fp32",
     ("table", "hidden")),
    ("int8: the embedding table (Gather -> Cast -> Mul), per-row fp32 scale; every other "
     "weight fp32", ("table",)),
]


def read_words():
    words = open(WORDS, encoding="utf-8").read().split("\n")
    return words[:-1] if words[-1] == "" else words


def vectors_path(name):
    """The fastText model of a --vectors choice (training/ner/vectors.py --corpus NAME)."""
    return os.path.join(CACHE, "fasttext.model" if name == "ner" else f"fasttext-{name}.model")


def vector_words(name, min_count):
    """The words of a fastText model's vocabulary seen at least min_count times, most frequent
    first (gensim keeps its vocabulary sorted by count)."""
    from gensim.models import FastText
    ft = FastText.load(vectors_path(name), mmap="r")
    return [w for w in ft.wv.index_to_key if ft.wv.get_vecattr(w, "count") >= min_count]


def vector_table(words, fallback_onnx=None, vectors="ner"):
    """fastText vectors of the vocabulary (0: padding and 1: unknown stay zero); without the
    fastText cache (a user's machine), the same frozen table read from a shipped model.onnx."""
    if not os.path.exists(vectors_path(vectors)) and fallback_onnx:
        return onnx_vector_table(fallback_onnx, len(words))
    from gensim.models import FastText
    ft = FastText.load(vectors_path(vectors), mmap="r")
    table = np.zeros((len(words), ft.wv.vector_size), dtype=np.float32)
    for k, w in enumerate(words[2:], start=2):
        table[k] = ft.wv[w]
    return torch.from_numpy(table)


def onnx_vector_table(path, n_words):
    """The first n_words rows of the embedding table stored inside a shipped RE model.onnx (a
    model trained with --extend-vocab has more, appended after the NER's words): the fp32
    initializer, or the int8 one times its per-row scale ([rows, 1])."""
    import onnx
    from onnx import TensorProto, numpy_helper
    inits = onnx.load(path).graph.initializer
    names = {"embedding.weight", "embedding.q"}
    table = next((i for i in inits if i.name in names and i.dims[0] >= n_words), None)
    if table is None:
        raise SystemExit(f"no [{n_words}, dim] embedding table in {path}")
    values = numpy_helper.to_array(table).astype(np.float32)
    if table.data_type == TensorProto.INT8:
        scale = next((i for i in inits if i.name == "embedding.scale"), None)
        if scale is None:
            raise SystemExit(f"no per-row scale beside the int8 table in {path}")
        values = values * numpy_helper.to_array(scale).astype(np.float32)
    return torch.from_numpy(values[:n_words].copy())


# ---------------------------------------------------------------- --csv: the user's rows

def spec_from_json(path):
    """A Spec from a model's labels.json (types, whitelist, filter); classes are set from the rows."""
    with open(path, encoding="utf-8") as f:
        j = json.load(f)
    return Spec("csv", j["types"], j["pairs"], j["classes"], j["maxTokens"], j["maxBetween"])


def csv_records(path, base, end_inclusive, seed):
    """(spec, train records, dev records, facts): classes are "O" + the rows' other labels, sorted."""
    by_text = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    labels = set()
    for n, row in enumerate(rows, start=2):
        if len(row) != len(COLUMNS):
            raise SystemExit(f"{path} line {n}: expected {len(COLUMNS)} columns")
        text, _, b1, e1, t1, _, b2, e2, t2, label = row
        shift = 1 if end_inclusive else 0
        one = (int(b1), int(e1) + shift, t1)
        two = (int(b2), int(e2) + shift, t2)
        record = by_text.setdefault(text, {"corpus": "csv", "doc": "", "text": text,
                                           "entities": [], "pairs": []})
        ids = []
        for ent in sorted([one, two]):
            if ent not in record["entities"]:
                record["entities"].append(ent)
            ids.append(record["entities"].index(ent))
        record["pairs"].append((ids[0], ids[1], label))
        labels.add(label)
    classes = ["O"] + sorted(labels - {"O"})
    spec = Spec("csv", base.types, base.pairs, classes, base.max_tokens, base.max_between)
    texts = list(by_text)
    for k, text in enumerate(texts):
        by_text[text]["doc"] = f"s{k + 1}"
    if len(texts) < 2:
        raise SystemExit(f"{path}: at least 2 distinct sentences are needed for the dev split")
    # As convert.split_ids, but never an empty side on a tiny file.
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    n_dev = max(1, round(len(order) * 0.2))
    train_ids, dev_ids = sorted(order[:-n_dev]), sorted(order[-n_dev:])
    records = [by_text[t] for t in texts]
    facts = {"split": f"by sentence: random.Random({seed}).shuffle, last 20% dev",
             "sentences": len(texts), "source": path,
             "end_convention": "inclusive" if end_inclusive else "exclusive"}
    return spec, [records[k] for k in train_ids], [records[k] for k in dev_ids], facts


def corpus_words(records, known):
    """The training sentences' words (normalized as the NER's) missing from `known`, in first-seen
    order: fastText builds their vectors from character n-grams, so biomedical names the
    clinical vocabulary lacks stop being "unknown"."""
    new = {}
    for r in records:
        for s, e in tokenize(r["text"]):
            w = normalize_word(r["text"][s:e])
            if w not in known:
                new[w] = True
    return list(new)


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


def score_dev(model, dev_items, classes):
    """Dev scores with the pair filter (as the product runs) and without it."""
    gold = [x[1] for x in dev_items]
    return (scores(gold, predict(model, dev_items), classes),
            scores(gold, predict(model, [(f, y, True) for f, y, _ in dev_items]), classes))


def quantized_if_harmless(model, dev_items, classes, fp32_dev, fp32=False):
    """(model, dev, unfiltered dev, card facts): the first INT8_CHOICES copy of the model whose
    dev macro F1 is at most INT8_TOLERANCE below the fp32 one, else the fp32 model itself."""
    facts = {"weights": "fp32",
             "rule": f"the most int8 whose dev macro F1 drops by at most {INT8_TOLERANCE}",
             "dev_fp32": {"macro_f1": fp32_dev["macro_f1"], "micro_f1": fp32_dev["micro_f1"]},
             "tried": []}
    for label, parts in ([] if fp32 else INT8_CHOICES):
        q = copy.deepcopy(model)
        q.quantize_table()
        if "hidden" in parts:
            q.quantize_hidden()
        q.eval()
        dev, unfiltered = score_dev(q, dev_items, classes)
        drop = round(fp32_dev["macro_f1"] - dev["macro_f1"], 4)
        facts["tried"].append({"int8": list(parts), "macro_f1": dev["macro_f1"],
                               "micro_f1": dev["micro_f1"], "macro_f1_drop": drop})
        if drop <= INT8_TOLERANCE:
            return q, dev, unfiltered, {**facts, "weights": label}
    return model, fp32_dev, None, facts


def trainable(model):
    """The model's trainable parameters by name (what weight averaging averages; the frozen
    table never changes)."""
    return {k: v for k, v in model.named_parameters() if v.requires_grad}


def with_weights(model, weights, data, batch):
    """A copy of the model holding `weights`, its batch norm statistics recomputed over the
    training pairs (averaged weights make the running statistics of any one epoch wrong)."""
    out = copy.deepcopy(model)
    with torch.no_grad():
        params = dict(out.named_parameters())
        for k, v in weights.items():
            params[k].copy_(v)
        norms = [m for m in out.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # a cumulative mean over the pass, as torch's swa_utils.update_bn
        out.train()
        # Its own random stream: the dropout draws here must not change the training run's.
        with torch.random.fork_rng(devices=[]):
            for start in range(0, len(data[0]) - 1, batch):
                *inputs, _ = (t[start:start + batch] for t in data)
                if len(inputs[0]) > 1:
                    out.logits(*inputs)
        for m in norms:
            m.momentum = 0.1
    out.eval()
    return out


def train(args):
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(args.threads)
    started = time.time()
    if args.csv:
        # The user's own rows: spec from a labels.json, classes from the rows, dev by sentence.
        spec, train_records, dev_records, facts = csv_records(
            args.csv, spec_from_json(args.spec_json), args.end_inclusive, args.seed)
        corpus, name, out = "csv", os.path.basename(os.path.normpath(args.out)), args.out
        n_train_rows = sum(len(r["pairs"]) for r in train_records)
        n_dev_rows = sum(len(r["pairs"]) for r in dev_records)
    else:
        spec = SPECS[args.model]
        # The suffix names an experiment's folder; the card keeps the model's own name.
        corpus, name = CORPUS_OF[args.model], OUT_NAME[args.model]
        out = os.path.join(REPO, "resources", "models", name + args.out_suffix)
        train_records, dev_records, facts = load(corpus, args.shared, pgr_2019=args.pgr_2019)
        csv_name = CSV_NAMES[corpus] + ("-2019" if args.pgr_2019 else "")
        n_train_rows = write_csv(os.path.join(CACHE, "re", f"{csv_name}-train.csv"), train_records)
        n_dev_rows = write_csv(os.path.join(CACHE, "re", f"{csv_name}-dev.csv"), dev_records)
    words = read_words()
    if args.vocab_from_vectors:
        known = set(words)
        words = words + [w for w in vector_words(args.vectors, args.vocab_from_vectors)
                         if w not in known]
    if args.extend_vocab:
        words = words + corpus_words(train_records, set(words))
    vocab = {w: k for k, w in enumerate(words)}
    # --negative-filter train: trivial negatives leave the training data only; both: they are
    # also predicted O on dev (and must then be filtered wherever the model runs).
    train_items = featurize(train_records, vocab, spec, args.negative_filter != "none")
    dev_items = featurize(dev_records, vocab, spec, args.negative_filter == "both")
    fit = [x for x in train_items if x[2]]
    if len(fit) < 2:
        raise SystemExit("fewer than 2 training pairs pass the spec's pair filter: add rows")
    shipped = os.path.join(os.path.dirname(args.spec_json or ""), "model.onnx")
    table = vector_table(words, shipped if os.path.exists(shipped) else None, args.vectors)
    model = FastRE(table, len(spec.types), len(spec.classes), hidden=args.hidden,
                   dropout=args.dropout, stack=WINDOW if args.stack else 0, ctx_width=CTX,
                   tuned=args.tuned, pool=args.pool, span_dropout=args.span_dropout,
                   input_dropout=args.input_dropout)
    trainable = [p for p in model.parameters() if p.requires_grad]
    # Decoupled weight decay (AdamW) only when asked: with none, plain Adam as before.
    opt = (torch.optim.AdamW(trainable, lr=args.lr, weight_decay=args.weight_decay)
           if args.weight_decay else torch.optim.Adam(trainable, lr=args.lr))
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
    # --swa-from E: the shipped weights are the mean of every epoch's from E on (batch norm
    # statistics recomputed for them), not the one epoch dev liked best.
    averaged, n_averaged = None, 0
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(fit))
        total = 0.0
        for start in range(0, len(fit), args.batch):
            idx = order[start:start + args.batch]
            if len(idx) < 2:
                continue
            *inputs, y = (t[idx] for t in data)
            loss = torch.nn.functional.cross_entropy(model.logits(*inputs), y, weight=weights,
                                                     label_smoothing=args.label_smoothing)
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
        if args.swa_from and epoch + 1 >= args.swa_from:
            averaged, n_averaged = running_mean(averaged, trainable(model), n_averaged), n_averaged + 1
            swa_dev = scores(gold_dev, predict(with_weights(model, averaged, data, args.batch),
                                               dev_items), spec.classes)
            print(f"  mean of epochs {args.swa_from}-{epoch + 1}: dev macro "
                  f"{swa_dev['macro_f1']:.4f} micro {swa_dev['micro_f1']:.4f}", flush=True)
        elif args.patience and epoch + 1 - best_epoch >= args.patience:
            print(f"no better dev macro F1 for {args.patience} epochs: stopping", flush=True)
            break
    if averaged is not None:
        model = with_weights(model, averaged, data, args.batch)
    else:
        model.load_state_dict(best_state)
    model.eval()
    dev, unfiltered = score_dev(model, dev_items, spec.classes)
    model, dev, q_unfiltered, quantization = quantized_if_harmless(
        model, dev_items, spec.classes, dev, args.fp32)
    unfiltered = q_unfiltered or unfiltered
    positives = [x for x in dev_items if x[1] != 0]
    filter_recall = sum(1 for x in positives if x[2]) / max(1, len(positives))
    seconds = round(time.time() - started, 1)
    export(model, spec, words, out, dev_records if dev_items else train_records, vocab)
    card = {
        "name": name, "version": args.version, "mode": "fast",
        "architecture": "FCNN over crafted pair features (paper's speed-optimized model): type "
                        "one-hots, mean fastText span vectors, 5 context windows (5 tokens each "
                        "side of each entity, first 16 between), log1p distances, span cosine"
                        + ("; plus the windows' token vectors stacked in order" if args.stack else "")
                        + (f"; plus a trainable {args.tuned}-d table over the same word ids, pooled "
                           "like the frozen one" if args.tuned else "")
                        + ("; mean and max pooling" if args.pool == "meanmax" else "")
                        + "; FC " + "-".join(str(h) for h in args.hidden)
                        + ", batch norm, leaky ReLU, dropout, softmax cross-entropy"
                        + (f"; span vectors dropped with p={args.span_dropout} in training"
                           if args.span_dropout else ""),
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
        "quantization": quantization,
        "sizeBytes": os.path.getsize(os.path.join(out, "model.onnx")),
        "paper_fcnn_table1_macro_f1": PAPER_FCNN.get(args.model),
        "training": {"epochs": args.epochs,
                     "best_epoch": None if averaged is not None else best_epoch,
                     "weights": (f"mean of epochs {args.swa_from}-{args.epochs}, batch norm "
                                 "recomputed" if averaged is not None
                                 else "the best dev epoch's"),
                     "batch": args.batch,
                     "lr": args.lr, "lr_decay": args.lr_decay, "dropout": args.dropout,
                     "optimizer": "AdamW" if args.weight_decay else "Adam",
                     "seed": args.seed, "balanced_loss": args.balance,
                     "stacked_context": args.stack, "negative_filter": args.negative_filter,
                     "hidden": list(args.hidden), "tuned": args.tuned, "pool": args.pool,
                     "span_dropout": args.span_dropout, "input_dropout": args.input_dropout,
                     "weight_decay": args.weight_decay, "label_smoothing": args.label_smoothing,
                     "patience": args.patience,
                     "vocabulary": len(words), "extended_vocabulary": args.extend_vocab,
                     "seconds": seconds,
                     "command": "/usr/bin/python3 training/re/train.py " + " ".join(sys.argv[1:]),
                     "vectors": "training/.cache/fasttext.model (the NER's fastText, 100-d), frozen"
                                + (f"; beside it a trainable {args.tuned}-d table started from "
                                   "its principal components" if args.tuned else "")},
        "date": datetime.date.today().isoformat(),
    }
    with open(os.path.join(out, "card.json"), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=1)
    print(json.dumps({"dev": dev, "filter_recall": filter_recall, "seconds": seconds}))


def write_onnx(model, inputs, path):
    """The model as ONNX (opset 13, dynamic batch). Without constant folding, so int8 weights
    stay int8 in the file (the exporter would store their fp32 product); onnxruntime folds
    them when it loads the model."""
    torch.onnx.export(model, inputs, path, input_names=INPUTS, output_names=["probs"],
                      opset_version=13, do_constant_folding=False,
                      dynamic_axes={n: {0: "pairs"} for n in INPUTS + ["probs"]})


def export(model, spec, words, out, dev_records, vocab):
    """model.onnx, words.txt, labels.json, fixture.json."""
    os.makedirs(out, exist_ok=True)
    sample = featurize(dev_records[:40], vocab, spec)[:64]
    inputs = tensors(sample)[:5]
    write_onnx(model, inputs, os.path.join(out, "model.onnx"))
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
    ap.add_argument("--model", choices=sorted(SPECS))
    ap.add_argument("--csv", help="appendix-B rows (header row) to train on instead of --model")
    ap.add_argument("--spec-json", help="with --csv: a labels.json giving types and whitelist")
    ap.add_argument("--out", help="with --csv: the model directory to write")
    ap.add_argument("--end-inclusive", action="store_true",
                    help="with --csv: end offsets point at the chunk's last character")
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=0.0003)
    ap.add_argument("--lr-decay", type=float, default=0.005)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--hidden", type=lambda v: tuple(int(x) for x in v.split(",")),
                    default=(512, 128), help="hidden layer sizes, comma-separated")
    ap.add_argument("--tuned", type=int, default=0,
                    help="also a trainable table of this width over the same word ids")
    ap.add_argument("--pool", choices=["mean", "meanmax"], default="mean",
                    help="meanmax: each span and window also gives its per-dimension max")
    ap.add_argument("--span-dropout", type=float, default=0.0,
                    help="in training, zero a pair's span vectors with this probability")
    ap.add_argument("--input-dropout", type=float, default=0.0,
                    help="dropout on the stacked feature vector")
    ap.add_argument("--weight-decay", type=float, default=0.0, help="AdamW decay (0: Adam)")
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--patience", type=int, default=0,
                    help="stop after this many epochs without a better dev macro F1 (0: never)")
    ap.add_argument("--vectors", choices=["ner", "wide"], default="ner",
                    help="fastText vectors: the NER's (fasttext.model) or the wide corpus's "
                         "(training/ner/vectors.py --corpus wide)")
    ap.add_argument("--vocab-from-vectors", type=int, default=0, metavar="MIN_COUNT",
                    help="add the --vectors vocabulary's words seen at least MIN_COUNT times")
    ap.add_argument("--swa-from", type=int, default=0, metavar="EPOCH",
                    help="ship the mean of the weights of every epoch from EPOCH on (batch norm "
                         "recomputed) instead of the best dev epoch; --patience is then ignored")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--stack", action="store_true",
                    help="also feed the context token vectors in order, not only their means")
    ap.add_argument("--balance", action="store_true", help="class-weighted loss (1/sqrt(freq))")
    ap.add_argument("--negative-filter", choices=["none", "train", "both"], default="none",
                    help="drop trivial negatives (same name, 'X (ABBR)', coordination lists) "
                         "from training (train) or from training and prediction (both)")
    ap.add_argument("--extend-vocab", action="store_true",
                    help="add the training sentences' unknown words (fastText n-gram vectors)")
    ap.add_argument("--pgr-2019", action="store_true",
                    help="pgr: also train on the 2019 silver set's abstracts the 2018 set lacks")
    ap.add_argument("--fp32", action="store_true",
                    help="keep every weight fp32 even when int8 costs no dev F1")
    ap.add_argument("--out-suffix", default="", help="write to resources/models/re-<model><suffix>")
    args = ap.parse_args()
    if bool(args.csv) == bool(args.model) or (args.csv and not (args.spec_json and args.out)):
        ap.error("pass --model, or --csv with --spec-json and --out")
    if args.csv and (args.extend_vocab or args.pgr_2019):
        ap.error("--extend-vocab and --pgr-2019 apply to --model only")
    train(args)


if __name__ == "__main__":
    main()
