"""Text helpers shared by ingest, search and answers: words and stems, sentences, language, injections."""
