"""What a question in another language asks for, by its question words: the answer types of uk, ru, zh, de,
fr and es questions ("Wer …?" a person, "¿Dónde …?" a place, "多少" a number), read before the English rules
("wer" is not "where"), and whether a question holds a question word at all (none: it asks yes or no).

    >>> next(kind for kind, pattern in FOREIGN_RULES if pattern.search("Wann sprach Qin Gang?"))
    'date'
"""

from __future__ import annotations

import re

# Answer types by question words, the first found in the question deciding (yes/no last: asked only where no
# question word stands)
FOREIGN_RULES: list[tuple[str, re.Pattern]] = [
    ("organization", re.compile(
        r"\b(?:welche[rsmn]?|welches)\s+(?:\w+\s+)?\w*(?:zeitung|agentur|dienst|medium|medien|sender|"
        r"ministerium|organisation|denkfabrik|magazin|website|webseite|blog|plattform)|"
        r"\bquel(?:le)?s?\s+(?:\w+\s+)?(?:journal|agence|média|médias|ministère|organisation|magazine|chaîne|blog|"
        r"site|plateforme)|\bqu[ée]\s+(?:\w+\s+)?(?:diario|periódico|agencia|medio|ministerio|organización|revista|"
        r"cadena)|\bqué\s+(?:\w+\s+)?(?:blog|sitio|web|plataforma)|\bcu[áa]l(?:es)?\s+(?:diario|periódico|agencia|"
        r"medio|blog|sitio)|"
        r"\b(?:welche[rsmn]?|quel(?:le)?s?|qué|cu[áa]l)\s+(?:\w+\s+){0,2}(?:think tank|"
        r"institut(?:e|o)?\b|centro de estudios|groupe de réflexion|unité|unidad|einheit|"
        r"brigad\w*)|"
        r"как(?:ое|ая|ой|ие|ому|ого|ую|ом)\s+(?:\w+\s+)?(?:\w*агентств|издани|газет|сми|министерств|организаци|"
        r"журнал|\w*канал|сайт|блог)|"
        r"як(?:е|а|ий|і|ому|ого|ій|у|ім)\s+(?:\w+\s+)?(?:\w*агентств|видання|газет|змі|медіа|міністерств|організаці|"
        r"журнал|\w*канал|сайт|блог)|"
        # … asking first (not "… у таборах, *які* організовує бригада"): a think tank, an institute, a unit
        r"^\W*(?:как(?:ой|ая|ое|ие|ую|ом|ого|ому)|як(?:ий|а|е|і|у|ому|ого|ій))\s+(?:\w+\s+){0,2}(?:\w*центр|"
        r"институт|інститут|фонд|компани|компані|банк\b|подразделени|підрозділ|бригад)|"
        r"哪(?:家|个|一家)(?:媒体|报纸|通讯社|机构|组织|部门|智库|网站|博客)|什么(?:媒体|报纸|通讯社|机构|网站)|"
        # who put a recording out: a government, a ministry, an outlet ("Wer hat das Video … online gestellt?")
        r"\b(?:c['’]est\s+)?(?:wer|qui|кто|хто|qui[ée]n)\b(?=.{0,80}(?:video|vidéo|vídeo|видео|відео|clip|"
        r"aufnahme|enregistrement|grabación|запис))(?:\s+\w+){0,2}?\s+(?:hat\s+.{0,60}?(?:online gestellt|"
        r"hochgeladen|veröffentlicht)|a\s+(?:mis en ligne|publié|diffusé)|выложил\w*|опубликовал\w*|"
        r"обнародовал\w*|виклав\w*|опублікував\w*|оприлюднив\w*|publicó|subió|difundió)|"
        r"谁(?:发布|公布|上传)|由谁(?:发布|公布)", re.IGNORECASE)),
    ("place", re.compile(
        r"\bwo\b|\bin welche[rm]? (?:stadt|land|ort)|\boù\b|\bdans quelle (?:ville|pays)|\bquelle ville|"
        r"\bdónde\b|\ben qu[ée] (?:ciudad|país|lugar|evento)|\bgdzie\b|\bгде\b|\bdove\b|\bonde\b|"
        r"в как(?:ом|ой|ие) (?:город|стран|мест|област|регион)|\bде\b|"
        r"[ву] як(?:ому|ій|і) (?:міст|країн|област|регіон)|"
        r"在哪(?!一?[天年日]|个月)|哪里|哪儿|哪个城市|哪座城市|什么地方|哪些地区|"
        # the event something was said at ("En marge de quelle session …", "Auf welchem Forum …")
        r"\b(?:welche[rmns]?|quel(?:le)?s?|qu[ée]|cu[áa]l)\s+(?:\w+\s+)?(?:sitzung|forum|konferenz|gipfel|tagung|"
        r"session|conférence|sommet|sesión|foro|conferencia|cumbre)|"
        r"\bна\s+как(?:ом|ой)\s+(?:\w+\s+)?(?:форум|конференци|саммит|сесси|заседани)|"
        r"\bна\s+як(?:ому|ій)\s+(?:\w+\s+)?(?:форум|конференці|саміт|сесі|засіданн)|哪个论坛|什么论坛|哪次会议",
        re.IGNORECASE)),
    ("date", re.compile(
        r"\bwann\b|an welchem tag|\bquand\b|quel jour|\bcuándo\b|qu[ée] día|\bкогда\b|какого числа|в какой день|"
        r"\bquando\b|\bkiedy\b|"
        r"\bколи\b|якого числа|什么时候|何时|哪天|哪一天|几月几日|几号|哪一年|星期几|周几|礼拜几|"
        r"\bquelle date\b|\ben quelle année\b|\bqu[ée] fecha\b|\ben qu[ée] año\b|welche[ms]? datum|"
        r"in welchem jahr|\bкакого (?:года|месяца)\b|\bв каком (?:году|месяце)\b|\bякої дати\b|"
        r"\bв якому (?:році|місяці)\b|什么日期|哪个日期|哪年|哪个月", re.IGNORECASE)),
    ("number", re.compile(
        r"\bwie viele?\b|\bwie lange\b|\bcombien\b|\bcuánt[oa]s?\b|\bcuánto tiempo\b|\bскольк\w*|\bскільк\w*|"
        r"\bquant[oiae]s?\b|\bile\b|"
        r"多少|几|多[长久]|\b(?:welche[nrsm]?|quel|qu[ée]|как\w*|як\w*)\s+(?:\w+\s+)?(?:jahrestag|anniversaire|aniversario|"
        r"годовщин|річниц)", re.IGNORECASE)),
    ("reason", re.compile(r"\bwarum\b|\bweshalb\b|\bpourquoi\b|\bpor qu[ée]\b|\bпочему\b|\bзачем\b|\bчому\b|"
                          r"\bperch[ée]\b|\bdlaczego\b|为什么|为何", re.IGNORECASE)),
    ("person", re.compile(
        r"\bwer\b|\bwem\b|\bwen\b|(?:welche[rsmn]?|wie hei(?:ßt|ß|ss)t? (?:der|die)) (?:\w+\s+)?(?:\S+-)?(?:präsident|"
        r"minister|sprecher|politiker|diplomat|vertreter|beamte|funktionär|journalist|reporter|kommandeur|"
        r"kommandant|autor|leiter|chef)|"
        r"\b(?:quel(?:le)?s?|comment s['’]appellen?t?\s+(?:le|la|les|l['’]))\s*(?:\w+\s+)?(?:ministre|président|"
        r"porte-parole|dirigeant|diplomate|politicien|responsable|représentant|journaliste|reporter|commandant|"
        r"auteur|chef\b(?!-))|"
        r"\b(?:qu[ée]|c[óo]mo se llama el) (?:\w+\s+)?(?:ministro|presidente|portavoz|dirigente|diplomático|político|"
        r"responsable|funcionario|representante|periodista|reportero|comandante|autor|jefe)\b|"
        r"\bкак(?:ой|ого|ому) (?:\w+\s+)?(?:министр|президент|политик|дипломат|представител|чиновник|журналист|"
        r"командир|автор)|"
        r"\bяк(?:ий|ого|ому) (?:\w+\s+)?(?:міністр|президент|політик|дипломат|речник|представник|посадов|журналіст|"
        r"командир|автор)|哪位|"
        # French "qui" asks first, after a preposition, "c'est" or a past participle ("a rencontré qui"), or last;
        # after a noun it relates ("la photo de Poutine et Xi *qui* se serrent la main …")
        r"(?:^|[^\w\s]\s*|\b(?:à|de|avec|pour|par|sur|chez|contre|est|c['’]est|[a-zà-ÿ]{3,}(?:é|ée|és|ées|it|u|is))"
        r"\s+)qui\b|\bqui\s*[?？]|"
        r"\bquién(?:es)?\b|c[óo]mo se llama|\bкто\b|как зовут|\bхто\b|як звати|谁|叫什么|"
        # whom, to whom, with whom: "З ким Кулеба зустрічався …?", "Кого встретил …?"; Italian, Portuguese, Polish
        r"\bкого\b|\bкому\b|\bкем\b|\bо\s+ком\b|\bким\b|\bкім\b|\bchi\b|\bquem\b|\bkto\b|\bkogo\b|\bkomu\b|"
        r"\bz\s+kim\b", re.IGNORECASE)),
    ("quote", re.compile(
        r"was (?:hat|sagte) .{1,40}(?:gesagt|sagte)|qu['’]a (?:dit|déclaré)|qu['’]est-ce que .{1,40} a dit|"
        r"qu[ée] dijo|qu[ée] ha dicho|что (?:.{1,40})?сказал|що (?:.{1,40})?сказав|说了什么|说了些什么|"
        # the words themselves: "Quelle phrase exacte …?", "Was hat er wörtlich gesagt?", "原话"
        r"\b(?:phrase|mots|termes|paroles) exact(?:e|s|es)?\b|\btextuellement\b|\bwörtlich\b|"
        r"\bgenauen? (?:worte|wortlaut)\b|\bpalabras exactas\b|\btextualmente\b|\bдословно\b|\bдослівно\b|"
        r"原话",
        re.IGNORECASE)),
    ("yes_no", re.compile(r"^\s*(?:hat|ist|sind|war|hatte|haben|wurde|est-ce que|a-t-il|a-t-elle|ont-ils|"
                          r"gab|gibt|hatten|waren|wurden|kann|konnte|wird|will|soll|sollte|"
                          r"¿?(?:ha|es|está|hay|son|fue)\b|чи\b)|\bли\b|\bсправді\b|\bдействительно\b|"
                          r"吗[？?]?\s*$|是否|是不是|有没有|能否|可否|^¿?[^¿?]*\b(?:dice|dicen|afirma)\b|"
                          # French inversion after a leading phrase ("Lors de …, Wang et Lavrov ont-ils salué …?"),
                          # in no question asking what, which, how, where, when, how many, why or who
                          r"^(?!.*\b(?:que|qu['’]|quoi|quel\w*|lequel|laquelle|comment|où|quand|combien|pourquoi|qui)"
                          r"\b).*\b\w+-(?:t-)?(?:ils?|elles?|on)\b", re.IGNORECASE)),
]
# Question words of the other languages (a conjunction after a comma is none: "признал, что …", "dit que …").
# A question holding none asks yes or no.
QUESTION_WORD = re.compile(
    r"\b(?:wer|wen|wem|wessen|was|wann|wo|woher|wohin|wof[üu]r|womit|wor[üu]ber|worauf|wozu|wovon|woran|worin|wie|"
    r"wieviel\w*|warum|weshalb|wieso|welch\w*|quoi|quel\w*|lequel|laquelle|lesquel\w*|comment|où|quand|combien|"
    r"pourquoi|qui|qu[ée]|qui[ée]n\w*|cu[áa]l\w*|cu[áa]nt\w*|d[óo]nde|ad[óo]nde|cu[áa]ndo|c[óo]mo|кто|кого|кому|"
    r"кем|чего|чему|чем|чём|как(?:ой|ая|ое|ие|ого|ому|ом|им|ими|их|ую|ов\w*)|котор\w*|чей|чья|чьё|чьи|где|куда|откуда|"
    r"когда|почему|зачем|сколько|хто|ким|чого|чому|чим|як(?:ий|а|е|і|ого|ої|ому|ій|им|ими|их|у)|котр\w*|чий|чия|"
    r"чиє|чиї|де|куди|звідки|коли|навіщо|скільки|chi|quem|kto|kogo|komu|kim|quando|kiedy|quant[oiae]s?|ile|dove|onde|"
    r"perch[ée]|dlaczego|czego|czemu|czym|co|gdzie|sk[ąa]d|dok[ąa]d|jak\w*|któr\w*)\b|(?<!,\s)(?<!,)\b(?:que|qu['’]|что|що|как|як)\b|"
    r"什么|哪|谁|怎|如何|为什么|为何|多少|几|何时|多[长久大远]", re.IGNORECASE)
# "¿Kuleba dijo *que* …?", "Цинь Ган сказал, *что* …": after a verb of saying, a conjunction, no question word
SAID_THAT = re.compile(r"\b(dijo|dice|dicen|afirmó|aseguró|declaró|dit|affirme|affirmé|déclaré|déclare|сказал|"
                       r"заявил|сказав|заявив|gesagt|sagte|erklärt|erklärte),?\s+(?:que|qu['’]|что|що|dass)\b",
                       re.IGNORECASE)


def asked_after_clause(question: str) -> str:
    """The question itself after a Spanish clause of context: "Cuando Qin habló de la «mano invisible», ¿Pekín ya
    había condenado …?" asks "¿Pekín ya había condenado …?"."""
    return question[question.rfind("¿"):] if "¿" in question else question
