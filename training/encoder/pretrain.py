"""Masked-language-model pretraining of the encoder on corpus_ids.npy; resumable.

Blocks of --seq pieces ([CLS] text [SEP]) cut from the corpus stream; 15% of pieces chosen,
80/10/10 mask/random/keep, fresh masks every step. AdamW, linear warm-up then linear decay over
--steps. A checkpoint (model, optimizer, step, RNG) is written every --save-every seconds and at
the end; rerunning the same command resumes from it. --budget stops cleanly after that many
seconds (the learning-rate schedule still follows --steps).

  /usr/bin/python3 training/encoder/pretrain.py --out training/.cache/encoder/mlm [--steps N]
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from settings import CLS, MARKERS, MASK, PAD, SEP, data_dir
from transformer import Config, MaskedLM, load_checkpoint

SPECIAL_IDS = 16  # ids below this are specials/markers: never chosen as random replacements


def batches(ids, seq, batch, gen, device):
    """Random contiguous windows of the corpus as [CLS] window [SEP]."""
    n = len(ids) - seq
    while True:
        starts = torch.randint(0, n, (batch,), generator=gen)
        rows = np.stack([ids[s:s + seq - 2] for s in starts.tolist()]).astype(np.int64)
        x = torch.from_numpy(rows)
        cls = torch.full((batch, 1), CLS, dtype=torch.long)
        sep = torch.full((batch, 1), SEP, dtype=torch.long)
        yield torch.cat([cls, x, sep], 1).to(device, non_blocking=True)


def mask_tokens(x, vocab, gen_device):
    targets = x.clone()
    special = (x == CLS) | (x == SEP) | (x == PAD)
    chosen = (torch.rand(x.shape, device=x.device) < 0.15) & ~special
    targets[~chosen] = -100
    r = torch.rand(x.shape, device=x.device)
    x = x.clone()
    x[chosen & (r < 0.8)] = MASK
    rand = chosen & (r >= 0.8) & (r < 0.9)
    x[rand] = torch.randint(SPECIAL_IDS, vocab - len(MARKERS), (int(rand.sum()),), device=x.device)
    return x, targets


def lr_at(step, steps, peak, warmup, time_done=0.0):
    """Linear warm-up, then linear decay to zero at --steps or at the end of --budget,
    whichever comes first, so a time-boxed run still ends its schedule."""
    if step < warmup:
        return peak * step / warmup
    done = max((step - warmup) / max(1, steps - warmup), time_done)
    return peak * max(0.0, 1.0 - done)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--lr", type=float, default=7e-4)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--budget", type=float, default=1e9, help="seconds; stop cleanly after")
    ap.add_argument("--save-every", type=float, default=120)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--init", help="start from these MLM weights (e.g. an earlier run's encoder-mlm.pt)")
    args = ap.parse_args()
    t0 = time.time()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    ids = np.load(os.path.join(data_dir(), "corpus_ids.npy"))
    vocab = sum(1 for _ in open(os.path.join(data_dir(), "vocab.txt"), encoding="utf-8"))
    cfg = Config(vocab, hidden=args.hidden, layers=args.layers, heads=args.hidden // 64,
                 ffn=4 * args.hidden)
    model = MaskedLM(cfg).to(device)
    decay = [p for n, p in model.named_parameters() if p.dim() > 1]
    no_decay = [p for n, p in model.named_parameters() if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr,
                            betas=(0.9, 0.98), eps=1e-6)
    os.makedirs(args.out, exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    step, log = 0, []
    gen = torch.Generator().manual_seed(1)
    if os.path.exists(ckpt_path):
        ck = load_checkpoint(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        step, log = ck["step"], ck["log"]
        gen.set_state(ck["gen"])
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        model.load_state_dict({k: v.float() for k, v in load_checkpoint(args.init)["model"].items()})
        log = [{"continued_from": os.path.basename(args.init)}]
        print(f"continuing from {args.init}", flush=True)
    torch.manual_seed(step + 1)

    def save():
        torch.save({"model": model.state_dict(), "optimizer": opt.state_dict(), "step": step,
                    "log": log, "gen": gen.get_state(), "config": cfg.to_dict()}, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)

    model.train()
    stream = batches(ids, args.seq, args.batch, gen, device)
    amp = torch.autocast("cuda", dtype=torch.bfloat16) if device == "cuda" else torch.autocast("cpu", enabled=False)
    last_save, run_loss, n = time.time(), 0.0, 0
    while step < args.steps and time.time() - t0 < args.budget:
        x, targets = mask_tokens(next(stream), vocab, device)
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.steps, args.lr, args.warmup, (time.time() - t0) / args.budget)
        with amp:
            loss = model(x, (x != PAD).long(), targets)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        run_loss += loss.item() if step % 50 == 0 or step == args.steps else 0.0
        n += 1 if step % 50 == 0 else 0
        if step % 500 == 0:
            entry = {"step": step, "loss": round(run_loss / max(1, n), 4),
                     "seconds": round(time.time() - t0, 1)}
            log.append(entry)
            print(json.dumps(entry), flush=True)
            run_loss, n = 0.0, 0
        if time.time() - last_save > args.save_every:
            save()
            last_save = time.time()
    save()
    tokens = step * args.batch * args.seq
    info = {"steps": step, "tokens_seen": tokens, "epochs": round(tokens / len(ids), 2),
            "seconds": round(time.time() - t0, 1), "device": torch.cuda.get_device_name(0)
            if device == "cuda" else "cpu", "config": cfg.to_dict(), "log": log[-5:]}
    json.dump(info, open(os.path.join(args.out, "pretrain.json"), "w"), indent=1)
    print(json.dumps(info), flush=True)


if __name__ == "__main__":
    main()
