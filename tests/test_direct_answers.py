"""Direct answers: what kind of answer a question asks for, and the lead that answers it."""

from __future__ import annotations

import pytest

from retrieval.answer.ages import asks_age
from retrieval.answer.candidates import headline_entities
from retrieval.answer.leads import display
from retrieval.answer.outlets import names_cited
from retrieval.answer.plan import answer_type
from retrieval.answer.speech import doer_of_question, someone_else_does, speakers, speaks
from retrieval.models import Hit, SourceRef

from .corpus import ingest_texts as _ingest


@pytest.mark.parametrize("question, kind", [
    ("Who is Dong Jun?", "role"),
    ("who was Qin Gang", "role"),
    ("Wer ist Dong Jun?", "role"),
    ("Кто такой Дун Цзюнь?", "role"),
    ("Who is China's defense minister?", "person"),  # asks for the person who holds a role
    ("Who is the foreign minister?", "person"),
    ("Who met Shoigu?", "person"),
    ("Which outlet reported the Xiangshan Forum speech?", "organization"),
    ("How many Chinese nationals live in Ukraine?", "number"),
    ("When did Dong Jun speak to Shoigu?", "date"),
    ("Where did Dong Jun call for talks?", "place"),
    # people named by what they do, a team's name inside the role, a name starting the clause
    ("Which quarterback appears to have turned a corner?", "person"),
    ("With which co-founder did Abdullah visit Ghana?", "person"),
    ("Which former Bills defensive coordinator is now an analyst for NFL Network?", "person"),
    ("What did the singer allege in court?", "quote"),  # what someone alleges is their words
])
def test_answer_type(question, kind):
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, lead", [
    ("Who is Dong Jun?", "Chinese Defense Minister"),
    ("Who is Qin Gang?", "China’s Foreign Minister"),
    ("Who is Kuleba?", "Ukraine's former Foreign Minister"),
    ("Who is Lavrov?", "Russian counterpart"),  # "his Russian counterpart Sergei Lavrov": a first name in between
])
def test_who_is_a_named_person_leads_with_their_role(seeded, question, lead):
    a = seeded.answer(question)
    assert not a.abstained and a.answer_type == "role"
    assert a.short_answer == lead
    assert lead in a.text or lead.split()[-1] in a.text  # the sentence that calls them so is quoted


def test_who_holds_a_role_leads_with_the_person(seeded):
    a = seeded.answer("Who is China's defense minister?")
    assert a.short_answer == "Dong Jun" and a.citations


@pytest.mark.parametrize("sentence, named", [
    ("“The process of peace talks should begin as soon as possible,” Qin said.", ["Qin"]),
    ("He will also meet President Vladimir Putin during the visit, the Kremlin has said.", ["the Kremlin"]),
    ("Qin Gang, China’s Foreign Minister has called for peace talks.", ["Qin Gang China’s Foreign Minister"]),
    ("China is ready to help, said Foreign Minister Wang Yi.", ["Foreign Minister Wang Yi"]),
    ("The video, in which he asserted that China stands with Russia, was released.", [""]),
    ("Talks will resume soon, according to Chinese state media.", ["Chinese state media"]),
])
def test_speakers_are_read_from_the_clause_around_the_speech_verb(sentence, named):
    assert speakers(sentence) == named


@pytest.mark.parametrize("speaker, sentence, context, expected", [
    # the Kremlin speaks; Putin is only whom Wang will meet
    ("Putin", "He will also meet President Vladimir Putin during the visit, the Kremlin has said.", set(), False),
    # Zelensky criticises; Brazil is only where the initiative came from
    ("Brazil's president", "President Volodymyr Zelensky criticized a peace initiative put forward by Brazil and "
     "China as “destructive”.", set(), False),
    ("Dong Jun", "“The earlier we sit down for negotiations, the sooner peace arrives,” Dong said.", set(), True),
    ("China's defense minister", "Chinese Defense Minister Dong Jun called for talks.", set(), True),
    # a pronoun speaks: the neighbouring sentences name whom it stands for
    ("Dong Jun", "He said the two armies would train together.", {"dong", "jun", "shoigu"}, True),
    ("Dong Jun", "He said the two armies would train together.", {"lavrov"}, False),
    ("Dong Jun", "Dong Jun met Shoigu in Moscow.", {"dong"}, False),  # no speech at all
    # "he" is the first one named before the verb: the message's author, not whom it was sent to
    ("Shoigu", "A video of Dong Jun's message to Shoigu, in which he asserted that China stands with Russia.",
     set(), False),
    ("Dong Jun", "A video of Dong Jun's message to Shoigu, in which he asserted that China stands with Russia.",
     set(), True),
    # named only inside the quoted words: not the one speaking them
    ("the European Union", "“Cooperation between China and the European Union has been affected,” he said.",
     {"dong", "jun"}, False),
    ("Shoigu", "He said: “Our two countries do not form a military bloc.”", {"shoigu"}, True),
    # alleging is speaking: only the one who alleges
    ("Justin Timberlake", "In a court hearing, Spears alleged that she had been forced to take lithium.", set(), False),
    ("Britney Spears", "In a court hearing, Spears alleged that she had been forced to take lithium.", set(), True),
])
def test_what_did_x_say_needs_x_to_speak(speaker, sentence, context, expected):
    from retrieval.text.words import content_stems

    assert speaks(speaker, sentence, set(content_stems(sentence)) | context) is expected


@pytest.mark.parametrize("question", [
    "What did Brazil's president say about the China-Brazil peace initiative?",  # only Zelensky speaks of it
    "What did Xi Jinping say to Putin at their October 18, 2023 meeting in Beijing?",  # a photo caption
])
def test_words_of_someone_who_does_not_speak_in_the_sources_are_declined(seeded, question):
    assert seeded.answer(question).abstained


def test_what_x_said_is_read_where_x_is_the_one_speaking(seeded):
    # "Dong Jun's message to Shoigu, in which he asserted …" is Dong Jun's; Shoigu's words follow "However, Shoigu …"
    a = seeded.answer("What did Shoigu say Russia and China do not form?")
    assert a.short_answer == "military bloc" and a.citations[0].article_id.startswith("001_")
    # the EU is named only inside Dong Jun's quoted words
    assert seeded.answer("What did the European Union say about China's peace plan?").abstained


def test_what_x_said_leads_with_x_speaking(seeded):
    a = seeded.answer("what did Wang Wenbin say at the briefing")
    assert not a.abstained and a.text.startswith("“China's position on the Ukraine crisis")


@pytest.mark.parametrize("question", [
    "Who was China's defence minister before Dong Jun?",  # only Shoigu, the *Russian* counterpart, is named
    "Who is Ukraine's current foreign minister, Kuleba's successor?",  # not the Chinese spokesperson, nor Zelensky
])
def test_a_person_of_another_nation_or_office_does_not_answer_for_a_role(seeded, question):
    assert seeded.answer(question).abstained


@pytest.mark.parametrize("question, lead", [
    ("Which Russian minister did Wang Yi meet for talks in Moscow?", "Sergei Lavrov"),  # "his Russian counterpart"
    ("Who is China's defense minister?", "Dong Jun"),
])
def test_the_holder_of_the_asked_role_still_answers(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


def test_roles_name_nations_and_offices():
    from retrieval.answer.roles import asked_nations, offices, role_nations

    assert asked_nations("Who is Ukraine's foreign minister?") == {"ukrain"}
    assert asked_nations("Which Chinese official met Lavrov?") == {"china"}
    assert asked_nations("Who met Shoigu in Beijing?") == set()  # a place, not a role's nation
    assert role_nations("Chinese Foreign Ministry spokesperson") == {"china"}
    assert offices("Chinese Foreign Ministry spokesperson") == {"spokesperson"}
    assert offices("Who is Ukraine's foreign minister?") == {"minister"}
    assert offices("Which Chinese foreign ministers are quoted?") == {"minister"}  # plural


def test_a_list_of_nationals_leaves_out_the_other_nations_officials(seeded):
    a = seeded.answer("Which Chinese officials talked about Russia and the Ukraine war this year?")
    assert "Dong Jun" in a.short_answer
    assert "Kuleba" not in a.short_answer and "Shoigu" not in a.short_answer


def test_a_list_whose_items_the_sources_never_name_is_declined(seeded):
    # dual-use goods are in the sources; no company supplying them is
    assert seeded.answer("Which Chinese companies supply dual-use goods to Russia?").abstained


@pytest.mark.parametrize("question, head", [
    ("Which Chinese companies supply dual-use goods to Russia?", "compani"),  # the verb ends the phrase
    ("Which officials met Shoigu?", "offici"),
    ("Which Chinese Foreign Ministry spokesperson downplayed it?", "spokesperson"),
])
def test_the_asked_noun_stops_at_the_verb(question, head):
    from retrieval.text.words import head_noun

    assert head_noun(question) == head


@pytest.mark.parametrize("question, lead", [
    ("Where did Dong Jun call for negotiations to end the war?", "Xiangshan Forum"),  # not "the war against Ukraine"
    ("Where was Qin Gang speaking?", "National People’s Congress"),  # "on the sidelines of … session of"
    ("Where did Qin Gang call for negotiations?", "National People’s Congress"),  # not where Dong Jun did
    ("In which city did Dong Jun make his Sept. 13 call for negotiations?", "Beijing"),  # a city, not a country
    ("Where did Putin and Xi shake hands on October 18, 2023?", "Beijing"),
])
def test_where_leads_with_the_setting_not_the_subject_matter(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


@pytest.mark.parametrize("sentence, place, more_likely", [
    ("He called for an end to the war against Ukraine at the Xiangshan Forum.", "Xiangshan", "Ukraine"),
    ("They met in Beijing to discuss the conflict in Ukraine.", "Beijing", "Ukraine"),
])
def test_a_setting_outranks_what_a_story_is_about(sentence, place, more_likely):
    from retrieval.answer.spans import setting as _setting

    assert _setting(sentence, sentence.index(place)) > _setting(sentence, sentence.index(more_likely))


@pytest.mark.parametrize("span, expected", [
    ("five years", True), ("30-day", True), ("a decade", True), ("year-old", True),
    ("February 24 last year", False), ("last month", False), ("2022", False),
])
def test_a_duration_is_a_span_of_time_not_a_point_in_it(span, expected):
    from retrieval.answer.spans import asks_duration

    assert asks_duration("How old was the conflict then?") and not asks_duration("How many tanks?")
    from retrieval.answer.spans import is_duration

    assert is_duration(span) is expected


def test_what_else_did_he_say_continues_with_his_words(seeded):
    # (what he said at the Shangri-La Dialogue is no one's words here — a photo caption says he spoke there,
    # seed_135 — and is declined)
    assert seeded.answer("What did Dong Jun say at the Shangri-La Dialogue?").abstained
    first = seeded.answer("What did Dong Jun say at the Xiangshan Forum?")
    more = seeded.answer("What else did he say?", history=[first.turn()])
    assert not more.abstained and more.text != first.text
    assert speaks("Dong Jun", more.citations[0].quote, set())  # his words, not a photo caption about him


def test_a_period_the_text_dates_the_event_to_is_answered_though_no_report_is_from_then(seeded):
    a = seeded.answer("In which city did Kuleba meet Wang Yi in July?")  # no report published in July
    assert a.short_answer == "Guangzhou" and a.citations


def test_a_period_nothing_dates_the_asked_event_to_still_says_so(seeded):
    a = seeded.answer("What did Dong Jun say about Ukraine in 2022?")  # 2022 is in the text, not about Dong
    assert a.abstained and "2022" in a.text


@pytest.mark.parametrize("question, lead", [
    ("In which city were Wang Yi and Lavrov holding their talks?", "Moscow"),  # "Wang is in Moscow and met … Lavrov"
    ("On which day of the week did Wang Yi meet Lavrov for talks?", "Tuesday"),
    ("who's the ukrainian FM that met Wang Yi in Guangzhou", "Dmytro Kuleba"),  # FM is spelled out, not a name
])
def test_a_surname_stands_for_the_full_name_and_type_nouns_are_not_evidence(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


@pytest.mark.parametrize("question, lead", [
    ("Is Dong Jun China's foreign minister?", "No"),  # the sources call him Defense Minister
    ("Is Qin Gang the Chinese foreign minister?", "Yes"),
    ("Was Kuleba Ukraine's foreign minister?", "Yes"),  # "Ukraine's former Foreign Minister Dmytro Kuleba"
])
def test_is_x_the_role_is_checked_against_the_roles_the_sources_give(seeded, question, lead):
    assert seeded.answer(question).short_answer == lead


def test_a_reason_stated_beside_the_best_match_is_given_with_it(seeded):
    a = seeded.answer("Why was Qin Gang so angry about sanctions and threats against China?")
    assert "responding to information cited by Washington" in a.text and "lethal support" in a.text


def test_he_opening_a_sentence_is_the_person_named_just_before(seeded):
    # "Wang is in Moscow and met … Lavrov …. He will also meet President Vladimir Putin during the visit"
    a = seeded.answer("Who will Wang Yi also meet during the visit?")
    assert a.short_answer == "Vladimir Putin" and "He will also meet" in a.text


@pytest.mark.parametrize("message, about_bot", [
    ("What can you do?", True), ("what do you know about?", True), ("What can you do for me?", True),
    ("help", True), ("Who are you?", True), ("Are you a human or a bot?", True),
    ("What do you know about Dong Jun?", False),  # a question about Dong Jun, not about the bot
    ("help me find the Shoigu article", False), ("Who are you quoting?", False),
])
def test_a_question_about_the_bot_is_the_whole_message(message, about_bot):
    from retrieval.answer.intent import is_about_bot

    assert is_about_bot(message) is about_bot


@pytest.mark.parametrize("question, outlets", [
    ("Name the media the ceasefire-mediation blog post relies on.", {"Financial Times", "CCTV"}),
    ("Which outlets are cited as sources for what Dong Jun said?", {"Bloomberg"}),
])
def test_which_outlets_a_story_relies_on_are_read_from_its_attributions(seeded, question, outlets):
    a = seeded.answer(question)
    assert not a.abstained and outlets <= set(a.short_answer.replace(" and ", ", ").split(", "))
    assert "Ukraine" not in a.short_answer  # "Ukraine said …" is a government speaking, not an outlet


def test_outlets_for_names_no_story_holds_together_are_declined(seeded):
    assert seeded.answer("Which outlets reported what Lavrov said at the Xiangshan Forum?").abstained


@pytest.mark.parametrize("sentence, entity, cited", [
    ("According to the Financial Times, Beijing was concerned.", "Financial Times", True),
    ("Mr. Wang said so, according to state broadcaster CCTV.", "CCTV", True),
    ("China's Defense Minister called for talks, Bloomberg reported.", "Bloomberg", True),
    ("Ukraine said Kuleba had pushed Mr. Wang.", "Ukraine", False),
])
def test_attributions_name_outlets(sentence, entity, cited):
    from retrieval.answer.outlets import outlets_cited

    a = sentence.index(entity)
    assert bool(outlets_cited(sentence, [(a, a + len(entity), "ORG")])) is cited


@pytest.mark.parametrize("question, person", [
    ("How old is Sherri Geerts, the woman who was switched at birth?", "Sherri Geerts"),
    ("how old was Putin when he took office?", "Putin"),
    ("How old is Sherri Geerts' birth mother?", "Sherri Geerts' birth mother"),  # not hers: her mother's
    ("How old was the conflict when Qin Gang spoke?", ""),  # a span of time, not someone's age
])
def test_whose_age_a_question_asks(question, person):
    assert asks_age(question) == person


def test_how_old_someone_is_is_their_age_in_apposition(engine, tmp_path):
    _ingest(engine, tmp_path, {
        "reunion": (
            "Switched at birth, a woman meets her family\n\nEnjoying the holidays with her birth mother has "
            "been a long time coming for Ruth Palmer, 81, of Leeds, Palmer told reporters. The search took "
            "decades, she said.\n"
        ),
    })
    a = engine.answer("How old is Ruth Palmer, the woman who was switched at birth?")
    assert a.short_answer == "81" and a.citations  # not "decades": an age, not a span of time
    assert engine.answer("How old is Ruth Palmer's birth mother?").abstained  # the sources give only her age


@pytest.mark.parametrize("sentence, cited", [
    ("Altman has been telling investors he plans a new venture, according to The Information.", ["The Information"]),
    ("Axios reported the deal on Monday.", ["Axios"]),
    ("The deal closed on Monday, the company said.", []),
])
def test_where_a_report_comes_from_is_read_from_its_words(sentence, cited):
    assert [sentence[a:b] for a, b in names_cited(sentence, [])] == cited


@pytest.mark.parametrize("span, lead", [
    ("The Information", "The Information"), ("the Atlantic Council", "Atlantic Council"),
    ("The Chinese Defense Ministry's", "Chinese Defense Ministry"),
])
def test_a_lead_keeps_the_the_of_a_one_word_name(span, lead):
    assert display(span) == lead


def test_counts_and_outlets_the_tagger_half_saw(engine, tmp_path):
    _ingest(engine, tmp_path, {
        "week13": (
            "Week 13 starts and sits\n\nMeanwhile, Derrick Henry was back in a familiar spot of handling "
            "plenty of carries against an inferior opponent, scoring twice and tallying 76 rush yards.\n"
        ),
        "altman": (
            "Altman plans a new venture\n\nAltman has been telling investors that he is planning to launch a "
            "new venture, according to The Information.\n"
        ),
    })
    # the tagger's quantity "76 rush yards" holds the thing counted
    assert "76" in engine.answer("How many rush yards did Derrick Henry tally while scoring twice?").short_answer
    # "The Information" is tagged as nothing at all: the attribution names it
    a = engine.answer("According to which outlet was Altman telling investors he planned a new venture?")
    assert a.short_answer == "The Information"


def test_a_fact_only_the_headline_states_is_answered_from_the_headline(engine, tmp_path):
    _ingest(engine, tmp_path, {
        "sales": (
            "Title: Adobe: Thanksgiving US online sales nudge up to $5.6B\nSource: TechCrunch\n\nRetailers are "
            "really pushing out discounts to get people more willing to spend money this year.\n"
        ),
    })
    a = engine.answer("How much did US online sales reach on Thanksgiving according to Adobe?")
    assert "5.6B" in a.short_answer and "Thanksgiving US online sales" in a.text and a.citations


@pytest.mark.parametrize("headline, tagged, body, kept", [
    # Title Case: numbers and dates only …
    ("Fantasy Football QB Rankings Week 14: Who to start at quarterback",
     [("Fantasy Football QB Rankings", "PERSON"), ("Week 14", "DATE")], "Start Jordan Love.", ["Week 14"]),
    # … and the names the story's text repeats
    ("Taylor Swift is Time’s Person of the Year", [("Taylor Swift", "PERSON"), ("Time’s Person", "ORG")],
     "Now, Swift has shared that she has nothing to hide.", ["Taylor Swift"]),
    ("Jordan Love leads Packers to win over Chiefs", [("Jordan Love", "PERSON"), ("Packers", "ORG")], "x",
     ["Jordan Love", "Packers"]),  # sentence case: every name
    ("Wild fire HC Dean Evason, hire John Hynes as replacement", [("Dean Evason", "PERSON"),
     ("John Hynes", "PERSON")], "x", ["Dean Evason", "John Hynes"]),  # capitalised mostly by its names
])
def test_what_is_read_from_a_title_case_headline(headline, tagged, body, kept):
    ents = [(headline.index(name), headline.index(name) + len(name), label) for name, label in tagged]
    hit = Hit("c", "a", body, SourceRef(headline), title_entities=ents)
    assert [headline[a:b] for a, b, _ in headline_entities(hit)] == kept


@pytest.mark.parametrize("question, text, other", [
    ("In which city did Kenny Agyapong grow up?",
     "Abdullah, who grew up in the Bronx, launched the event with co-founder Kenny Agyapong.", True),
    ("Where did Abdullah grow up?",
     "Abdullah, who grew up in the Bronx, launched the event with co-founder Kenny Agyapong.", False),
    ("How many yards did Derrick Henry tally?",  # a sentence-opening adverb is no one
     "Meanwhile, Derrick Henry was back, scoring twice and tallying 76 rush yards.", False),
    ("Where did Wang Yi meet Lavrov?", "Wang is in Moscow and met Sergei Lavrov for talks.", False),
])
def test_what_someone_did_is_not_read_where_someone_else_did_it(question, text, other):
    doer, verb = doer_of_question(question)
    assert someone_else_does(doer, verb, text) is other


def test_a_place_someone_else_grew_up_in_is_no_answer(engine, tmp_path):
    _ingest(engine, tmp_path, {
        "afrofuture": (
            "Title: AfroFuture brings African art to a global audience\n\nAbdullah, who grew up in the Bronx, "
            "explains that he decided to launch the event after one of his first visits to Ghana with "
            "co-founder Kenny Agyapong.\n"
        ),
    })
    assert engine.answer("In which city did Kenny Agyapong grow up?").abstained
    assert "Bronx" in engine.answer("Where did Abdullah grow up?").short_answer


def test_a_question_about_one_company_is_not_answered_from_a_story_about_another(engine, tmp_path):
    _ingest(engine, tmp_path, {
        "flipboard": (
            "Title: Flipboard becomes a federated app with support for ActivityPub\n\nFlipboard is rolling out "
            "support for the ActivityPub protocol, its chief executive said on Monday, tearing down the walls "
            "of its garden.\n"
        ),
        "twitter": (
            "Title: Twitter to charge new users\n\nTwitter owner Elon Musk said the site will charge new users "
            "a small annual fee to fight bots.\n"
        ),
    })
    assert "ActivityPub" in engine.answer("Which protocol is Flipboard rolling out support for?").text
    assert engine.answer("Which protocol is Twitter rolling out support for?").abstained


def test_a_name_is_quoted_from_the_story_the_question_is_about(seeded):
    # Putin also stands beside Xi in the ceasefire story; the answer is the Moscow story's "He will also meet …"
    a = seeded.answer("Besides Lavrov, which Russian leader was Wang Yi expected to see during his Moscow visit?")
    assert a.short_answer == "Vladimir Putin" and a.citations[0].article_id.startswith("003_")
