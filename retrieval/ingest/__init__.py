"""Files, pages and feeds → cleaned Articles → sentence-bounded Chunks with entities → the corpus."""
