"""The CRF's likelihood and the Viterbi decoder against brute force over every tag path, and the
ADE mention finder's word boundaries."""
import itertools
import unittest

try:
    import numpy as np
    import torch
except ImportError:  # the CI's plain python3 has neither
    np = torch = None

TAGS = ["O", "B-Drug", "I-Drug", "B-Problem", "I-Problem"]


def path_score(em, path, trans, start, end):
    s = start[path[0]] + em[0][path[0]] + end[path[-1]]
    return s + sum(trans[a][b] + em[t + 1][b] for t, (a, b) in enumerate(zip(path, path[1:])))


@unittest.skipIf(torch is None, "needs numpy and torch (Debian's /usr/bin/python3)")
class CrfTest(unittest.TestCase):
    def setUp(self):
        from transformer import CRF
        torch.manual_seed(3)
        self.crf = CRF(len(TAGS))
        with torch.no_grad():
            for p in self.crf.parameters():
                p.normal_()

    def test_nll_is_log_partition_minus_gold_score(self):
        em = torch.randn(2, 4, len(TAGS))
        tags = torch.tensor([[1, 2, 0, 3], [3, 4, 0, 0]])
        mask = torch.tensor([[True] * 4, [True, True, False, False]])
        crf = self.crf.to_json()
        want = 0.0
        for r, n in ((0, 4), (1, 2)):
            e = em[r, :n].tolist()
            scores = [path_score(e, p, crf["transitions"], crf["start"], crf["end"])
                      for p in itertools.product(range(len(TAGS)), repeat=n)]
            gold = path_score(e, tags[r, :n].tolist(), crf["transitions"], crf["start"], crf["end"])
            want += float(torch.logsumexp(torch.tensor(scores), 0)) - gold
        self.assertAlmostEqual(float(self.crf.nll(em, tags, mask)), want, places=3)

    def test_viterbi_is_the_best_bio_valid_path(self):
        from viterbi import bio_rules, viterbi
        rules = bio_rules(TAGS)
        crf = self.crf.to_json()
        em = np.random.RandomState(5).randn(5, len(TAGS))
        valid = [p for p in itertools.product(range(len(TAGS)), repeat=5)
                 if rules[1][p[0]] and all(rules[0][a, b] for a, b in zip(p, p[1:]))]
        best = max(valid, key=lambda p: path_score(em, p, crf["transitions"], crf["start"], crf["end"]))
        self.assertEqual(viterbi(em, rules, crf), list(best))
        plain = max(valid, key=lambda p: sum(em[t][k] for t, k in enumerate(p)))
        self.assertEqual(viterbi(em, rules), list(plain))


class AdeMentionTest(unittest.TestCase):
    def test_occurrences_are_word_bounded(self):
        from tasks import occurrences
        text = "Cocaine and cocaineethylene; cocaine-induced mania after cocaine"
        self.assertEqual(occurrences(text, "cocaine"), [29, 57])
        self.assertEqual(occurrences(text, "Cocaine"), [0])
        self.assertEqual(occurrences("aa aa", "aa"), [0, 3])


if __name__ == "__main__":
    unittest.main()
