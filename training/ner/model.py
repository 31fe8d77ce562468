"""BiLSTM-CNN tagger: word vectors + char CNN -> BiLSTM -> per-token log-softmax.

Padding invariance: the model takes right-padded batches and derives the mask
from words != 0. A plain bidirectional LSTM would let the backward direction
read the padding before the real tokens, so the emissions of a sentence would
depend on how long the longest sentence in its batch is. Instead the backward
LSTM is a forward LSTM run over each sequence reversed *within its own length*
(a gather with per-row indices), then un-reversed the same way. Real tokens see
exactly the same inputs whatever padding follows them.
"""
import numpy as np
import torch
import torch.nn as nn

MAX_CHARS = 16


class Tagger(nn.Module):
    def __init__(self, n_words, n_chars, n_tags, wdim=100, cdim=30, cfilters=50,
                 hidden=128, dropout=0.5, freeze_words=True, crf_tags=None):
        super().__init__()
        # Optional CRF: learned transition/start/end scores, exported to labels.json
        # (the ONNX graph only outputs emissions; the TS side runs Viterbi).
        self.crf = None
        if crf_tags is not None:
            allowed, start = bio_allowed(crf_tags)
            self.crf = nn.ParameterDict({
                "trans": nn.Parameter(torch.zeros(n_tags, n_tags)),
                "start": nn.Parameter(torch.zeros(n_tags)),
                "end": nn.Parameter(torch.zeros(n_tags))})
            self.register_buffer("ban", torch.from_numpy(~allowed))
            self.register_buffer("ban_start", torch.from_numpy(~start))
        self.wemb = nn.Embedding(n_words, wdim, padding_idx=0)
        self.wemb.weight.requires_grad = not freeze_words
        self.cemb = nn.Embedding(n_chars, cdim, padding_idx=0)
        self.cconv = nn.Conv1d(cdim, cfilters, kernel_size=3, padding=1)
        self.fwd = nn.LSTM(wdim + cfilters, hidden, batch_first=True)
        self.bwd = nn.LSTM(wdim + cfilters, hidden, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, n_tags)

    @staticmethod
    def _reverse(x, rev):
        return torch.gather(x, 1, rev.unsqueeze(-1).expand(-1, -1, x.shape[2]))

    def forward(self, words, chars):
        b, s = words.shape[0], words.shape[1]
        mask = (words != 0).long()
        lengths = mask.sum(1, keepdim=True)
        pos = torch.cumsum(torch.ones_like(words), 1) - 1  # 0..s-1 (ONNX-friendly arange)
        rev = torch.where(pos < lengths, lengths - 1 - pos, pos)  # reverse inside each length
        c = self.cemb(chars.reshape(b * s, MAX_CHARS)).transpose(1, 2)
        c = torch.relu(self.cconv(c)).max(dim=2).values.reshape(b, s, -1)
        x = self.drop(torch.cat([self.wemb(words), c], dim=-1))
        hf, _ = self.fwd(x)
        hb, _ = self.bwd(self._reverse(x, rev))
        h = torch.cat([hf, self._reverse(hb, rev)], dim=-1)
        scores = self.out(self.drop(h))
        return scores if self.crf is not None else torch.log_softmax(scores, dim=-1)

    def crf_scores(self):
        """Transition/start/end with BIO-invalid moves fixed at -1e4 (hard constraints)."""
        t = self.crf["trans"].masked_fill(self.ban, -1e4)
        s = self.crf["start"].masked_fill(self.ban_start, -1e4)
        return t, s, self.crf["end"]

    def crf_logz(self, em, mask, allowed=None):
        """Forward algorithm. em [B,S,T]; mask [B,S] bool (right-padded);
        allowed [B,S,T] bool restricts paths (partial labels) -> log-sum over them."""
        trans, start, end = self.crf_scores()
        if allowed is not None:
            em = em.masked_fill(~allowed, -1e4)
        alpha = start + em[:, 0]
        for t in range(1, em.shape[1]):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0), dim=1) + em[:, t]
            alpha = torch.where(mask[:, t].unsqueeze(1), nxt, alpha)
        return torch.logsumexp(alpha + end, dim=1)


def bio_allowed(tags):
    """allowed[i, j]: may tag j follow tag i; start[j]: may a sentence begin with j."""
    n = len(tags)
    allowed = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            start[j] = False
            for i, p in enumerate(tags):
                allowed[i, j] = p[2:] == t[2:] and p != "O"
    return allowed, start


def viterbi_bio(em, allowed, start, trans=None, start_s=None, end_s=None):
    """BIO-constrained Viterbi. Without CRF scores, transitions are zero (what the
    TS side runs when labels.json has no transitions). em: [seq, tags]."""
    neg = -1e9
    trans = np.where(allowed, 0.0 if trans is None else trans, neg)
    score = em[0] + np.where(start, 0.0 if start_s is None else start_s, neg)
    back = []
    for t in range(1, len(em)):
        cand = score[:, None] + trans  # [prev, cur]
        back.append(cand.argmax(0))
        score = cand.max(0) + em[t]
    if end_s is not None:
        score = score + end_s
    best = [int(score.argmax())]
    for bp in reversed(back):
        best.append(int(bp[best[-1]]))
    return best[::-1]
