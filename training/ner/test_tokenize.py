"""python3 -m unittest discover -s training/ner -p 'test_*.py'"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from corpora import (bio_tags, doc_to_sentences, parse_brat, sentence_ranges_abstract,
                     spans_from_bio)
from tokens import APPROX_RE, normalize_word, tokenize


def toks(text):
    return [text[s:e] for s, e in tokenize(text)]


class TokenizeTest(unittest.TestCase):
    def test_basic(self):
        self.assertEqual(toks("BP 120/80 mmHg, 2x daily."),
                         ["BP", "120", "/", "80", "mmHg", ",", "2", "x", "daily", "."])
        self.assertEqual(toks("28-year-old"), ["28", "-", "year", "-", "old"])
        self.assertEqual(toks("α-blocker_x  naïve"), ["α", "-", "blocker", "_", "x", "naïve"])

    def test_unicode_like_js(self):
        # combining mark stays in the letter run (\p{M}); superscript two is "other";
        # NBSP and BOM are JS whitespace.
        self.assertEqual(toks("nai\u0308ve m\u00b2\u00a0x\ufeffy"), ["nai\u0308ve", "m", "\u00b2", "x", "y"])
        self.assertEqual(toks("٣٤kg"), ["٣٤", "kg"])  # Arabic-Indic digits are \p{Nd}

    def test_matches_stdlib_approximation_on_ascii(self):
        text = "Pt c/o SOB x3 days; HbA1c 7.2%, K+ 3.1 (low) -- on ASA_81mg q.d. [ref]"
        self.assertEqual(toks(text), APPROX_RE.findall(text))

    def test_normalize(self):
        self.assertEqual(normalize_word("HbA1c"), "hba0c")
        self.assertEqual(normalize_word("2019"), "0000")


class BratToBioTest(unittest.TestCase):
    def test_brat_spans_snap_and_overlap(self):
        text = "Severe chest pain in the left arm.\nGiven aspirin 81mg."
        ann = ("T1\tSign_symptom 7 17\tchest pain\n"
               "T2\tBiological_structure 25 33\tleft arm\n"
               "T3\tSeverity 0 6\tSevere\n"
               "T4\tMedication 41 45;46 48\taspi ri\n"   # discontinuous: first fragment, snaps to "aspirin"
               "T5\tDosage 49 51\t81\n"                  # "81" of "81mg" -> whole token "81"
               "T6\tBiological_structure 7 12\tchest\n"  # overlap: the longer span wins
               "E1\tSign_symptom:T1\n")
        from corpora import MACCROBAT_MAP, sentence_ranges_by_lines
        spans = [(s, e, MACCROBAT_MAP[t]) for s, e, t in parse_brat(ann) if t in MACCROBAT_MAP]
        sents = doc_to_sentences("maccrobat", "x", text, sentence_ranges_by_lines(text), spans)
        self.assertEqual(len(sents), 2)
        self.assertEqual(bio_tags(len(sents[0]["tokens"]), sents[0]["spans"]),
                         ["B-Severity", "B-Symptom", "I-Symptom", "O", "O",
                          "B-Direction", "B-BodyPart", "O"])
        self.assertEqual(list(zip(sents[1]["tokens"], bio_tags(len(sents[1]["tokens"]), sents[1]["spans"]))),
                         [("Given", "O"), ("aspirin", "B-Drug"), ("81", "B-Dosage"), ("mg", "O"), (".", "O")])

    def test_direction_from_modifier(self):
        text = "bilateral edema of lower extremities bilaterally"
        spans = [(0, 9, "Modifier"), (19, 48, "BodyPart")]
        s = doc_to_sentences("maccrobat", "x", text, [(0, len(text))], spans, keep_modifier=False)[0]
        self.assertEqual(bio_tags(len(s["tokens"]), s["spans"]),
                         ["B-Direction", "O", "O", "B-BodyPart", "I-BodyPart", "B-Direction"])

    def test_spans_from_bio(self):
        self.assertEqual(spans_from_bio(["B-Drug", "I-Drug", "I-Dosage", "O", "I-Drug"]),
                         [(0, 2, "Drug"), (2, 3, "Dosage"), (4, 5, "Drug")])

    def test_abstract_sentences(self):
        text = "Title here\nFirst one. Second 2.5 mg. third stays. Fourth"
        got = [text[a:b] for a, b in sentence_ranges_abstract(text)]
        self.assertEqual(got, ["Title here", "First one.", "Second 2.5 mg. third stays.", "Fourth"])


if __name__ == "__main__":
    unittest.main()
