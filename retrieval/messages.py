"""Every sentence citebot says in its own words, in the reader's language.

Evidence is never translated (it stays the quoted source sentence); these are the bot's own words:
declines, notes, small talk, help, errors, button and source labels. English is complete; other
languages fall back to English for any key they lack.

    >>> say("abstain", "en")
    "I can't answer that from my sources."
    >>> say("nothing_in_period", "en", period="in 2019")
    'I have no articles from that period (in 2019).'
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "abstain": "I can't answer that from my sources.",
        "nothing_in_period": "I have no articles from that period ({period}).",
        "nearest": "The nearest I have:",
        "greeting": "Hi! Ask me about the news in my library — I answer with the exact sources.",
        "thanks": "You're welcome!",
        "ack": "👍",
        "llm_unavailable": "The language model is unavailable right now, so this answer quotes the sources directly.",
        "llm_unsupported": "The language model's answer could not be checked against the sources, so this answer "
                           "quotes them directly.",
        "llm_declined": "The language model found no answer, but the sources state this directly.",
        "llm_missing": "The local language model is not installed, so this answer quotes the sources directly.",
        "published_on": "published {date}",
        "date_of_report": "{date} (the date of the report)",
        "library": "I answer questions about {articles} news articles{outlets}{span}, citing the exact source of "
                   "every claim.",
        "library_outlets": " from {outlets}",
        "library_span": ", published {first} to {last}",
        "library_topics": "Topics include: {topics}.",
        "library_examples": "You could ask, for example:",
        "library_empty": "My library is empty for now.",
        "store_down": "I can't reach my article library right now — please try again in a minute.",
        "related_story": "related story on the same page: {story}",
    },
}


def say(key: str, language: str = "en", **values: object) -> str:
    """The message `key` in `language` (English when that language lacks it), filled with `values`."""
    table = MESSAGES.get(language) or MESSAGES["en"]
    text = table.get(key) or MESSAGES["en"][key]
    return text.format(**values) if values else text


def languages() -> list[str]:
    return sorted(MESSAGES)
