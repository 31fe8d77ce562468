"""Unit tests of the RE converters and features: python3 -m unittest discover -s training/re.
The feature test uses the sentence, spec and numbers of test/unit/main/pipeline/pair.test.ts."""
import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import features  # noqa: E402
from convert import product_pieces, split_ids, whitelisted_pairs  # noqa: E402
from spec import Spec  # noqa: E402
from tokens import tokenize  # noqa: E402

CORE = ["Problem", "Symptom", "Procedure", "Test"]
SPEC = Spec("t", ["BodyPart", "Direction", "Severity", "TestResult"] + CORE, [
    {"head": ["Problem", "Symptom"], "tail": ["BodyPart"], "category": "bodypart_problem"},
    {"head": CORE, "tail": ["Direction"], "category": "direction_finding"},
    {"head": CORE, "tail": ["Severity"], "category": "severity_finding"},
    {"head": ["BodyPart"], "tail": ["Direction"], "category": "bodypart_direction"},
], ["O", "bodypart_problem", "direction_finding", "severity_finding", "bodypart_direction"],
    max_tokens=3, max_between=1)
TEXT = "Severe pain in the left knee, no swelling."
WORDS = ["<pad>", "<unk>", "severe", "pain", "in", "the", "left", "knee", ",", "no", "swelling"]
ENTITIES = [(0, 6, "Severity"), (7, 11, "Symptom"), (19, 23, "Direction"), (24, 28, "BodyPart"),
            (33, 41, "Symptom")]


class FeatureTest(unittest.TestCase):
    def setUp(self):
        self.saved = (features.WINDOW, features.SPAN, features.CTX)
        features.WINDOW, features.SPAN, features.CTX = 2, 3, 4
        self.sent = features.Sentence(TEXT, {w: k for k, w in enumerate(WORDS)})

    def tearDown(self):
        features.WINDOW, features.SPAN, features.CTX = self.saved

    def test_pairs_and_filter(self):
        pairs = whitelisted_pairs(SPEC, ENTITIES, {(3, 1): "bodypart_problem"})
        kept = [features.passes_filter(features.pair_features(self.sent, ENTITIES, i, j, SPEC), SPEC)
                for i, j, _ in pairs]
        self.assertEqual([(i, j) for i, j, _ in pairs],
                         [(0, 1), (0, 4), (1, 2), (1, 3), (2, 3), (2, 4), (3, 4)])
        self.assertEqual(kept, [True, False, True, True, True, False, True])
        self.assertEqual(pairs[3][2], "bodypart_problem")
        self.assertEqual(pairs[0][2], "O")

    def test_features_match_typescript(self):
        f = features.pair_features(self.sent, ENTITIES, 1, 3, SPEC)
        self.assertEqual(f["types"], [6, 1])
        self.assertEqual(f["span1"], [3, 0, 0])
        self.assertEqual(f["span2"], [7, 0, 0])
        self.assertEqual(f["context"], [[2, 0, 0, 0], [4, 5, 0, 0], [5, 6, 0, 0], [8, 9, 0, 0],
                                        [4, 5, 6, 0]])
        self.assertEqual(f["scalars"], [math.log1p(x) for x in (3, 1, 0, 1, 1)])
        self.assertEqual((f["gap"], f["syntax"]), (3, 1))


class ConvertTest(unittest.TestCase):
    def test_laterality_becomes_direction(self):
        text = "left knee and right-sided"
        toks = tokenize(text)
        self.assertEqual(product_pieces(text, toks, 0, 9, "BodyPart"),
                         [(0, 4, "Direction"), (5, 9, "BodyPart")])
        self.assertEqual(product_pieces(text, toks, 14, 25, "Modifier"), [(14, 25, "Direction")])
        self.assertEqual(product_pieces(text, toks, 5, 9, "Modifier"), [])

    def test_split_is_by_document_and_stable(self):
        train, dev = split_ids([str(k) for k in range(10)])
        self.assertEqual(len(dev), 2)
        self.assertFalse(set(train) & set(dev))
        self.assertEqual(split_ids([str(k) for k in range(10)]), (train, dev))


if __name__ == "__main__":
    unittest.main()
