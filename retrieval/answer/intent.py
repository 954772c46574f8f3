"""What a message is, before anything is looked up: small talk (a greeting, thanks, an acknowledgement, an
emoji), a question about the bot itself ("what can you do?"), or a question — and, for the first two, the
language its own words are in (a greeting is too short for the language detector: "Hallo" → de).

    >>> is_small_talk("thanks!"), small_talk_kind("Merci beaucoup"), own_words_language("Hallo")
    (True, 'thanks', 'de')
    >>> is_about_bot("What can you do?"), is_about_bot("What do you know about Dong Jun?")
    (True, False)
"""

from __future__ import annotations

import re
import unicodedata

# Small-talk words by kind and by the language they are in ("" for words every language uses: "ok", "hi",
# "super"); a greeting's language comes from the greeting itself ("Hallo" → de, "Привет" → ru) — too short
# for the detector. A word listed under several languages says none of them.
_SMALL_TALK = {
    "greeting": {"": "hi hello hey hiya howdy yo greetings morning evening afternoon good day gm",
                 "uk": "привіт вітаю добрий доброго день ранок ранку вечір вечора здрастуйте",
                 "ru": "привет здравствуйте здрасте добрый доброе доброго день утро утра вечер вечера",
                 "de": "hallo servus moin guten gute tag morgen abend nacht",
                 "fr": "bonjour salut coucou bonsoir",
                 "es": "hola buenas buenos días dias tardes noches",
                 "zh": "你好 您好 早上好 下午好 晚上好 大家好 嗨"},
    "thanks": {"": "thanks thank thx ty cheers appreciated",
               "uk": "дякую дякуємо спасибі", "ru": "спасибо спс благодарю", "de": "danke dankeschön dank",
               "fr": "merci", "es": "gracias", "zh": "谢谢 多谢 感谢 谢啦"},
    "ack": {"": "ok okay k kk okey great cool nice good perfect awesome excellent got it understood sure fine "
                "alright yes no yep nope bye goodbye ciao lol haha super",
            "uk": "ок добре зрозуміло ясно чудово гаразд бувай",
            "ru": "ок хорошо ладно понятно ясно отлично пока",
            "de": "gut prima genial klar tschüss tschüs", "fr": "d'accord parfait génial bien revoir bonne",
            "es": "vale genial perfecto adiós adios nada luego", "zh": "好的 好 明白 明白了 知道了 收到 再见"},
}
_SMALL_TALK_WORDS = {w.casefold(): kind for kind, by_lang in _SMALL_TALK.items() for words in by_lang.values()
                     for w in words.split()}


def _word_languages() -> dict[str, set[str]]:
    """Each small-talk word → the languages it is listed under (none for the shared ones)."""
    out: dict[str, set[str]] = {}
    for by_lang in _SMALL_TALK.values():
        for lang, words in by_lang.items():
            for w in words.split() if lang else ():
                out.setdefault(w.casefold(), set()).add(lang)
    return out


_WORD_LANGUAGES = _word_languages()
_FILLER = set("a the so very much you all for it that this is was and again really lot indeed there "
              "你 您 啦 了 呀 啊 哦 非常".split())
_SMALL_TALK_PHRASES = {lang: re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE) for lang, alternatives in {
    "": r"how are you|how's it going|how is it going|what's up|whats up|nice to meet you|good to see you|"
        r"how do you do|how have you been|see you|have a nice day",
    "ru": "как дела|как поживаешь", "uk": "як справи|як ся маєш", "de": r"wie geht(?:'s| es)",
    "fr": r"comment ça va|ça va|comment allez-vous", "es": r"qu[ée] tal|c[óo]mo est[áa]s", "zh": "你好吗|最近好吗",
}.items()}
# A phrase of small talk in a message that asks something is a question ("Ça va durer combien de temps ?").
_QUESTION_WORDS = set("who what where when why which кто что где когда почему зачем сколько хто що де коли чому "
                      "скільки wer wo wann warum welche welcher qui quoi où quand pourquoi combien quién dónde "
                      "cuándo cuánto".split())
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_HAN_KNOWN = {w for w in [*_SMALL_TALK_WORDS, *_FILLER] if _HAN.search(w)}
_ABOUT_BOT = re.compile(
    r"^\s*(?:/?help|/?start|what can you do|what do you (?:know|do)|who are you|what are you|how do(?:es)? (?:this|"
    r"you) work|what (?:sources|outlets|topics|articles|news) do you have|which (?:sources|outlets|articles|topics)"
    r" do you (?:have|know|cover)|what(?:'s| is) in your (?:library|sources)|what do you cover|what can i ask"
    r"|are you an? (?:human|bot|robot|person|ai|machine|real person)|are you human|who (?:made|built|runs) you)"
    r"(?:\s+(?:about|on|of|for|me|us|please|here|exactly|really|anyway|then|now|so far|cover|covering|"
    r"or(?:\s+an?)?\s+(?:human|bot|robot|person|ai|machine|real person)))*\s*[?!.…]*\s*$",
    re.IGNORECASE,
)  # a whole message: "What do you know about Dong Jun?" and "help me find …" are questions
# The same in the other languages the bot speaks, as whole messages ("Что ты знаешь о Шойгу?" is a question).
_ABOUT_BOT_IN = {lang: re.compile(rf"^\s*[¿¡]?\s*(?:{alternatives})\s*[?？!！.。…]*\s*$", re.IGNORECASE)
                 for lang, alternatives in {
    "uk": r"що (?:ти|ви) (?:вмієш|вмієте|можеш|можете)(?: робити)?|(?:про )?що (?:ти|ви) (?:знаєш|знаєте)|"
          r"хто (?:ти|ви)(?: такий| така| такі)?|(?:ти|ви) (?:бот|робот|людина)|які (?:у|в) (?:тебе|вас) джерела|"
          r"допомога",
    "ru": r"что (?:ты|вы) (?:умеешь|умеете|можешь|можете)(?: делать)?|(?:о ч[её]м|что) (?:ты|вы) (?:знаешь|знаете)|"
          r"кто (?:ты|вы)(?: такой| такая| такие)?|(?:ты|вы) (?:бот|робот|человек)|какие у (?:тебя|вас) источники|"
          r"помощь",
    "de": r"was (?:kannst du|können sie|weißt du|weisst du|wissen sie)(?: (?:alles|denn|eigentlich|so|machen|tun))*|"
          r"worüber (?:weißt du|weisst du|wissen sie)(?: bescheid)?|wer (?:bist du|sind sie)|was bist du|"
          r"(?:bist du|sind sie) (?:ein|eine) (?:bot|mensch|roboter|ki)|"
          r"welche (?:quellen|themen|artikel|nachrichten) (?:hast du|haben sie|kennst du)|"
          r"was kann ich (?:dich )?fragen|wie funktionierst du|hilfe",
    "fr": r"qu['’]est-ce que (?:tu sais|vous savez|tu peux|vous pouvez)(?: faire)?|"
          r"que (?:sais-tu|savez-vous|peux-tu|pouvez-vous)(?: faire)?|qui es-tu|qui [êe]tes-vous|t(?:u |['’])es qui|"
          r"(?:es-tu|[êe]tes-vous|tu es) (?:un|une) (?:bot|robot|humain|ia)|"
          r"de quoi (?:parles-tu|es-tu au courant|peux-tu parler|pouvez-vous parler)|"
          r"quelles sources (?:as-tu|avez-vous)|comment (?:fonctionnes-tu|ça marche)|aide",
    "es": r"qu[ée] (?:puedes|puede|sabes|sabe)(?: hacer)?|de qu[ée] (?:sabes|hablas)|qui[ée]n eres|qu[ée] eres|"
          r"(?:eres|es usted) (?:un|una) (?:bot|robot|humano|persona|ia)|qu[ée] fuentes tienes|c[óo]mo funcionas|"
          r"ayuda",
    "zh": r"你(?:能|会|可以)(?:做|干)?(?:些)?什么|你知道(?:些)?什么|你是谁|你是什么|你是机器人吗|"
          r"你有(?:哪些|什么)(?:来源|新闻)|帮助",
}.items()}
_QUESTION_MARKS = re.compile(r"[?？¿]")


def _normalise(message: str) -> str:
    text = unicodedata.normalize("NFKC", message).casefold()
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def _words(message: str) -> list[str]:
    """Words of a message; a run of Chinese made only of small-talk words is split into them ("谢谢你")."""
    out: list[str] = []
    for word in _normalise(message).split():
        out += _han_words(word) if _HAN.search(word) else [word]
    return out


def _han_words(run: str) -> list[str]:
    parts, i = [], 0
    while i < len(run):
        j = next((j for j in range(len(run), i, -1) if run[i:j] in _HAN_KNOWN), 0)
        if not j:
            return [run]
        parts.append(run[i:j])
        i = j
    return parts


def is_small_talk(message: str) -> bool:
    """Greetings, thanks, acknowledgements, emoji — nothing to look up."""
    text = message.strip()
    if not text:
        return False
    if not any(ch.isalnum() for ch in text):  # emoji only (👍 🙏 ❤️): small talk; bare punctuation is not
        return any(unicodedata.category(ch) == "So" for ch in text)
    words = _words(text)
    if not words or len(words) > 6:
        return False
    if any(p.search(text) for p in _SMALL_TALK_PHRASES.values()) and not any(
            w in _QUESTION_WORDS for w in words if w not in ("what's", "whats")):
        return True
    known = [w for w in words if w in _SMALL_TALK_WORDS]
    rest = [w for w in words if w not in _SMALL_TALK_WORDS and w not in _FILLER]
    if not known:
        return False
    if rest and (_QUESTION_MARKS.search(text) or len(rest) > 1):
        return False  # "hi, who is Dong Jun?" is a question
    return not (len(words) == 1 and words[0] in ("yes", "no") and _QUESTION_MARKS.search(text))


def small_talk_kind(message: str) -> str:
    words = _words(message)
    kinds = [_SMALL_TALK_WORDS[w] for w in words if w in _SMALL_TALK_WORDS]
    for kind in ("thanks", "greeting"):
        if kind in kinds:
            return kind
    return "ack"


def is_about_bot(message: str) -> bool:
    """"What can you do?", "who are you?", "help" — in any language the bot speaks."""
    return bool(_ABOUT_BOT.match(message)) or any(p.match(message) for p in _ABOUT_BOT_IN.values())


def own_words_language(message: str) -> str | None:
    """The language small talk or a question about the bot is in, by its own words ("Hallo" → "de",
    "Привет" → "ru", "¿Qué puedes hacer?" → "es"); None when they are every language's ("ok", "hi", "👍")."""
    for lang, pattern in _ABOUT_BOT_IN.items():
        if pattern.match(message):
            return lang
    said = [_WORD_LANGUAGES[w] for w in _words(message) if w in _WORD_LANGUAGES]
    said += [{lang} for lang, pattern in _SMALL_TALK_PHRASES.items() if lang and pattern.search(message)]
    common = set.intersection(*said) if said else set()
    return next(iter(common)) if len(common) == 1 else None
