"""The paper's "fast" RE model: crafted pair features stacked into one vector, fully connected
layers with batch norm after each affine layer, leaky ReLU and dropout, softmax over classes.
The word-embedding table (frozen fastText vectors) lives inside the model, so the ONNX graph
takes word ids and the product never handles vectors."""
import torch
from torch import nn



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


