"""A small BERT-style encoder (pre-LN) with MLM, token-tagging and pair-classification heads.

Attention takes an additive bias [B, 1, T, T] instead of a padding mask, so one graph serves
plain sentences, one pass per pair (inline markers) and one pass per sentence (levitated
markers that share their entity's positions and see only the text and their partner).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

NEG = -10000.0  # additive bias for a masked key; finite so fp16/bf16 softmax stays finite


class Config:
    def __init__(self, vocab, hidden=256, layers=4, heads=4, ffn=1024, max_pos=512, dropout=0.1):
        self.vocab, self.hidden, self.layers, self.heads = vocab, hidden, layers, heads
        self.ffn, self.max_pos, self.dropout = ffn, max_pos, dropout

    def to_dict(self):
        return dict(self.__dict__)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg.heads
        self.head_dim = cfg.hidden // cfg.heads
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.ln1 = nn.LayerNorm(cfg.hidden)
        self.qkv = nn.Linear(cfg.hidden, 3 * cfg.hidden)
        self.out = nn.Linear(cfg.hidden, cfg.hidden)
        self.ln2 = nn.LayerNorm(cfg.hidden)
        self.ff1 = nn.Linear(cfg.hidden, cfg.ffn)
        self.ff2 = nn.Linear(cfg.ffn, cfg.hidden)
        self.drop = nn.Dropout(cfg.dropout)
        self.fast_attention = hasattr(F, "scaled_dot_product_attention")

    def attend(self, x, bias):
        b, t, h = x.shape
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4).unbind(0)
        if self.fast_attention and not torch.onnx.is_in_onnx_export():
            p = self.drop.p if self.training else 0.0
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=bias.to(q.dtype), dropout_p=p)
        else:
            scores = q @ k.transpose(-1, -2) * self.scale + bias
            y = self.drop(scores.softmax(-1)) @ v
        return self.out(y.transpose(1, 2).reshape(b, t, h))

    def forward(self, x, bias):
        x = x + self.drop(self.attend(self.ln1(x), bias))
        return x + self.drop(self.ff2(self.drop(F.gelu(self.ff1(self.ln2(x))))))


class Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.tok = nn.Embedding(cfg.vocab, cfg.hidden, padding_idx=0)
        self.pos = nn.Embedding(cfg.max_pos, cfg.hidden)
        self.emb_ln = nn.LayerNorm(cfg.hidden)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.ln = nn.LayerNorm(cfg.hidden)
        self.apply(init_weights)

    def forward(self, ids, positions, bias):
        x = self.drop(self.emb_ln(self.tok(ids) + self.pos(positions)))
        for block in self.blocks:
            x = block(x, bias)
        return self.ln(x)


def init_weights(m):
    if isinstance(m, (nn.Linear, nn.Embedding)):
        nn.init.normal_(m.weight, std=0.02)
    if isinstance(m, nn.Linear) and m.bias is not None:
        nn.init.zeros_(m.bias)


def padding_bias(mask):
    """[B, T] 1/0 key mask -> additive bias [B, 1, 1, T]."""
    return (1.0 - mask[:, None, None, :].float()) * NEG


def plain_positions(ids):
    return torch.arange(ids.shape[1], device=ids.device).unsqueeze(0).expand_as(ids)


class MaskedLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.encoder = Encoder(cfg)
        self.dense = nn.Linear(cfg.hidden, cfg.hidden)
        self.ln = nn.LayerNorm(cfg.hidden)
        self.bias = nn.Parameter(torch.zeros(cfg.vocab))

    def forward(self, ids, mask, targets):
        """Cross-entropy over the masked positions only (targets -100 elsewhere)."""
        h = self.encoder(ids, plain_positions(ids), padding_bias(mask))
        sel = targets != -100
        z = self.ln(F.gelu(self.dense(h[sel])))
        logits = z @ self.encoder.tok.weight.t() + self.bias
        return F.cross_entropy(logits.float(), targets[sel])


class Tagger(nn.Module):
    """Token tagging with one linear head per label set (e.g. one per corpus); with crf, each
    head also learns linear-chain CRF scores (transitions[prev][next], start, end) over the
    first-piece emissions, which decoding adds (the runtime reads them from labels.json)."""

    def __init__(self, cfg, heads, crf=False):
        super().__init__()
        self.encoder = Encoder(cfg)
        self.names = list(heads)
        self.drop = nn.Dropout(cfg.dropout)
        self.heads = nn.ModuleDict({n: nn.Linear(cfg.hidden, k) for n, k in heads.items()})
        self.crf = nn.ModuleDict({n: CRF(k) for n, k in heads.items()}) if crf else None

    def forward(self, ids, mask, head):
        h = self.drop(self.encoder(ids, plain_positions(ids), padding_bias(mask)))
        return self.heads[head](h)


class CRF(nn.Module):
    """Linear-chain CRF scores for K tags; nll() is the negative log-likelihood of gold paths."""

    def __init__(self, k):
        super().__init__()
        self.transitions = nn.Parameter(torch.zeros(k, k))
        self.start = nn.Parameter(torch.zeros(k))
        self.end = nn.Parameter(torch.zeros(k))

    def nll(self, emissions, tags, mask):
        """emissions [B, W, K] float, tags [B, W] long, mask [B, W] bool (prefixes): summed NLL."""
        b, w, _ = emissions.shape
        rows = torch.arange(b, device=emissions.device)
        lengths = mask.sum(1)
        gold = self.start[tags[:, 0]] + emissions[rows, 0, tags[:, 0]]
        alpha = self.start[None] + emissions[:, 0]
        for t in range(1, w):
            on = mask[:, t]
            step = self.transitions[tags[:, t - 1], tags[:, t]] + emissions[rows, t, tags[:, t]]
            gold = gold + step * on
            nxt = torch.logsumexp(alpha[:, :, None] + self.transitions[None] + emissions[:, t, None, :], 1)
            alpha = torch.where(on[:, None], nxt, alpha)
        last = tags[rows, lengths - 1]
        gold = gold + self.end[last]
        return (torch.logsumexp(alpha + self.end[None], 1) - gold).sum()

    def to_json(self):
        """The scores as labels.json carries them beside a head's tags."""
        def rounded(t):
            return [round(x, 6) for x in t.tolist()] if t.dim() == 1 else [rounded(r) for r in t]
        return {"transitions": rounded(self.transitions.detach().float().cpu()),
                "start": rounded(self.start.detach().float().cpu()),
                "end": rounded(self.end.detach().float().cpu())}


class PairClassifier(nn.Module):
    """Relation classes from the states at two marker positions plus the two entity types."""

    def __init__(self, cfg, heads, n_types):
        super().__init__()
        self.encoder = Encoder(cfg)
        self.names = list(heads)
        self.n_types = n_types
        width = 2 * cfg.hidden + 2 * n_types
        self.heads = nn.ModuleDict({n: nn.Sequential(
            nn.Dropout(cfg.dropout), nn.Linear(width, cfg.hidden), nn.GELU(),
            nn.Dropout(cfg.dropout), nn.Linear(cfg.hidden, k)) for n, k in heads.items()})

    def pair_features(self, ids, positions, bias, head_index, tail_index, head_type, tail_type):
        flat = self.encoder(ids, positions, bias).reshape(-1, self.encoder.cfg.hidden)
        eye = torch.eye(self.n_types, device=ids.device)
        return torch.cat([flat[head_index], flat[tail_index], eye[head_type], eye[tail_type]], -1)

    def forward(self, ids, positions, bias, head_index, tail_index, head_type, tail_type, head):
        z = self.pair_features(ids, positions, bias, head_index, tail_index, head_type, tail_type)
        return self.heads[head](z)


def load_checkpoint(path):
    """torch.load of our own checkpoints (they hold RNG state and logs beside the tensors)."""
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch without the weights_only argument
        return torch.load(path, map_location="cpu")


def load_encoder(module, state):
    """Copy pretrained encoder weights (an MLM checkpoint's 'encoder.*') into module.encoder."""
    enc = {k[len("encoder."):]: v for k, v in state.items() if k.startswith("encoder.")}
    missing, unexpected = module.encoder.load_state_dict(enc, strict=False)
    if missing or unexpected:
        raise ValueError(f"encoder mismatch: missing {missing}, unexpected {unexpected}")
