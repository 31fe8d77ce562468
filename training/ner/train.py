"""Train the NER tagger (fixed seed; checkpoint every epoch; --resume continues).

  python3 training/ner/train.py --run v1 --epochs 12 [--aux bc5cdr,ncbi,ddi] [--resume]

MACCROBAT train split is fully labelled (cross-entropy on the gold tag). The
literature corpora annotate only some labels, so their tokens get a *set* of
acceptable tags and the loss is -log sum p(set) (partial-label loss):
  - inside a gold span: the B-/I- tags of the span's label (a BC5CDR/NCBI disease
    may be Problem or Symptom in the product's scheme);
  - tagged O: O plus every B-/I- tag of labels that corpus does not annotate.
A random sample of literature sentences is mixed into each epoch, down-weighted,
so the clinical MACCROBAT data stays the main signal.
"""
import argparse
import collections
import copy
import json
import os
import random
import time

import numpy as np
import torch

from averaging import running_mean
from common import CACHE, default_shared
from corpora import (CORPUS_ANNOTATES, LABELS, SPAN_ALIASES, bio_tags, maccrobat_split,
                     read_bc5cdr, read_ddi, read_maccrobat, read_ncbi, spans_from_bio)
from model import MAX_CHARS, Tagger, bio_allowed, viterbi_bio
from tokens import normalize_word

MAX_VOCAB = 30000


def tag_list(labels):
    return ["O"] + [p + l for l in labels for p in ("B-", "I-")]


# ---------------------------------------------------------------- vocab / encoding
def vectors_name(vectors):
    """The fastText model's file stem of a --vectors choice (vectors.py --corpus NAME)."""
    return "fasttext" if vectors == "ner" else f"fasttext-{vectors}"


def build_vocab(train_sents, vectors="ner"):
    """Words: most frequent normalized words of the word-vector corpus (which
    includes the training texts), capped at MAX_VOCAB. Chars: raw chars seen at
    least twice in the NER training sentences."""
    meta = json.load(open(os.path.join(CACHE, f"{vectors_name(vectors)}_meta.json")))
    words = ["<pad>", "<unk>"] + [w for w, c in meta["counts"] if c >= 2][:MAX_VOCAB - 2]
    cc = collections.Counter(ch for s in train_sents for t in s["tokens"] for ch in t[:MAX_CHARS])
    chars = ["<pad>", "<unk>"] + sorted(ch for ch, c in cc.items() if c >= 2)
    return words, chars


def encode_tokens(tokens, w2i, c2i):
    wid = [w2i.get(normalize_word(t), 1) for t in tokens]
    cid = [[c2i.get(ch, 1) for ch in t[:MAX_CHARS]] + [0] * (MAX_CHARS - len(t[:MAX_CHARS])) for t in tokens]
    return wid, cid


def target_mask(sent, tags, t2i):
    """[n_tokens, n_tags] bool: the tags acceptable as the truth for each token."""
    n = len(sent["tokens"])
    m = np.zeros((n, len(tags)), dtype=bool)
    annotated = CORPUS_ANNOTATES[sent["corpus"]]
    gold = bio_tags(n, sent["spans"])
    if annotated is None:  # fully labelled
        for i, t in enumerate(gold):
            m[i, t2i.get(t, 0)] = True
        return m
    unannotated = [t for t in tags if t != "O" and t[2:] not in annotated]
    for i, t in enumerate(gold):
        if t == "O":
            m[i, t2i["O"]] = True
            for u in unannotated:
                m[i, t2i[u]] = True
        else:
            for lab in SPAN_ALIASES.get(t[2:], [t[2:]]):
                if t[:2] + lab in t2i:
                    m[i, t2i[t[:2] + lab]] = True
    return m


def make_examples(sents, w2i, c2i, tags, t2i):
    out = []
    for s in sents:
        wid, cid = encode_tokens(s["tokens"], w2i, c2i)
        out.append((np.array(wid), np.array(cid), target_mask(s, tags, t2i), s))
    return out


def batchify(exs):
    n = max(len(e[0]) for e in exs)
    w = np.zeros((len(exs), n), dtype=np.int64)
    c = np.zeros((len(exs), n, MAX_CHARS), dtype=np.int64)
    m = np.zeros((len(exs), n, exs[0][2].shape[1]), dtype=bool)
    for i, (wid, cid, mask, _) in enumerate(exs):
        w[i, :len(wid)] = wid
        c[i, :len(wid)] = cid
        m[i, :len(wid)] = mask
    return torch.from_numpy(w), torch.from_numpy(c), torch.from_numpy(m)


def batches(exs, size, rng):
    """Length-bucketed batches (less padding = faster on CPU), shuffled."""
    idx = sorted(range(len(exs)), key=lambda i: (len(exs[i][0]), rng.random()))
    bs = [idx[i:i + size] for i in range(0, len(idx), size)]
    rng.shuffle(bs)
    return bs


# ---------------------------------------------------------------- evaluation
@torch.no_grad()
def predict(model, exs, tags, batch=64):
    model.eval()
    allowed, start = bio_allowed(tags)
    crf = {}
    if model.crf is not None:
        t, s, e = (x.detach().numpy() for x in model.crf_scores())
        crf = {"trans": t, "start_s": s, "end_s": e}
    preds = []
    order = sorted(range(len(exs)), key=lambda i: len(exs[i][0]))
    out = [None] * len(exs)
    for k in range(0, len(order), batch):
        ids = order[k:k + batch]
        w, c, _ = batchify([exs[i] for i in ids])
        em = model(w, c).numpy()
        for j, i in enumerate(ids):
            n = len(exs[i][0])
            out[i] = [tags[t] for t in viterbi_bio(em[j, :n], allowed, start, **crf)]
    return out


def span_f1(gold_spans, pred_spans, labels=None):
    """Exact span+label micro F1 over token-level BIO chunks; per-label P/R/F1."""
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    for g, p in zip(gold_spans, pred_spans):
        g, p = set(g), set(p)
        for s in p:
            (tp if s in g else fp)[s[2]] += 1
        for s in g - p:
            fn[s[2]] += 1
    labs = labels or sorted(set(tp) | set(fp) | set(fn))
    per = {}
    for l in labs:
        pr = tp[l] / (tp[l] + fp[l]) if tp[l] + fp[l] else 0.0
        rc = tp[l] / (tp[l] + fn[l]) if tp[l] + fn[l] else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        per[l] = {"p": round(pr, 4), "r": round(rc, 4), "f1": round(f, 4), "support": tp[l] + fn[l]}
    T, F, N = (sum(x[l] for l in labs) for x in (tp, fp, fn))
    p = T / (T + F) if T + F else 0.0
    r = T / (T + N) if T + N else 0.0
    return {"micro_f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "p": round(p, 4),
            "r": round(r, 4), "per_label": per}


def evaluate(model, exs, tags, labels=None, merge=None):
    pred = predict(model, exs, tags)
    gold = [spans_from_bio(bio_tags(len(e[0]), e[3]["spans"])) for e in exs]
    pred = [spans_from_bio(p) for p in pred]
    if merge:  # e.g. literature "Problem" covers product Problem+Symptom
        pred = [[(a, b, merge.get(l, l)) for a, b, l in ps] for ps in pred]
    if labels:
        pred = [[s for s in ps if s[2] in labels] for ps in pred]
    return span_f1(gold, pred, labels)


# ---------------------------------------------------------------- main
def load_data(args, labels):
    tr_ids, dv_ids = maccrobat_split(args.shared)
    keep_mod = "Modifier" in labels
    data = {"maccrobat": read_maccrobat(args.shared, tr_ids, keep_mod),
            "maccrobat_dev": read_maccrobat(args.shared, dv_ids, keep_mod)}
    aux = [a for a in args.aux.split(",") if a]
    if "bc5cdr" in aux:
        data["bc5cdr"] = read_bc5cdr(args.shared, "Training")
    if "ncbi" in aux:
        data["ncbi"] = read_ncbi(args.shared, "trainset")
    if "ddi" in aux:
        data["ddi"] = read_ddi(args.shared)
    return data, tr_ids, dv_ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=default_shared())
    ap.add_argument("--run", default="v1")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--aux", default="bc5cdr,ncbi,ddi")
    ap.add_argument("--aux-per-epoch", type=int, default=3000, help="literature sentences sampled per epoch")
    ap.add_argument("--aux-weight", type=float, default=0.5)
    ap.add_argument("--no-modifier", action="store_true", help="drop the Modifier label")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--swa-from", type=int, default=0, metavar="EPOCH",
                    help="also keep the mean of the weights of every epoch from EPOCH on (swa.pt; "
                         "export.py --weights swa ships it)")
    ap.add_argument("--crf", action="store_true", help="CRF output layer (partial-label forward algorithm)")
    ap.add_argument("--word-dropout", type=float, default=0.0, help="replace word ids by <unk> with this prob")
    ap.add_argument("--tune-words", action="store_true", help="fine-tune the word vectors")
    ap.add_argument("--lr-decay", type=float, default=1.0, help="lr multiplier per epoch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--vectors", choices=["ner", "wide"], default="ner",
                    help="fastText vectors and vocabulary: the NER's texts or the encoder's wide corpus "
                         "(vectors.py --corpus wide)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    run_dir = os.path.join(CACHE, args.run)
    os.makedirs(run_dir, exist_ok=True)
    labels = [l for l in LABELS if not (args.no_modifier and l == "Modifier")]
    tags = tag_list(labels)
    t2i = {t: i for i, t in enumerate(tags)}

    data, tr_ids, dv_ids = load_data(args, labels)
    vocab_path = os.path.join(run_dir, "vocab.json")
    if args.resume and os.path.exists(vocab_path):
        v = json.load(open(vocab_path))
        words, chars = v["words"], v["chars"]
    else:
        words, chars = build_vocab([s for k, ss in data.items() if k != "maccrobat_dev" for s in ss], args.vectors)
    w2i = {w: i for i, w in enumerate(words)}
    c2i = {c: i for i, c in enumerate(chars)}
    json.dump({"words": words, "chars": chars, "tags": tags, "labels": labels,
               "args": vars(args), "train_pmids": tr_ids, "dev_pmids": dv_ids,
               "counts": {k: {"docs": len({s["doc"] for s in ss}), "sentences": len(ss),
                              "tokens": sum(len(s["tokens"]) for s in ss)} for k, ss in data.items()}},
              open(vocab_path, "w"))

    ex = {k: make_examples(ss, w2i, c2i, tags, t2i) for k, ss in data.items()}
    aux_ex = [e for k in ex if k not in ("maccrobat", "maccrobat_dev") for e in ex[k]]
    print({k: len(v) for k, v in ex.items()}, f"{len(words)} words, {len(chars)} chars, {len(tags)} tags", flush=True)

    model = Tagger(len(words), len(chars), len(tags), hidden=args.hidden, dropout=args.dropout,
                   freeze_words=not args.tune_words, crf_tags=tags if args.crf else None)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    state = {"epoch": 0, "best_f1": -1.0, "history": [], "seconds": 0.0}
    averaged = None  # --swa-from: the running mean of the weights since that epoch
    ckpt = os.path.join(run_dir, "last.pt")
    if args.resume and os.path.exists(ckpt):
        c = torch.load(ckpt)
        model.load_state_dict(c["model"]); opt.load_state_dict(c["opt"]); state = c["state"]
        averaged = c.get("averaged")
        print(f"resumed at epoch {state['epoch']}", flush=True)
    else:
        # Frozen FastText vectors (subword-built for every vocab word) keep rare
        # and unseen-in-NER words meaningful.
        from gensim.models import FastText
        ft = FastText.load(os.path.join(CACHE, f"{vectors_name(args.vectors)}.model"))
        emb = np.zeros((len(words), ft.wv.vector_size), dtype=np.float32)
        for i, w in enumerate(words[2:], start=2):
            emb[i] = ft.wv[w]
        emb /= (np.linalg.norm(emb, axis=1, keepdims=True).mean() / 1.0 + 1e-8)  # mean norm 1
        model.wemb.weight.data.copy_(torch.from_numpy(emb))

    for epoch in range(state["epoch"], args.epochs):
        t0 = time.time()
        rng = random.Random(args.seed * 1000 + epoch)  # epoch-seeded: resume reproduces the same order
        torch.manual_seed(args.seed * 1000 + epoch)
        aux_sample = rng.sample(aux_ex, min(args.aux_per_epoch, len(aux_ex)))
        train = ex["maccrobat"] + aux_sample
        for g in opt.param_groups:
            g["lr"] = args.lr * args.lr_decay ** epoch
        model.train()
        tot, ntok = 0.0, 0
        for bi in batches(train, args.batch, rng):
            exs = [train[i] for i in bi]
            w, c, m = batchify(exs)
            weight = torch.tensor([1.0 if e[3]["corpus"] == "maccrobat" else args.aux_weight for e in exs])
            if args.word_dropout > 0:  # teach the model to cope with unknown words
                w = torch.where((w > 1) & (torch.rand(w.shape) < args.word_dropout), torch.ones_like(w), w)
            em = model(w, c)
            real = w != 0
            if model.crf is not None:  # -log P(paths through the acceptable tags)
                sent_loss = model.crf_logz(em, real) - model.crf_logz(em, real, m)
                loss = (sent_loss * weight).sum() / real.sum()
            else:  # per-token partial-label NLL: -log sum_{t in set} p(t)
                tok_loss = -torch.logsumexp(em.masked_fill(~m, -1e4), dim=-1)
                loss = (tok_loss * real.float() * weight[:, None]).sum() / real.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            tot += loss.item() * int((w != 0).sum()); ntok += int((w != 0).sum())
        dev = evaluate(model, ex["maccrobat_dev"], tags, labels)
        secs = time.time() - t0
        state["seconds"] += secs
        state["epoch"] = epoch + 1
        state["history"].append({"epoch": epoch + 1, "loss": round(tot / ntok, 4), "dev_f1": dev["micro_f1"], "seconds": round(secs)})
        print(f"epoch {epoch + 1} loss {tot / ntok:.4f} dev F1 {dev['micro_f1']:.4f} "
              f"(P {dev['p']:.3f} R {dev['r']:.3f}) {secs:.0f}s", flush=True)
        print("  " + " ".join(f"{l}:{v['f1']:.2f}" for l, v in dev["per_label"].items()), flush=True)
        config = {"hidden": args.hidden, "dropout": args.dropout, "crf": args.crf}
        if dev["micro_f1"] > state["best_f1"]:
            state["best_f1"] = dev["micro_f1"]
            torch.save({"model": model.state_dict(), "dev": dev, "epoch": epoch + 1,
                        "config": config}, os.path.join(run_dir, "best.pt"))
        if args.swa_from and epoch + 1 >= args.swa_from:
            averaged = running_mean(averaged, model.state_dict(), epoch + 1 - args.swa_from)
            swa = copy.deepcopy(model)
            swa.load_state_dict(averaged)
            swa_dev = evaluate(swa, ex["maccrobat_dev"], tags, labels)
            state["history"][-1]["dev_f1_mean_weights"] = swa_dev["micro_f1"]
            print(f"  mean of epochs {args.swa_from}-{epoch + 1}: dev F1 {swa_dev['micro_f1']:.4f}",
                  flush=True)
            torch.save({"model": averaged, "dev": swa_dev, "epoch": epoch + 1,
                        "epochs_averaged": [args.swa_from, epoch + 1], "config": config},
                       os.path.join(run_dir, "swa.pt"))
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                    "averaged": averaged}, ckpt)
    print(f"best dev F1 {state['best_f1']:.4f}, train seconds {state['seconds']:.0f}", flush=True)


if __name__ == "__main__":
    main()
