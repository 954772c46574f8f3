"""Questions for the lexical index: analysed once, turned into tantivy queries per kind of document.

The analysis mirrors how index/lexical.py wrote the text: English terms stemmed with our stop words,
other languages lowercased (Han characters one by one), names kept as phrases, and names written in
another script brought to the spelling English news prints (Cyrillic → pinyin-style Latin, Chinese
characters → pinyin syllable pairs, fuzzy transliterations).

Usage:
    >>> q = analyse("Wang Yi 在 香山", en, other)               # doctest: +SKIP
    >>> searcher.search(text_query(schema, q, {"p_text": 1.0}, ["p_text"]))  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text.language import transliterated_names
from ..text.names import cyrillic_pinyin, han_pairs
from ..text.words import proper_phrases, stopwords

_HAN = re.compile(r"([\u4e00-\u9fff\u3400-\u4dbf])")


@dataclass
class LexicalQuery:
    """A question analysed once, searched against passages and articles."""

    english: list[str] = field(default_factory=list)  # stemmed content terms
    other: list[str] = field(default_factory=list)  # lowercased terms for text in other languages
    phrases: list[list[str]] = field(default_factory=list)  # names as stemmed word sequences
    fuzzy: list[str] = field(default_factory=list)  # names written in another script, transliterated
    pinyin: list[list[str]] = field(default_factory=list)  # Chinese characters' syllable pairs: whole articles only

    @property
    def empty(self) -> bool:
        return not self.english and not self.other and not self.fuzzy


def stemmed(field_name: str) -> bool:
    """Passage and article fields of English text are stemmed; o_* (other languages) and x_* are not."""
    return field_name.startswith(("p_", "a_"))


def other_text(text: str) -> str:
    """Plain words for non-English text; Han characters one by one (tantivy joins them otherwise)."""
    return _HAN.sub(r" \1 ", text)


def analyse(text: str, en, other_analyzer) -> LexicalQuery:
    """The question's terms for each kind of field, analysed as the index analysed the text it holds."""
    english = list(dict.fromkeys(en.analyze(text)))
    other = list(dict.fromkeys(other_analyzer.analyze(other_text(text))))
    phrases = []
    for phrase in proper_phrases(text):
        words = en.analyze(phrase)
        if len(words) >= 2:
            phrases.append(words)
    # names in Cyrillic spelled as English news prints them ("Цинь Ган" → qin gang): exact terms, cheap at
    # any size of index
    english += [t for name in cyrillic_pinyin(text) for t in en.analyze(name) if t not in english]
    # names in Chinese characters read as pinyin: each pair of neighbouring syllables as a phrase ("秦刚" →
    # "qin gang") and joined ("香山" → "xiangshan"); most pairs are no name and match nothing. They choose
    # the articles, not the passages within them: "王毅" names a story's subject, not the sentence asked about
    pinyin = [words for a, b in han_pairs(text) for words in (en.analyze(f"{a} {b}"), en.analyze(a + b))
              if words and len(words) <= 2]
    return LexicalQuery(english, [t for t in other if t not in stopwords()], phrases, transliterated_names(text),
                        pinyin)


def text_query(schema, q: LexicalQuery, fields: dict[str, float], phrase_fields: Sequence[str], pinyin_field: str = ""):
    """One BM25 query over `fields` (name → boost): terms, names as phrases, pinyin pairs, fuzzy transliterations."""
    from tantivy import Occur, Query

    clauses = []
    for name, boost in fields.items():
        terms = q.english if stemmed(name) else q.other
        for t in terms:
            clauses.append((Occur.Should, Query.boost_query(Query.term_query(schema, name, t), boost)))
    for words in q.phrases:
        for name in phrase_fields:
            clauses.append((Occur.Should, Query.boost_query(Query.phrase_query(schema, name, words), 1.5)))
    for words in q.pinyin if pinyin_field else ():
        clauses.append((Occur.Should, Query.boost_query(
            Query.phrase_query(schema, pinyin_field, words) if len(words) > 1 else
            Query.term_query(schema, pinyin_field, words[0]), 1.5)))
    english_fields = [name for name in fields if stemmed(name)]
    for term in q.fuzzy:  # "shoygu" finds "Shoigu", "kulebu" finds "Kuleba"
        for name in english_fields:
            clauses.append((Occur.Should, Query.fuzzy_term_query(schema, name, term,
                                                                 distance=2 if len(term) >= 7 else 1)))
    return Query.boolean_query(clauses)
