"""Fine-tune the encoder for NER (token tagging) or RE (pair classification), several corpora
at once (one head each, batches drawn per corpus in proportion to the square root of its
size), from the MLM checkpoint (--init) or from scratch (--init none, the baseline that shows
what pretraining buys). Keeps the epoch with the best mean dev score, exports ONNX and, where
onnxruntime is installed, an int8 (dynamic) copy scored on dev beside the fp32 one.

  /usr/bin/python3 training/encoder/finetune.py ner --tasks maccrobat --init MLM.pt --out DIR
  /usr/bin/python3 training/encoder/finetune.py re --layout sentence --tasks ddi2013,... --out DIR
"""
import argparse
import copy
import gzip
import json
import math
import os
import random
import time

import numpy as np
import torch
import torch.nn.functional as F

import layouts as L
from pretrain import lr_at
from viterbi import bio_rules, log_softmax, viterbi
from scoring import ner_scores, re_scores
from settings import PAD, data_dir
from averaging import running_mean  # training/ner, which settings puts on sys.path
from transformer import Config, PairClassifier, Tagger, load_checkpoint, load_encoder


# ---------------------------------------------------------------- NER
def ner_units(examples, tags):
    """(ids, first-piece indices, tag ids, example index) per window."""
    index = {t: k for k, t in enumerate(tags)}
    units = []
    for n, ex in enumerate(examples):
        for a, b in L.token_windows(ex["pieces"]):
            ids, first = L.ner_sequence(ex["pieces"][a:b])
            units.append((ids, first, [index[t] for t in ex["tags"][a:b]], n))
    return units


def ner_batch(units, device):
    """ids, mask, labels at first pieces (-100 elsewhere), and per row the first-piece indices,
    their tags and a mask over them (the CRF's view of the window)."""
    ids = torch.from_numpy(L.pad_batch([u[0] for u in units])).to(device)
    labels = torch.full(ids.shape, -100, dtype=torch.long)
    width = max(len(u[1]) for u in units)
    firsts = torch.zeros(len(units), width, dtype=torch.long)
    tags = torch.zeros(len(units), width, dtype=torch.long)
    for r, u in enumerate(units):
        labels[r, u[1]] = torch.tensor(u[2])
        firsts[r, :len(u[1])] = torch.tensor(u[1])
        tags[r, :len(u[2])] = torch.tensor(u[2])
    words = (firsts > 0).to(device)
    return ids, (ids != PAD).long(), labels.to(device), (firsts.to(device), tags.to(device), words)


def ner_loss(model, logits, labels, crf_view, head):
    """Token cross-entropy, or with a CRF its NLL over the first-piece emissions, per word."""
    if model.crf is None:
        return F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1))
    firsts, tags, words = crf_view
    keep = words.any(1)  # a window without tokens has no path
    logits, firsts, tags, words = logits[keep], firsts[keep], tags[keep], words[keep]
    emissions = logits.float().gather(1, firsts[:, :, None].expand(-1, -1, logits.shape[-1]))
    return model.crf[head].nll(emissions, tags, words) / words.sum()


def ner_predict(run, units, n_examples, tags, crf=None):
    """Tag ids per example, BIO-constrained Viterbi per window (with the head's CRF scores, else
    over log-softmax), as the runtime decodes; run(ids, mask) -> logits [B, T, K] (numpy)."""
    rules = bio_rules(tags)
    out = [[] for _ in range(n_examples)]
    for k in range(0, len(units), 64):
        chunk = units[k:k + 64]
        ids = L.pad_batch([u[0] for u in chunk])
        logits = run(ids, (ids != PAD).astype(np.int64))
        for r, u in enumerate(chunk):
            em = logits[r, u[1]].astype(np.float64)
            out[u[3]].extend(viterbi(em if crf else log_softmax(em), rules, crf))
    return out


# ---------------------------------------------------------------- RE
def re_units(examples, labels, types, layout, markers):
    label_id = {l: k for k, l in enumerate(labels)}
    type_id = {t: k for k, t in enumerate(types)}
    units = []
    for ex in examples:
        ents = ex["ents"]
        if layout == "pair":
            for i, j, lab in ex["pairs"]:
                ids, h, t = L.pair_sequence(ex["pieces"], ents, i, j, markers)
                units.append({"ids": ids, "pairs": [(h, t, type_id[ents[i][2]], type_id[ents[j][2]],
                                                     label_id[lab])]})
        else:
            ids, pos, bias, at = L.sentence_layout(ex["pieces"], ents, markers)
            pairs, dropped = [], []
            for i, j, lab in ex["pairs"]:
                if at[i] is None or at[j] is None:
                    dropped.append(label_id[lab])  # outside the kept text: scored as predicted O
                    continue
                pairs.append((at[i], at[j], type_id[ents[i][2]], type_id[ents[j][2]], label_id[lab]))
            units.append({"ids": ids, "pos": pos, "bias": bias, "pairs": pairs, "dropped": dropped})
    return units


def re_inputs(units):
    """Numpy inputs of the exported graph for a batch of units, and the gold labels."""
    ids = L.pad_batch([u["ids"] for u in units])
    b, t = ids.shape
    if "pos" in units[0]:
        pos = L.pad_batch([u["pos"] for u in units], 0)
        bias = L.stack_bias([u["bias"] for u in units])
    else:
        pos = np.tile(np.arange(t, dtype=np.int64), (b, 1))
        bias = np.repeat(np.where(ids == PAD, L.NEG, 0.0).astype(np.float32)[:, None, :], t, 1)
    rows = [(r * t + h, r * t + tt, ht, tt_, y) for r, u in enumerate(units)
            for h, tt, ht, tt_, y in u["pairs"]]
    arr = np.array(rows, dtype=np.int64).reshape(-1, 5)
    return (ids, pos, bias, arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3]), arr[:, 4]


def re_predict(run, units, batch):
    """(gold, predicted) label ids over every pair; run(*inputs) -> logits [P, C] (numpy)."""
    gold, pred = [], []
    for k in range(0, len(units), batch):
        chunk = [u for u in units[k:k + batch] if u["pairs"]]
        for u in units[k:k + batch]:
            gold += u.get("dropped", [])
            pred += [0] * len(u.get("dropped", []))
        if not chunk:
            continue
        inputs, y = re_inputs(chunk)
        gold += y.tolist()
        pred += run(*inputs).argmax(-1).tolist()
    return gold, pred


# ---------------------------------------------------------------- training
def build(args, data, vocab):
    cfg = Config(vocab, dropout=args.dropout, **args.shape)
    if args.kind == "ner":
        model = Tagger(cfg, {t: len(data[t]["tags"]) for t in args.tasks}, crf=args.crf)
    else:
        model = PairClassifier(cfg, {t: len(data["tasks"][t]["labels"]) for t in args.tasks},
                               len(data["types"]))
    if args.soup:  # fine-tuned runs of one init, same heads: their weights' uniform average
        states = [load_checkpoint(path)["model"] for path in args.soup]
        model.load_state_dict({k: sum(s[k].float() for s in states) / len(states) for k in states[0]})
    elif args.resume:  # a fine-tuned model's state.pt: every weight, heads and CRF included
        model.load_state_dict({k: v.float() for k, v in load_checkpoint(args.resume)["model"].items()})
    elif args.init != "none":
        state = load_checkpoint(args.init)["model"]
        if args.keep_layers:  # the first blocks only (pre-LN: the final layer norm still fits)
            state = {k: v for k, v in state.items()
                     if not (k.startswith("encoder.blocks.")
                             and int(k.split(".")[2]) >= args.keep_layers)}
        load_encoder(model, state)
    return model, cfg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["ner", "re"])
    ap.add_argument("--tasks", required=True)
    ap.add_argument("--init", default="none", help="MLM checkpoint.pt, or none")
    ap.add_argument("--layout", choices=["pair", "sentence"], default="sentence")
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--budget", type=float, default=1e9, help="seconds of training, then stop")
    ap.add_argument("--limit", type=int, default=0, help="examples per split (smoke tests)")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--crf", action="store_true", help="NER: a linear-chain CRF per head")
    ap.add_argument("--resume", help="go on fine-tuning a run's state.pt (same tasks and heads)")
    ap.add_argument("--swa-from", type=int, default=0, metavar="EPOCH",
                    help="keep the mean of the weights of every epoch from EPOCH on, not the "
                         "best dev epoch")
    ap.add_argument("--keep-layers", type=int, default=0, metavar="N",
                    help="start from the first N blocks of the --init encoder only (a smaller, "
                         "faster model)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--head-seed", type=int, default=None,
                    help="start the heads as this seed does (default: --seed): runs that differ "
                         "only in --seed then start from the same weights and can be averaged")
    ap.add_argument("--soup", type=lambda v: v.split(","), default=None, metavar="STATE,STATE",
                    help="no training: the uniform average of these runs' state.pt (fine-tuned "
                         "from one init, same tasks and heads), scored and exported")
    args = ap.parse_args()
    t0 = time.time()
    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    torch.manual_seed(args.seed if args.head_seed is None else args.head_seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    args.tasks = args.tasks.split(",")
    vocab = sum(1 for _ in open(os.path.join(data_dir(), "vocab.txt"), encoding="utf-8"))
    data = json.load(gzip.open(os.path.join(data_dir(), f"{args.kind}.json.gz"), "rt", encoding="utf-8"))
    args.shape = {"hidden": 256, "layers": 4, "heads": 4, "ffn": 1024}
    if args.soup:
        args.epochs = 0
    if args.soup or args.resume or args.init != "none":
        c = load_checkpoint((args.soup or [None])[0] or args.resume or args.init)["config"]
        args.shape = {k: c[k] for k in ("hidden", "layers", "heads", "ffn")}
    if args.keep_layers:
        if args.init == "none" or args.soup or args.resume:
            ap.error("--keep-layers applies to --init MLM.pt only")
        args.shape["layers"] = min(args.keep_layers, args.shape["layers"])
    model, cfg = build(args, data, vocab)
    if args.head_seed is not None:  # the heads started from head_seed; the rest draws from seed
        torch.manual_seed(args.seed)
    model.to(device)
    markers = L.marker_ids(vocab)

    sets = {}
    for t in args.tasks:
        task = data[t] if args.kind == "ner" else data["tasks"][t]
        train, dev = task["train"], task["dev"]
        if args.limit:
            train, dev = train[:args.limit], dev[:args.limit]
        if args.kind == "ner":
            sets[t] = (ner_units(train, task["tags"]), ner_units(dev, task["tags"]), dev, task)
        else:
            sets[t] = (re_units(train, task["labels"], data["types"], args.layout, markers),
                       re_units(dev, task["labels"], data["types"], args.layout, markers), dev, task)
    batch = args.batch if args.kind == "ner" or args.layout == "pair" else max(4, args.batch // 4)
    per_epoch = {t: math.ceil(len(s[0]) / batch) for t, s in sets.items()}
    weights = {t: math.sqrt(len(s[0])) for t, s in sets.items()}
    steps_per_epoch = sum(per_epoch.values())
    steps = args.epochs * steps_per_epoch
    # The CRF's few scores start at zero and need to move far: they learn 50 times faster.
    crf_params = list(model.crf.parameters()) if getattr(model, "crf", None) is not None else []
    crf_ids = {id(p) for p in crf_params}
    groups = [{"params": [p for p in model.parameters() if id(p) not in crf_ids], "scale": 1.0}]
    if crf_params:
        groups.append({"params": crf_params, "scale": 50.0, "weight_decay": 0.0})
    opt = torch.optim.AdamW(groups, lr=args.lr, weight_decay=0.01)
    amp = (torch.autocast("cuda", dtype=torch.bfloat16) if device == "cuda"
           else torch.autocast("cpu", enabled=False))

    def run_torch(t):
        def run(*inputs):
            with torch.no_grad(), amp:
                tens = [torch.from_numpy(np.ascontiguousarray(x)).to(device) for x in inputs]
                if args.kind == "ner":
                    return model(tens[0], tens[1], t).float().cpu().numpy()
                return model(tens[0], tens[1], tens[2][:, None], *tens[3:], t).float().cpu().numpy()
        return run

    def evaluate(run_for):
        res = {}
        for t, (_, dev_units, dev, task) in sets.items():
            if args.kind == "ner":
                crf = model.crf[t].to_json() if model.crf is not None else None
                pred = ner_predict(run_for(t), dev_units, len(dev), task["tags"], crf)
                res[t] = ner_scores(dev, task["tags"], pred)
            else:
                gold, pred = re_predict(run_for(t), dev_units, 64 if args.layout == "pair" else 16)
                res[t] = re_scores(task["labels"], gold, pred)
        return res

    headline = "micro_f1" if args.kind == "ner" else "macro_f1"  # each task's metric

    def per_task(res):  # rounded for the log
        return {t: round(r[headline], 4) for t, r in res.items()}

    def score(res):
        return sum(r[headline] for r in res.values()) / len(res)

    best, best_state, history, step = -1.0, None, [], 0
    averaged, n_averaged = None, 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = [t for t in sets for _ in range(per_epoch[t])]
        queues = {t: random.sample(range(len(s[0])), len(s[0])) for t, s in sets.items()}
        cursor = {t: 0 for t in sets}
        draws = random.choices(list(weights), weights=list(weights.values()), k=len(order))
        for t in draws:
            if time.time() - t0 > args.budget:
                break
            q = queues[t]
            if cursor[t] >= len(q):
                random.shuffle(q)
                cursor[t] = 0
            chunk = [sets[t][0][k] for k in q[cursor[t]:cursor[t] + batch]]
            cursor[t] += batch
            for g in opt.param_groups:
                g["lr"] = g["scale"] * lr_at(step, steps, args.lr, max(1, steps // 20),
                                             (time.time() - t0) / args.budget)
            with amp:
                if args.kind == "ner":
                    ids, mask, labels, crf_view = ner_batch(chunk, device)
                    loss = ner_loss(model, model(ids, mask, t), labels, crf_view, t)
                else:
                    chunk = [u for u in chunk if u["pairs"]]
                    if not chunk:
                        continue
                    inputs, y = re_inputs(chunk)
                    tens = [torch.from_numpy(np.ascontiguousarray(x)).to(device) for x in inputs]
                    logits = model(tens[0], tens[1], tens[2][:, None], *tens[3:], t)
                    loss = F.cross_entropy(logits.float(), torch.from_numpy(y).to(device))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
        model.eval()
        res = evaluate(run_torch)
        s = score(res)
        history.append({"epoch": epoch, "dev": round(s, 4), "seconds": round(time.time() - t0, 1)})
        print(json.dumps({"epoch": epoch, "dev": per_task(res), "t": round(time.time() - t0)}), flush=True)
        if s > best:
            best, best_res = s, res
            best_state = copy.deepcopy(model.state_dict())
        if args.swa_from and epoch >= args.swa_from:
            averaged, n_averaged = running_mean(averaged, model.state_dict(), n_averaged), n_averaged + 1
            current = copy.deepcopy(model.state_dict())
            model.load_state_dict(averaged)
            swa_res = evaluate(run_torch)
            history[-1]["dev_mean_weights"] = round(score(swa_res), 4)
            print(json.dumps({"mean_of_epochs": [args.swa_from, epoch], "dev": per_task(swa_res)}), flush=True)
            model.load_state_dict(current)
        if time.time() - t0 > args.budget:
            break
    if averaged is not None:
        model.load_state_dict(averaged)
        best_res = swa_res
    elif best_state is not None:
        model.load_state_dict(best_state)
    else:  # --soup: the averaged weights as loaded
        model.eval()
        best_res = evaluate(run_torch)
    model.eval()
    amp = torch.autocast(device, enabled=False)
    fp32 = evaluate(run_torch)  # the kept epoch again, in full precision
    os.makedirs(args.out, exist_ok=True)
    report = {"kind": args.kind, "tasks": args.tasks,
              "init": (f"averaged {len(args.soup)} fine-tuned runs" if args.soup else
                       f"resumed {args.resume}" if args.resume else
                       os.path.basename(os.path.dirname(args.init)) if args.init != "none" else "none"), "layout": args.layout if args.kind == "re" else None,
              "device": torch.cuda.get_device_name(0) if device == "cuda" else "cpu",
              "epochs_run": len(history),
              "best_epoch": max(history, key=lambda h: h["dev"])["epoch"] if history else None,
              "weights": (f"uniform average of {', '.join(args.soup)}" if args.soup else
                          f"mean of epochs {args.swa_from}-{len(history)}" if averaged is not None
                          else "best dev epoch"), "seed": args.seed, "head_seed": args.head_seed,
              "train_seconds": round(time.time() - t0, 1), "history": history, "dev_bf16": best_res, "dev": fp32,
              "config": cfg.to_dict(), "lr": args.lr, "batch": args.batch,
              "crf": {t: model.crf[t].to_json() for t in args.tasks} if getattr(model, "crf", None) else None}
    # The kept weights in fp16 (half the size): enough to export the model again elsewhere.
    torch.save({"model": {k: v.half() for k, v in model.state_dict().items()},
                "config": cfg.to_dict(), "names": model.names}, os.path.join(args.out, "state.pt"))
    if not args.no_export:
        import onnx_export
        try:
            report["onnx"] = onnx_export.export(args, model, evaluate)
        except Exception as err:  # the weights are kept in state.pt
            report["onnx"] = {"error": repr(err)}
    json.dump(report, open(os.path.join(args.out, "report.json"), "w"), indent=1)
    print(json.dumps({k: report[k] for k in ("tasks", "init", "best_epoch", "train_seconds")}), flush=True)


if __name__ == "__main__":
    main()
