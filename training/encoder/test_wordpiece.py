"""Unit tests: WordPiece over product tokens (standard library only)."""
import unittest

from settings import MARKERS, SPECIALS
from wordpiece import WordPiece

VOCAB = SPECIALS + ["a", "b", "c", "##b", "##c", "ab", "pain", "knee", "é"] + MARKERS


class WordPieceTest(unittest.TestCase):
    def test_greedy_longest_match_and_unknowns(self):
        wp = WordPiece(VOCAB)
        self.assertEqual(wp.word_pieces("ABC"), ["ab", "##c"])
        self.assertEqual(wp.word_pieces("Éb"), ["[UNK]"])  # "eb": no "e" in this vocabulary
        self.assertEqual(wp.word_pieces("x"), ["[UNK]"])
        self.assertEqual(wp.word_pieces("a" * 101), ["[UNK]"])
        self.assertEqual(wp.word_pieces("\u0301"), ["[UNK]"])  # nothing left after NFD

    def test_accents_are_stripped(self):
        wp = WordPiece(VOCAB)
        self.assertEqual(wp.word_pieces("Kneé"), ["knee"])


if __name__ == "__main__":
    unittest.main()
