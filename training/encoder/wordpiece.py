"""BERT WordPiece over the product's tokens: lowercase, strip accents, greedy longest match.

The product tokenizer (training/ner/tokens.py, the same regex as the app) already splits
letters, digits and each punctuation mark apart, so BERT's basic pre-tokenizer has nothing
left to split and each product token is one WordPiece "word". The TypeScript side does the
same, checked against fixture.json in the model folder.
"""
import unicodedata

MAX_WORD_CHARS = 100  # as BERT: longer words become [UNK]


def normalize(word):
    """Lowercase, then drop combining marks after NFD (BERT uncased)."""
    text = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


class WordPiece:
    def __init__(self, tokens):
        self.tokens = list(tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens)}
        self.unk = self.ids["[UNK]"]
        self._cache = {}

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls(line.rstrip("\n") for line in f)

    def word_pieces(self, word):
        """Token strings of one product token (greedy longest match, '##' continuations);
        never empty, so every product token has a first piece to label."""
        word = normalize(word)
        if not word or len(word) > MAX_WORD_CHARS:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = piece
                    break
                end -= 1
            if found is None:
                return ["[UNK]"]
            pieces.append(found)
            start = end
        return pieces

    def word_ids(self, word):
        """Ids of one product token's pieces (cached: corpora repeat words a lot)."""
        hit = self._cache.get(word)
        if hit is None:
            hit = [self.ids[p] for p in self.word_pieces(word)]
            self._cache[word] = hit
        return hit
