"""Unit tests: the marker layouts, and that one pass per sentence leaves the text's states
untouched by the markers. They need numpy and torch (Debian's python3-torch); without them they
are skipped with a message."""
import unittest

try:
    import numpy as np
    import torch

    import layouts as L
    from transformer import Config, Encoder, padding_bias
except ImportError as err:  # CI's plain python3 has neither numpy nor torch
    MISSING = f"needs numpy and torch ({err}); use /usr/bin/python3 with python3-torch"
else:
    MISSING = None
from settings import CLS, MARKERS, SEP, SPECIALS

VOCAB = SPECIALS + ["a", "b", "c", "##b", "##c", "ab", "pain", "knee", "é"] + MARKERS


@unittest.skipIf(MISSING, MISSING)
class LayoutTest(unittest.TestCase):
    def setUp(self):
        self.markers = L.marker_ids(len(VOCAB))

    def test_windows_keep_whole_tokens(self):
        pieces = [[5] * 100, [6] * 100, [7] * 100]
        self.assertEqual(L.token_windows(pieces), [(0, 2), (2, 3)])
        ids, first = L.ner_sequence([[5], [6, 7]])
        self.assertEqual((ids, first), ([CLS, 5, 6, 7, SEP], [1, 2]))

    def test_inline_markers_surround_the_entities(self):
        pieces = [[5], [6, 7], [8], [9]]
        ents = [[1, 2, "Drug"], [3, 4, "Drug"]]
        ids, h, t = L.pair_sequence(pieces, ents, 0, 1, self.markers)
        m = self.markers
        self.assertEqual(ids, [CLS, 5, m["[E1]"], 6, 7, m["[/E1]"], 8, m["[E2]"], 9, m["[/E2]"], SEP])
        self.assertEqual((ids[h], ids[t]), (m["[E1]"], m["[E2]"]))

    def test_far_apart_entities_keep_both(self):
        pieces = [[5]] * 300
        ents = [[2, 3, "Drug"], [290, 291, "Drug"]]
        ids, h, t = L.pair_sequence(pieces, ents, 0, 1, self.markers)
        self.assertLessEqual(len(ids), L.PAIR_LEN)
        self.assertEqual((ids[h], ids[t]), (self.markers["[E1]"], self.markers["[E2]"]))

    def test_levitated_markers_share_positions_and_leave_text_alone(self):
        torch.manual_seed(0)
        enc = Encoder(Config(len(VOCAB), hidden=32, layers=2, heads=2, ffn=64, dropout=0.0)).eval()
        pieces = [[5], [6, 7], [8], [9]]
        ents = [[1, 2, "Drug"], [3, 4, "Drug"], None]
        ids, pos, bias, at = L.sentence_layout(pieces, ents, self.markers)
        self.assertEqual(at[2], None)
        self.assertEqual([pos[at[0]], pos[at[0] + 1], pos[at[1]]], [2, 3, 5])
        n = len(pieces) + 3  # [CLS] 5 6 7 8 9 [SEP] minus nothing: 1 + 5 pieces + 1
        x = torch.tensor([ids])
        with torch.no_grad():
            with_markers = enc(x, torch.tensor([pos]), torch.from_numpy(bias)[None, None])
            text = x[:, :n]
            alone = enc(text, torch.arange(n)[None], padding_bias(torch.ones_like(text)))
        self.assertTrue(torch.allclose(with_markers[0, :n], alone[0], atol=1e-5))
        stacked = L.stack_bias([bias, bias[:3, :3]])
        self.assertEqual(stacked.shape, (2, len(ids), len(ids)))
        self.assertTrue(np.all(stacked[1, 3:, 0] == 0.0))


if __name__ == "__main__":
    unittest.main()
