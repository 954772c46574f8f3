"""The lexical side of search: a tantivy index beside the store.

Chroma ranks by vectors only when run locally, so keyword ranking lives here, in tantivy (the Rust
search engine): BM25 with fields and boosts, an English analyzer (our stop words, Snowball stems),
phrase queries for names, date and outlet filters on fast fields, incremental add/delete with
commits, and an on-disk index that opens in milliseconds.

Two kinds of documents, in two tantivy indexes (one folder):
- a *passage* per stored chunk (title + text), with the chunk's text and metadata stored, so a
  passage found only here needs no round trip to Chroma;
- an *article* per canonical article: headline, lead and whole body as separate fields, so a
  question whose words are spread over the headline, the lead and several paragraphs still finds
  the article that no single passage matches well. Articles have an index of their own because
  BM25's average field length counts every document of an index: beside ~5 passages an article,
  the bodies looked 6× longer than average and long articles sank (newsdev, article BM25 alone:
  Hits@4 0.64 → 0.84 once separated). Headline and body are also kept unstemmed (`x_text`) for a
  second article list of the words as written (see index/search.py).

Text in other languages goes to plain lowercased fields (Chinese split into characters and pairs).

The index is *derived* from the store: `state` records the store's identity, generation, passage
count and id digest it was built from, and `Corpus.ensure_fresh()` repairs it when they differ.

Usage:
    >>> index = LexicalIndex(Path("data/lexical-citebot"))       # doctest: +SKIP
    >>> index.search_passages(index.query("Xiangshan Forum"), 5)  # doctest: +SKIP
    [('000_92ea…:0', 7.91), ...]
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import CitebotError
from ..models import Article, Chunk, Filters, Hit
from ..text.words import stopwords
from .keys import PassageKeys
from .lexquery import LexicalQuery, analyse, other_text, text_query
from .state import IndexState
from .store import chunk_metadata, hit_from, id_digest, xor_digest

SCHEMA_VERSION = "tantivy-5"
LEAD_WORDS = 60


class LexicalError(CitebotError):
    """The lexical index could not be written (e.g. another process holds its writer)."""


class LexicalIndex:
    """Passages and articles in tantivy, filtered by outlet and published day."""

    PASSAGE, ARTICLE = "p", "a"

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()  # one writer per process; tantivy's lock file guards across processes
        self.keys = PassageKeys()  # the ids a filter admits, read from a fast field (index/keys.py)
        self._open()

    # --- schema and opening ----------------------------------------------------------------------
    def _analyzers(self):
        from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

        en = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
              .filter(Filter.custom_stopword(sorted(stopwords()))).filter(Filter.stemmer("english")).build())
        other = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40)).filter(Filter.lowercase())
                 .build())
        return en, other

    def _schema(self):
        from tantivy import SchemaBuilder

        sb = SchemaBuilder()
        for name in ("kind", "id", "article_id", "source_key"):
            sb.add_text_field(name, stored=name in ("id", "article_id"), tokenizer_name="raw",
                              fast=name == "source_key")
        for name in ("p_title", "p_text", "a_title", "a_lead", "a_body", "a_source"):
            sb.add_text_field(name, tokenizer_name="citebot_en")
        for name in ("o_title", "o_text", "x_text"):
            sb.add_text_field(name, tokenizer_name="citebot_other")
        sb.add_integer_field("day", indexed=True, fast=True)
        sb.add_integer_field("key", fast=True)
        sb.add_bytes_field("payload", stored=True)
        return sb.build()

    def _open(self) -> None:
        import tantivy

        self.folder.mkdir(parents=True, exist_ok=True)
        version = self.folder / "VERSION"
        if version.exists() and version.read_text().strip() != SCHEMA_VERSION:
            self._wipe()
        self.schema = self._schema()
        self.en, self.other = self._analyzers()
        articles = self.folder / "articles"
        try:
            articles.mkdir(exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
            self.articles = tantivy.Index(self.schema, path=str(articles), reuse=True)
            self._count(self.PASSAGE)  # reads the term dictionaries: corrupt files fail here, not mid-question
            self._count(self.ARTICLE)
        except BaseException as exc:  # tantivy reports corrupt files as a Rust panic (a BaseException)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            # Unreadable (a crash mid-write, a foreign file): it is only derived data — start afresh.
            self._wipe()
            articles.mkdir(exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(self.folder), reuse=True)
            self.articles = tantivy.Index(self.schema, path=str(articles), reuse=True)
        for index in (self.index, self.articles):
            index.register_tokenizer("citebot_en", self.en)
            index.register_tokenizer("citebot_other", self.other)
        version.write_text(SCHEMA_VERSION)

    def _wipe(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)

    @property
    def state_path(self) -> Path:
        return self.folder / "state.json"

    def state(self) -> IndexState:
        return IndexState.read(self.state_path)

    def set_state(self, state: IndexState) -> None:
        state.write(self.state_path)

    def reload(self) -> None:
        self.index.reload()
        self.articles.reload()

    def count(self) -> int:
        return self._count(self.PASSAGE)

    def _count(self, kind: str) -> int:
        from tantivy import Query

        index = self.articles if kind == self.ARTICLE else self.index
        return index.searcher().search(Query.term_query(self.schema, "kind", kind), 1, count=True).count

    # --- documents ---------------------------------------------------------------------------------
    def _passage_doc(self, cid: str, text: str, meta: dict[str, Any]):
        from tantivy import Document

        english = meta.get("language", "en") == "en"
        title = meta.get("story") or meta.get("title", "")
        fields: dict[str, Any] = {
            "kind": self.PASSAGE, "id": cid, "key": self.keys.key(cid), "article_id": meta.get("article_id", ""),
            "source_key": meta.get("source_key", ""), "day": int(meta.get("published_day", -1)),
            "payload": json.dumps({"text": text, "meta": meta}).encode(),
        }
        if english:
            fields.update(p_title=title, p_text=text)
        else:
            fields.update(o_title=other_text(title), o_text=other_text(text))
        return Document(**fields)

    def _article_doc(self, article_id: str, title: str, body: str, meta: dict[str, Any]):
        from tantivy import Document

        lead = " ".join(body.split()[:LEAD_WORDS])
        fields: dict[str, Any] = {"kind": self.ARTICLE, "id": f"article:{article_id}", "article_id": article_id,
                                  "source_key": meta.get("source_key", ""),
                                  "day": int(meta.get("published_day", -1))}
        if meta.get("source"):
            fields["a_source"] = meta["source"]
        if meta.get("language", "en") == "en":
            fields.update(a_title=title, a_lead=lead, a_body=body, x_text=f"{title}\n{body}")
        else:
            fields.update(o_title=other_text(title), o_text=other_text(body))
        return Document(**fields)

    @contextlib.contextmanager
    def writer(self) -> Iterator[_Writer]:
        """A batch of changes, committed together (or not at all). Articles commit first: a crash between
        the two commits leaves passages missing, which the next freshness check adds back (rebuilding
        the touched articles), never an article index ahead of what it can be repaired from."""
        with self._lock:
            try:
                w = self.index.writer(heap_size=30_000_000, num_threads=1)
                aw = self.articles.writer(heap_size=20_000_000, num_threads=1)
            except ValueError as exc:
                raise LexicalError(f"the lexical index at {self.folder} is being written by another process "
                                   f"({exc})") from None
            batch = _Writer(self, w, aw)
            try:
                yield batch
                for writer in (aw, w):
                    writer.commit()
                    writer.wait_merging_threads()
            except BaseException:
                for writer in (aw, w):
                    with contextlib.suppress(Exception):
                        writer.rollback()
                raise
            finally:
                del w, aw
        self.reload()

    # --- reading -------------------------------------------------------------------------------------
    def query(self, text: str) -> LexicalQuery:
        return analyse(text, self.en, self.other)

    def _filtered(self, kind: str, text_query, filters: Filters | None, article_ids: Sequence[str] | None = None):
        from tantivy import FieldType, Occur, Query

        must = [(Occur.Must, Query.term_query(self.schema, "kind", kind))]
        if text_query is not None:
            must.append((Occur.Must, text_query))
        if filters is not None and not filters.is_empty():
            if filters.sources:
                must.append((Occur.Must, Query.term_set_query(self.schema, "source_key",
                                                              [s.casefold() for s in filters.sources])))
            if filters.since or filters.until:
                lo = filters.since.toordinal() if filters.since else 0
                hi = filters.until.toordinal() if filters.until else None
                must.append((Occur.Must, Query.range_query(self.schema, "day", FieldType.Integer, lo, hi)))
        if filters is not None and filters.articles:
            must.append((Occur.Must, Query.term_set_query(self.schema, "article_id", list(filters.articles))))
        if article_ids is not None:
            must.append((Occur.Must, Query.term_set_query(self.schema, "article_id", list(article_ids))))
        return Query.boolean_query(must)

    def _run(self, query, n: int, key: str, index=None) -> list[tuple[str, float]]:
        searcher = (index or self.index).searcher()
        out = []
        for score, address in searcher.search(query, n, count=False).hits:
            out.append((searcher.doc(address).get_first(key), float(score)))
        return out

    def search_passages(self, q: LexicalQuery, n: int, filters: Filters | None = None,
                        article_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """(chunk_id, BM25 score) best first."""
        if q.empty or n <= 0:
            return []
        text = text_query(self.schema, q, {"p_title": 1.0, "p_text": 1.0, "o_title": 1.0, "o_text": 1.0}, ["p_text"])
        return self._run(self._filtered(self.PASSAGE, text, filters, article_ids), n, "id")

    def search_articles(self, q: LexicalQuery, n: int, boosts: dict[str, float],
                        filters: Filters | None = None) -> list[tuple[str, float]]:
        """(article_id, BM25F score) best first: headline, lead and body weighted by `boosts`."""
        if q.empty or n <= 0:
            return []
        text = text_query(self.schema, q, {**boosts, "o_title": boosts.get("a_title", 1.0), "o_text": 1.0}, ["a_body"],
                                "a_body")
        return self._run(self._filtered(self.ARTICLE, text, filters), n, "article_id", self.articles)

    def search_exact_articles(self, q: LexicalQuery, n: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(article_id, BM25) best first over headline and body as written (no stemming): a second view of
        the article that errs elsewhere than the stemmed one ("whims" matches itself, not "whim" or a
        same-story article's "decide" for "decisions")."""
        if not q.other or n <= 0:
            return []
        words = text_query(self.schema, q, {"x_text": 1.0}, [])  # no phrase fields; fuzzy terms go to stemmed ones
        return self._run(self._filtered(self.ARTICLE, words, filters), n, "article_id", self.articles)

    def filtered_passages(self, filters: Filters, limit: int) -> list[str] | None:
        """Ids of every passage the filter admits, or None when there are more than `limit`."""
        from tantivy import Query

        query = self._filtered(self.PASSAGE, Query.all_query(), filters)
        searcher = self.index.searcher()
        result = searcher.search(query, limit + 1, count=False)
        if len(result.hits) > limit:
            return None
        return self.keys.ids(searcher, [a for _, a in result.hits])

    def get_hits(self, ids: Sequence[str]) -> dict[str, Hit]:
        """Hits for passage ids, from the text and metadata stored here."""
        if not ids:
            return {}
        from tantivy import Query

        searcher = self.index.searcher()
        found = searcher.search(Query.term_set_query(self.schema, "id", list(ids)), len(ids), count=False)
        out = {}
        for _, address in found.hits:
            doc = searcher.doc(address)
            data = json.loads(doc.get_first("payload"))
            out[doc.get_first("id")] = hit_from(doc.get_first("id"), data["text"], data["meta"])
        return out

    def passage_ids(self) -> set[str]:
        """Every passage id in the index (for repairs; ~1 s per 100k passages)."""
        from tantivy import Query

        searcher = self.index.searcher()
        total = self.count()
        hits = searcher.search(Query.term_query(self.schema, "kind", self.PASSAGE), max(total, 1), count=False).hits
        return {searcher.doc(a).get_first("id") for _, a in hits}


class _Writer:
    """Changes to one commit; keeps the state's count and digest in step with what it writes."""

    def __init__(self, index: LexicalIndex, writer, article_writer):
        self.index = index
        self.w = writer
        self.aw = article_writer
        self.added = 0
        self.removed = 0
        self.digest = "0" * 32  # XOR of the ids added and removed

    def add_chunks(self, chunks: Iterable[Chunk]) -> None:
        self.add_passages((c.chunk_id, c.text, chunk_metadata(c)) for c in chunks)

    def add_passages(self, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        ids = []
        for cid, text, meta in rows:
            self.w.delete_documents_by_term("id", cid)  # idempotent: a re-run never doubles a passage
            self.w.add_document(self.index._passage_doc(cid, text, meta or {}))
            ids.append(cid)
        self.added += len(ids)
        self.digest = xor_digest(self.digest, id_digest(ids))

    def delete_passages(self, ids: Sequence[str]) -> None:
        for cid in ids:
            self.w.delete_documents_by_term("id", cid)
        self.removed += len(ids)
        self.digest = xor_digest(self.digest, id_digest(ids))

    def put_article(self, article: Article, meta: dict[str, Any]) -> None:
        self.put_article_text(article.article_id, article.title, article.text, meta)

    def put_article_text(self, article_id: str, title: str, body: str, meta: dict[str, Any]) -> None:
        self.aw.delete_documents_by_term("id", f"article:{article_id}")
        self.aw.add_document(self.index._article_doc(article_id, title, body, meta))

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        for aid in article_ids:
            self.aw.delete_documents_by_term("id", f"article:{aid}")

    def clear(self) -> None:
        self.w.delete_all_documents()
        self.aw.delete_all_documents()
