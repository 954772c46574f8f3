"""The stored library: Chroma (the truth), the tantivy index derived from it, the corpus that keeps
them in step, models that embed, and hybrid search over it all."""
