"""Follow-up questions: the rule condenser's antecedents (fast, no engine), and the follow-up eval set
played through the engine, gated on the score measured when the rules were written."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval import Evaluator, Turn, load_questions
from retrieval.answer.followup import RuleCondenser
from retrieval.answer.plan import Planner

C = RuleCondenser()
FOLLOWUP_SET = Path(__file__).resolve().parent.parent / "evals" / "followup_questions.jsonl"

# Previous turns as the engine records them: the question, the answer text, the short answer.
DEFENSE = Turn("Who is China's defense minister?", "China's Defense Minister Dong Jun called for negotiations to "
               "end Russia's all-out war against Ukraine at the Xiangshan Forum in Beijing on Sept. 13., Bloomberg "
               "reported [1].", short_answer="Dong Jun")
FORUM = Turn("What did China's defense minister say at the Xiangshan Forum?", DEFENSE.answer)
ANALYSIS = Turn("What did the Atlantic Council analysis say about Chinese-made vehicles?",
                "The analysis highlights that Chinese-made vehicles and equipment played a crucial role [1].")
UNACCEPTABLE = Turn("Who said blaming China with sanctions and threats was absolutely unacceptable?",
                    "“This is absolutely unacceptable,” he said [1]. Qin Gang, China’s Foreign Minister has called "
                    "for peace talks [1].", short_answer="Qin Gang")
MET = Turn("Who did Wang Yi meet in Moscow?", "Wang is in Moscow and met his Russian counterpart Sergei Lavrov for "
           "talks on Tuesday [1].", short_answer="Sergei Lavrov")
CALL = Turn("Who did Dong Jun talk to by video call?", "Chinese Defense Minister Dong Jun gave his full support to "
            "Russia's war in Ukraine during a video call with his Russian counterpart Sergei Shoigu [1].",
            short_answer="Sergei Shoigu")
DOWNPLAYED = Turn("Who downplayed Dong Jun's comments to Shoigu?", "Chinese Foreign Ministry spokesperson Wang "
                  "Wenbin downplayed Dong's comments when asked about it by a reporter on February 1 [1].",
                  short_answer="Wang Wenbin")
KULEBA = Turn("Who pushed Wang to press Russia to stop the war?", "Ukraine said Foreign Minister Dmytro Kuleba had "
              "pushed Mr. Wang to press Russia to stop the war [1].", short_answer="Dmytro Kuleba")
WHERE_DONG = Turn("Where did Dong Jun call for negotiations to end the war?", DEFENSE.answer,
                  short_answer="Xiangshan Forum")
LISTED = Turn("Which Russian officials did Wang Yi meet or plan to meet in Moscow?", "…",
              short_answer="Sergei Lavrov and Vladimir Putin")


@pytest.mark.parametrize(("question", "history", "expected"), [
    # he/his: the person, never a place or an event — the previous answer's person when the question named none
    ("What else did he say?", [FORUM], "What else did Dong Jun say?"),
    ("What did he tell Shoigu?", [DEFENSE], "What did Dong Jun tell Shoigu?"),
    ("why? what reason did he give", [UNACCEPTABLE], "why? what reason did Qin Gang give"),
    ("Which news agency reported his remarks?", [WHERE_DONG], "Which news agency reported Dong Jun's remarks?"),
    ("What was his title?", [Turn("What did Qin Gang say about the invisible hand?", "…")],
     "What was Qin Gang's title?"),
    # the asked-for person (the short answer) beats the one the question named …
    ("What did he tell Wang?", [Turn("Who met Wang Yi in Moscow for talks?", MET.answer, short_answer="Sergei Lavrov")],
     "What did Lavrov tell Wang?"),
    ("Is he still foreign minister?", [KULEBA], "Is Kuleba still foreign minister?"),
    ("When did he downplay them?", [DOWNPLAYED], "When did Wang Wenbin downplay Dong Jun's comments?"),
    ("What did that Russian minister say about a military bloc?", [CALL], "What did Shoigu say about a military bloc?"),
    # … except for "who else", and never the one the question itself names
    ("Who else will he meet there?", [MET], "Who else will Wang Yi meet in Moscow?"),
    ("What did Lavrov tell him?", [MET], "What did Lavrov tell Wang Yi?"),
    ("He said what?", [MET], "Lavrov said what?"),
    # "his" after a name in the same question is that name's
    ("What did Zelensky say about his country?", [DEFENSE], "What did Zelensky say about his country?"),
    # it/its: the report, event or thing — never an adjective like "Chinese"
    ("When was it published?", [ANALYSIS], "When was the Atlantic Council analysis published?"),
    ("Who put it forward?", [Turn("What peace initiative did Zelensky criticize as destructive?", "…")],
     "Who put the peace initiative forward?"),
    ("When did it begin?", [Turn("What did Qin Gang say about the conflict in Ukraine?", "…")],
     "When did the conflict begin?"),
    ("Has it changed?", [Turn("What does Wang Wenbin say China's position on the Ukraine crisis is?", "…")],
     "Has China's position changed?"),
    ("When is it held?", [Turn("Where is the Xiangshan Forum held?", "…", short_answer="Beijing")],
     "When is the Xiangshan Forum held?"),
    ("What did its analysis say about Chinese-made vehicles?",
     [Turn("Which think tank analysed China's military assistance to Russia?", "…", short_answer="Atlantic Council")],
     "What did Atlantic Council's analysis say about Chinese-made vehicles?"),
    ("What did Zelensky say Beijing confirmed it will not provide?", [DEFENSE],
     "What did Zelensky say Beijing confirmed it will not provide?"),
    # they/them/their: a group, plural noun phrase, country or several people
    ("What did the foreign ministers say about them?", [Turn("How many Chinese nationals live in Ukraine?", "…")],
     "What did the foreign ministers say about Chinese nationals?"),
    ("On which day did they move in?", [Turn("Which regions were Russian troops moving into?", "…",
                                             short_answer="Donetsk and Luhansk")],
     "On which day did Russian troops move in?"),
    ("Are they an alliance?", [Turn("What did Qin Gang say about China-Russia relations?", "…")],
     "Are China-Russia relations an alliance?"),
    ("What did they promise Russia?", [Turn("What is China's position on Ukraine?", "…")],
     "What did China promise Russia?"),
    ("What is their position?", [Turn("What did NATO members call Beijing?", "…")], "What is NATO members' position?"),
    ("How did they describe relations between their countries?", [MET],
     "How did Wang Yi and Sergei Lavrov describe relations between their countries?"),
    # elliptical questions ask the last question again
    ("and when?", [WHERE_DONG], "When did Dong Jun call for negotiations to end the war?"),
    ("When was that?", [WHERE_DONG], "When did Dong Jun call for negotiations to end the war?"),
    ("And where?", [Turn("When did Wang Wenbin downplay Dong's comments?", "…", short_answer="February 1")],
     "Where did Wang Wenbin downplay Dong's comments?"),
    ("Why?", [Turn("Did China condemn the invasion?", "…")], "Why did China condemn the invasion?"),
    ("Why?", [UNACCEPTABLE],
     "Why was it that Qin Gang said blaming China with sanctions and threats was absolutely unacceptable?"),
    ("Who else?", [MET], "Who else did Wang Yi meet in Moscow besides Sergei Lavrov?"),
    ("What else?", [Turn("What did Qin Gang say about the invisible hand?", "…")],
     "What else did Qin Gang say about the invisible hand?"),
    ("Tell me more", [Turn("What did Qin Gang say about the invisible hand?", "…")], "Tell me more (Qin Gang)?"),
    ("What about Qin Gang?", [Turn("How did Lavrov describe China-Russia relations?", "…")],
     "How did Qin Gang describe China-Russia relations?"),
    ("What about Qin Gang?", [Turn("Where did Dong Jun call for negotiations?", "…")],
     "Where did Qin Gang call for negotiations?"),
    ("What about Russia?", [DEFENSE], "Who is Russia's defense minister?"),
    ("What about the peace plan?", [Turn("How was the position paper received?", "…")],
     "How was the peace plan received?"),
    ("And in 2023?", [Turn("What did Qin Gang say about peace talks?", "…")],
     "What did Qin Gang say about peace talks in 2023?"),
    # "the first one": the first item of the last list
    ("What did the first one tell Wang?", [LISTED], "What did Lavrov tell Wang?"),
    # topic switches stay as asked
    ("What about the World Bank?", [DEFENSE], "What about the World Bank?"),
    ("Is there a World Bank program for Ukraine?", [DEFENSE], "Is there a World Bank program for Ukraine?"),
    ("How much will the World Bank provide for Ukrainian reconstruction projects?", [DEFENSE],
     "How much will the World Bank provide for Ukrainian reconstruction projects?"),
    ("Who is Lavrov?", [Turn("What did Wang Yi say?", "…")], "Who is Lavrov?"),
    ("What did he tell Shoigu?", [], "What did he tell Shoigu?"),
])
def test_condenser(question, history, expected):
    assert C.condense(question, history) == expected


def test_the_latest_resolved_question_and_earlier_turns_serve_chains():
    first = Turn("Who is China's defense minister?", DEFENSE.answer, short_answer="Dong Jun")
    second = Turn("Who did he hold a video call with?", CALL.answer, "Who did Dong Jun hold a video call with?",
                  short_answer="Sergei Shoigu")
    assert C.condense("What did he say about a military bloc?", [first, second]) == \
        "What did Shoigu say about a military bloc?"
    assert C.condense("And when did the Chinese foreign ministry react to it?", [first, second]) == \
        "And when did the Chinese foreign ministry react to the video call?"
    third = Turn("What did he hope for?", "…", "What did Shoigu hope for?")
    assert C.condense("Who else did he talk to?", [first, second, third]) == "Who else did Shoigu talk to?"
    # the last turn declined and named nobody: an earlier turn's person
    assert C.condense("Where was he speaking?", [first, Turn("How long did the call last?")]) == \
        "Where was Dong Jun speaking?"


@pytest.mark.parametrize(("question", "history"), [
    ("What did he say?", [Turn("What is the World Bank funding for?", "")]),
    ("When was it published?", [Turn("Who is he?", "")]),
    ("What did they say?", [Turn("What happened?", "Nothing [1].")]),
])
def test_a_pronoun_without_an_antecedent_of_its_kind_stays(question, history):
    out = C.condense(question, history)
    assert out.startswith(question.rstrip("?")) and "World Bank's" not in out


@pytest.mark.parametrize(("question", "history", "antecedent"), [
    ("А що він сказав?", [UNACCEPTABLE], "Qin Gang"),
    ("А с кем ещё он встретится?", [MET], "Wang Yi"),
    ("А коли?", [WHERE_DONG], "Xiangshan Forum"),
    ("А когда?", [Turn("Где Дун Цзюнь призвал к переговорам?", DEFENSE.answer, short_answer="Xiangshan Forum")],
     "Dong Jun"),
    ("А що вони сказали?", [MET], "Sergei Lavrov"),
    ("Und wann?", [WHERE_DONG], "Dong Jun"),
])
def test_other_languages_keep_their_words_and_get_the_antecedent(question, history, antecedent):
    out = C.condense(question, history)
    assert out.startswith(question.rstrip("?")) and antecedent in out


@pytest.mark.parametrize("question", ["", "?", "он", "А що він сказав про відносини Китаю та Росії?", "it",
                                      "What about?", "and", "the first one", "x " * 300, "他说了什么？"])
def test_odd_messages_never_break(question):
    out = C.condense(question, [DEFENSE, Turn("", ""), MET])
    assert isinstance(out, str) and (out or not question.strip())


def test_the_planner_keeps_the_follow_up_kind_and_the_rewrite():
    plan = Planner(C.condense).plan("What else did he say?", [FORUM])
    assert (plan.standalone, plan.followup, plan.intent) == ("What else did Dong Jun say?", "more", "follow_up")


def test_follow_up_eval_set_through_the_engine(seeded):
    """The English rows of evals/followup_questions.jsonl, histories played through the engine (the Ukrainian
    and Russian rows need the multilingual model per question: too slow here; tests above cover their rewrite).
    Measured when the rules were written: +0.69 (the rules before them: +0.57)."""
    rows = [q for q in load_questions(FOLLOWUP_SET) if (q.language or "en") == "en"]
    report = Evaluator(seeded).run(rows)
    assert report.summary["all"]["score"] >= 0.63, report.summary["all"]
    switches = [r for r in report.questions if r["intent"] == "question"]
    assert switches and all(r["standalone"] == r["question"] for r in switches)  # a new topic is not rewritten


def test_it_is_what_was_asked_about_not_a_phrase_the_answer_led_with():
    branded = Turn("What have NATO members branded Beijing?", 'NATO members have branded Beijing a "decisive '
                   'enabler" of Moscow\'s offensive [1].', short_answer="decisive enabler")
    rewritten = RuleCondenser().condense("Of whose offensive did they call it an enabler?", [branded])
    assert "Beijing" in rewritten and "decisive enabler" not in rewritten
    funding = Turn("How much will the World Bank provide?", "The World Bank will provide $200 million [1].",
                   short_answer="$200 million")
    assert "$200 million" in RuleCondenser().condense("When was it announced?", [funding])
