"""Tools for Chinese legal text (module 08): a word segmenter that knows the legal terms and
the place names of the course's city.

jieba ships its general dictionary; it cuts terms such as 如实供述 and 血液酒精含量 into
pieces and splits place names it has never seen (元和县 becomes 元 + 和县). A procuratorate's
data office keeps a user dictionary of such words, and so does the course:
`course/text/legal_words.txt`, one word per line.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

LEGAL_WORDS = Path(__file__).with_name("legal_words.txt")


@lru_cache(maxsize=None)
def segmenter(legal_words: bool = True):
    """A jieba Tokenizer of its own (the global one stays as jieba ships it), with the legal
    user dictionary loaded unless `legal_words` is False. Call `.lcut(text)` on it."""
    import jieba

    jieba.setLogLevel(logging.WARNING)   # no "Building prefix dict" lines in a trainee's cell
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    if legal_words:
        tokenizer.load_userdict(str(LEGAL_WORDS))
    return tokenizer
