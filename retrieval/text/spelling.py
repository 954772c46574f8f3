"""Typing slips in an English question, mended toward the words its sources use.

"what day did dong jun speek at the xiangshan forum": "speek" is no English word and no word of the
passages found, so the answering rules cannot tell what happened. pyspellchecker (MIT; Peter Norvig's
method over an English word-frequency list that ships with it) proposes the words one edit away (a
wrong, swapped, missing or extra letter); the likeliest whose stem the sources hold replaces the slip
("speak", beside "speaking"); a name misspelled is mended to the sources' spelling one edit away
("zelenskyy" → "zelensky"). A word the sources hold, or any English word, stays as typed: names
("kuleba") and rare words are no slips.

    >>> mended("when did he speek at the forum", {"speak", "forum"})
    'when did he speak at the forum'
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .words import stem

_WORD = re.compile(r"(?<![\w’'-])[a-z]{4,}(?![\w’'-])")


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)  # two edits cost ~0.5 s a word


def known_word(word: str) -> bool:
    """Whether `word` is an English word (the checker's list), in any case."""
    return bool(_checker().known([word.casefold()]))


def slips(question: str) -> list[str]:
    """The question's lower-case words that are no English word: slips, or names typed in lower case."""
    return [w for w in _WORD.findall(question) if not known_word(w)]


def mended(question: str, stems: set[str], words: Counter[str] | None = None) -> str:
    """`question` with each lower-case word that is neither English nor the sources' (by stem) replaced by
    the likeliest English word one edit away whose stem the sources hold — or else by a name the sources print
    one edit away (`words`: capitalised words, lower-cased, with their counts: "zelenskyy" → "zelensky", never
    "blinken" → "blinked"); unchanged when none is."""
    checker = _checker()

    def fix(m: re.Match) -> str:
        word = m.group(0)
        if known_word(word) or stem(word) in stems:
            return word
        english = [w for w in checker.candidates(word) or () if w != word]
        options = [w for w in english if stem(w) in stems]
        if options and all(w[0] != word[0] for w in options) and (kept := [w for w in english if w[0] == word[0]]):
            # a slip seldom falls on the first letter: "apointed" is "appointed", not the sources' "pointed"
            return max(kept, key=checker.word_usage_frequency)
        if options:
            return max(options, key=checker.word_usage_frequency)
        near = [w for w in checker.edit_distance_1(word) if words and w in words]
        return max(near, key=lambda w: words[w]) if near and words else word

    return _WORD.sub(fix, question)
