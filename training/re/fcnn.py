"""The paper's "fast" RE model: crafted pair features stacked into one vector, fully connected
layers with batch norm after each affine layer, leaky ReLU and dropout, softmax over classes.
The word-embedding table (frozen fastText vectors) lives inside the model, so the ONNX graph
takes word ids and the product never handles vectors. `quantize_table` swaps the fp32 table for
int8 rows with a per-row fp32 scale (ONNX: Gather -> Cast -> Mul), a quarter of the bytes;
`quantize_hidden` does the same to the hidden layers' weights (Cast -> Mul -> Gemm, which
onnxruntime folds back to one fp32 matrix when it loads the model)."""
import torch
from torch import nn


def quantize_rows(table):
    """Symmetric int8 per row: scale = max |v| / 127 (an all-zero row keeps scale 0, so padding
    and unknown stay exact zeros); returns (int8 [n, dim], fp32 scale [n, 1])."""
    scale = table.abs().amax(dim=1, keepdim=True) / 127.0
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.round(table / safe).clamp(-127, 127).to(torch.int8)
    return q, scale.to(torch.float32)


class Int8Embedding(nn.Module):
    """A frozen lookup table stored as int8 rows times a per-row scale; the output is fp32
    q[id] * scale[id], computed the same way in PyTorch and in the exported graph."""

    def __init__(self, q, scale):
        super().__init__()
        self.register_buffer("q", q)
        self.register_buffer("scale", scale)

    def forward(self, ids):
        return (nn.functional.embedding(ids, self.q).to(torch.float32)
                * nn.functional.embedding(ids, self.scale))


class Int8Linear(nn.Module):
    """A frozen affine layer whose weight is stored as int8 rows (one per output) times a
    per-row scale; the bias stays fp32."""

    def __init__(self, linear):
        super().__init__()
        q, scale = quantize_rows(linear.weight.detach())
        self.register_buffer("q", q)
        self.register_buffer("scale", scale)
        self.register_buffer("bias", linear.bias.detach().clone())

    def forward(self, x):
        return nn.functional.linear(x, self.q.to(torch.float32) * self.scale, self.bias)


def masked_mean(vectors, ids):
    """Mean of the vectors whose id is not padding (0); zeros when all are padding."""
    mask = (ids > 0).to(vectors.dtype).unsqueeze(-1)
    return (vectors * mask).sum(-2) / mask.sum(-2).clamp(min=1.0)


def masked_max(vectors, ids):
    """Per-dimension max of the vectors whose id is not padding (0); zeros when all are padding."""
    mask = (ids > 0).to(vectors.dtype).unsqueeze(-1)
    top = (vectors - (1.0 - mask) * 1e4).amax(-2)
    return top * (mask.sum(-2) > 0).to(vectors.dtype)


def projected(vectors, dim):
    """The table's first `dim` principal components (centred rows times the top right singular
    vectors; padding and unknown stay zero), scaled to the table's mean row norm: the tuned
    table's starting point, so it begins from what fastText knows."""
    centred = vectors - vectors[2:].mean(0, keepdim=True)
    _, _, v = torch.linalg.svd(centred[2:], full_matrices=False)
    out = centred @ v[:dim].T
    out = out * (vectors[2:].norm(dim=1).mean() / out[2:].norm(dim=1).mean())
    out[:2] = 0.0
    return out.contiguous()


class FastRE(nn.Module):
    def __init__(self, vectors, n_types, n_classes, hidden=(512, 128), dropout=0.5, stack=0,
                 ctx_width=16, tuned=0, pool="mean", span_dropout=0.0, input_dropout=0.0):
        super().__init__()
        # stack > 0: also the token vectors themselves, in order (the first `stack` tokens of
        # each side window and every between token), zero-padded: the paper's stacked vector.
        self.stack = stack
        self.frozen_dim = vectors.shape[1]
        self.embedding = nn.Embedding.from_pretrained(vectors, freeze=True, padding_idx=0)
        # tuned > 0: a small trainable table over the same word ids (initialised from the
        # frozen one's principal components), pooled over the spans and windows like it: the
        # frozen vectors know words, the tuned ones learn which words signal which relation.
        self.tuned = None
        if tuned > vectors.shape[1]:
            raise ValueError(f"a tuned table of {tuned} dims cannot start from "
                             f"{vectors.shape[1]}-d vectors' principal components")
        if tuned:
            self.tuned = nn.Embedding(vectors.shape[0], tuned, padding_idx=0)
            with torch.no_grad():
                self.tuned.weight.copy_(projected(vectors, tuned))
        # pool "meanmax": each span and window also gives its per-dimension max.
        self.pool = pool
        # span_dropout: in training, a pair's span vectors are zeroed with this probability, so
        # the model cannot lean on remembering entity names (a soft entity blinding).
        self.span_dropout = span_dropout
        self.register_buffer("onehot", torch.eye(n_types + 1))
        dim = vectors.shape[1] + tuned
        pools = 2 if pool == "meanmax" else 1
        width = 2 * (n_types + 1) + pools * (2 * dim + 5 * dim) + 5 + 1
        if stack:
            width += 4 * stack * vectors.shape[1] + ctx_width * vectors.shape[1]
        self.input_dropout = nn.Dropout(input_dropout) if input_dropout else None
        layers = []
        for size in hidden:
            layers += [nn.Linear(width, size), nn.BatchNorm1d(size), nn.LeakyReLU(0.01),
                       nn.Dropout(dropout)]
            width = size
        layers.append(nn.Linear(width, n_classes))
        self.mlp = nn.Sequential(*layers)

    def quantize_table(self):
        """Replaces the fp32 embedding table (and the tuned one) by its int8 form (inference
        only: the tuned table is frozen once trained)."""
        self.embedding = Int8Embedding(*quantize_rows(self.embedding.weight.detach()))
        if isinstance(self.tuned, nn.Embedding):
            self.tuned = Int8Embedding(*quantize_rows(self.tuned.weight.detach()))

    def quantize_hidden(self):
        """Replaces the hidden layers' weights (not the classifier's) by their int8 form."""
        last = len(self.mlp) - 1
        for k, layer in enumerate(self.mlp):
            if isinstance(layer, nn.Linear) and k != last:
                self.mlp[k] = Int8Linear(layer)

    def lookup(self, ids):
        """The frozen vectors, with the tuned ones appended when there are any."""
        if self.tuned is None:
            return self.embedding(ids)
        return torch.cat([self.embedding(ids), self.tuned(ids)], dim=-1)

    def pooled(self, ids):
        vectors = self.lookup(ids)
        if self.pool == "meanmax":
            return torch.cat([masked_mean(vectors, ids), masked_max(vectors, ids)], dim=-1)
        return masked_mean(vectors, ids)

    def logits(self, types, span1, span2, context, scalars):
        frozen = self.frozen_dim
        s1, s2 = self.pooled(span1), self.pooled(span2)
        # The cosine compares the two names' frozen mean vectors, as before.
        cos = nn.functional.cosine_similarity(s1[:, :frozen], s2[:, :frozen], dim=1,
                                              eps=1e-6).unsqueeze(1)
        if self.training and self.span_dropout:
            keep = (torch.rand(s1.shape[0], 2, 1) >= self.span_dropout).to(s1.dtype)
            s1, s2 = s1 * keep[:, 0], s2 * keep[:, 1]
        ctx = self.pooled(context).flatten(1)  # [N, 5 * pools * dim]
        parts = [self.onehot[types[:, 0]], self.onehot[types[:, 1]], s1, s2, ctx, scalars, cos]
        if self.stack:
            parts.append(self.embedding(context[:, :4, :self.stack]).flatten(1))
            parts.append(self.embedding(context[:, 4, :]).flatten(1))
        x = torch.cat(parts, dim=1)
        if self.input_dropout is not None:
            x = self.input_dropout(x)
        return self.mlp(x)

    def forward(self, types, span1, span2, context, scalars):
        return torch.softmax(self.logits(types, span1, span2, context, scalars), dim=1)


