"""The terminal chat (`citebot chat`, `make run` without a token) behaves like the bot: small talk,
follow-ups, /sources, /new, /help from the library, a prompt that says how to leave, the reader's language."""

from __future__ import annotations

import io

from bot.chat import TerminalChat

SHOIGU = "What did China's defense minister tell Shoigu?"


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_prompt_says_how_to_leave(seeded, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert TerminalChat(seeded).run(Tty("hi\n/quit\nnever read\n")) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ask about the articles. /help for commands, /quit (or Ctrl-D) to leave.\n")
    assert out.count("(/quit to leave) › ") == 2 and "Hi! Ask me about the news" in out


def test_conversation_rules_match_the_bot(seeded):
    chat = TerminalChat(seeded, language="en")
    assert "[1]" in chat.handle(SHOIGU)
    assert chat.handle("thanks") == "You're welcome!"
    declined = chat.handle("Who won the 2022 World Cup?")
    assert declined == "I can't answer that from my sources."
    assert [t.question for t in chat.history] == [SHOIGU, "Who won the 2022 World Cup?"]  # no small talk
    sources = chat.handle("/sources")  # the last answer that had sources, not the decline
    assert sources.startswith("Sources of the last answer:") and "offers full support" in sources
    helped = chat.handle("/help")
    assert "/quit (or Ctrl-D)" in helped and "My library holds 5 news articles" in helped and "• " in helped
    assert chat.handle("/foo bar") == "Unknown command /foo — /help lists what I understand."
    assert chat.handle("/new") == "(conversation cleared)" and chat.history == []
    assert chat.handle("/sources").startswith("Sources of the last answer:")  # /new forgets turns, not sources


def test_own_words_in_the_readers_language(seeded, monkeypatch):
    monkeypatch.setenv("LANG", "uk_UA.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    chat = TerminalChat(seeded)
    assert chat.handle("/new") == "(розмову очищено)" and chat.handle("/sources").startswith("Ще немає")
    answer = chat.handle("Что сказал министр обороны Китая Шойгу?")  # the question's language from now on
    assert "\nИсточники:\n[1] " in answer
    assert chat.handle("/new") == "(разговор очищен)"


def test_a_store_outage_is_one_friendly_line_and_the_conversation_survives(seeded, monkeypatch):
    from retrieval import StoreError

    chat = TerminalChat(seeded, language="en")
    assert "[1]" in chat.handle(SHOIGU)
    real = seeded.answer

    def down(*args, **kwargs):
        raise StoreError("Chroma at http://127.0.0.1:1 is not reachable")

    monkeypatch.setattr(seeded, "answer", down)
    said = chat.handle("What did he say about the United States?")
    assert said.startswith("I can't reach my article library right now") and "127.0.0.1:1" in said
    assert "\n" not in said and [t.question for t in chat.history] == [SHOIGU]
    monkeypatch.setattr(seeded, "answer", real)
    assert "[1]" in chat.handle("What did he say about the United States?")  # the follow-up still resolves
    assert len(chat.history) == 2
