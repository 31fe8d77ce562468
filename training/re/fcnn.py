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


class FastRE(nn.Module):
    def __init__(self, vectors, n_types, n_classes, hidden=(512, 128), dropout=0.5, stack=0,
                 ctx_width=16):
        super().__init__()
        # stack > 0: also the token vectors themselves, in order (the first `stack` tokens of
        # each side window and every between token), zero-padded: the paper's stacked vector.
        self.stack = stack
        self.embedding = nn.Embedding.from_pretrained(vectors, freeze=True, padding_idx=0)
        self.register_buffer("onehot", torch.eye(n_types + 1))
        dim = vectors.shape[1]
        width = 2 * (n_types + 1) + 2 * dim + 5 * dim + 5 + 1
        if stack:
            width += 4 * stack * dim + ctx_width * dim
        layers = []
        for size in hidden:
            layers += [nn.Linear(width, size), nn.BatchNorm1d(size), nn.LeakyReLU(0.01),
                       nn.Dropout(dropout)]
            width = size
        layers.append(nn.Linear(width, n_classes))
        self.mlp = nn.Sequential(*layers)

    def quantize_table(self):
        """Replaces the fp32 embedding table by its int8 form (inference only: it is frozen)."""
        self.embedding = Int8Embedding(*quantize_rows(self.embedding.weight.detach()))

    def quantize_hidden(self):
        """Replaces the hidden layers' weights (not the classifier's) by their int8 form."""
        last = len(self.mlp) - 1
        for k, layer in enumerate(self.mlp):
            if isinstance(layer, nn.Linear) and k != last:
                self.mlp[k] = Int8Linear(layer)

    def logits(self, types, span1, span2, context, scalars):
        s1 = masked_mean(self.embedding(span1), span1)
        s2 = masked_mean(self.embedding(span2), span2)
        ctx = masked_mean(self.embedding(context), context).flatten(1)  # [N, 5 * dim]
        cos = nn.functional.cosine_similarity(s1, s2, dim=1, eps=1e-6).unsqueeze(1)
        parts = [self.onehot[types[:, 0]], self.onehot[types[:, 1]], s1, s2, ctx, scalars, cos]
        if self.stack:
            parts.append(self.embedding(context[:, :4, :self.stack]).flatten(1))
            parts.append(self.embedding(context[:, 4, :]).flatten(1))
        x = torch.cat(parts, dim=1)
        return self.mlp(x)

    def forward(self, types, span1, span2, context, scalars):
        return torch.softmax(self.logits(types, span1, span2, context, scalars), dim=1)


