"""Corrected facts stay corrected: figures that sources settled, disputes that stay stated,
quiz questions that accept every defensible answer and offer no defensible wrong one."""

from __future__ import annotations

from datetime import date

from bot.knowledge.model import KnowledgeBase
from bot.quiz.checker import is_accepted


def _accepts(kb: KnowledgeBase, question_id: str, given: str) -> bool:
    return is_accepted(given, kb.questions[question_id].answers)


def _offers(kb: KnowledgeBase, question_id: str, choice: str) -> bool:
    return choice in kb.questions[question_id].wrong


def test_change_1_orbit_count_and_mission_length(kb: KnowledgeBase) -> None:
    data = kb.facts["ce1-data"].text
    assert "1.37 terabytes" in data and "3,024" in data
    assert "589 times" not in data  # 589 was never the number of times it went round
    assert not any("orbit the Moon while" in q.question for q in kb.questions.values())
    full_map = kb.facts["ce1-full-map"].text
    assert "313" in full_map and "589" in full_map  # both counts, the dispute stated
    assert "589" not in " ".join(kb.questions["ce1-map-year-q"].answers)
    assert _accepts(kb, "ce1-days-q", "494") and _accepts(kb, "ce1-days-q", "495")
    assert "495" in kb.facts["ce1-duration"].text


def test_change_2_toutatis_distance_is_the_published_one(kb: KnowledgeBase) -> None:
    fact = kb.facts["ce2-toutatis"]
    assert "770" in fact.text and "08:29:58.7" in fact.text
    assert "within about 3.2 km" not in fact.text
    assert _accepts(kb, "ce2-flyby-distance-q", "770 m")
    assert _accepts(kb, "ce2-flyby-distance-q", "0.77 km")
    assert not _accepts(kb, "ce2-flyby-distance-q", "3.2 km")
    assert not any(_accepts(kb, "ce2-flyby-distance-q", w)
                   for w in kb.questions["ce2-flyby-distance-q"].wrong)  # fmt: skip


def test_change_5_samples_plan_and_wording(kb: KnowledgeBase) -> None:
    assert not _offers(kb, "ce5-mass-q", "2000")
    assert _accepts(kb, "ce5-mass-q", "1731 g")
    plan = kb.facts["ce5-sample-plan"].text
    assert "2 kg" in plan and "1,731 g" in plan
    assert _accepts(kb, "ce5-plan-q", "2 kg")
    question = kb.questions["ce5-mare-q"].question
    assert "Storms" not in question and "Procellarum" not in question


def test_change_5_t1_photo_and_l2_dates(kb: KnowledgeBase) -> None:
    photo = kb.questions["ce5t1-mare-q"]
    assert "Mare Marginis" not in photo.wrong and "Mare Smythii" not in photo.wrong
    assert "centre" in photo.question
    assert "Marginis" in kb.facts["ce5t1-earth-moon-photo"].text
    assert "late 2014" not in kb.questions["ce5t1-l2-q"].question
    assert "2015" in kb.questions["ce5t1-l2-q"].question
    assert "four days after launch" not in kb.facts["ce5t1-speed"].text
    assert "Chang'e-6" not in kb.questions["ce5t1-test-for-q"].wrong


def test_change_6_dorn_and_sample_mass_choices(kb: KnowledgeBase) -> None:
    text = kb.facts["ce6-lander-payloads"].text
    assert "first active French instrument" in text
    assert "first French-made instrument to land" not in text
    wrong = kb.questions["ce6-mass-q"].wrong
    assert "2000" not in wrong and not any(w.replace(",", "") in {"2000", "2 kg"} for w in wrong)
    assert _accepts(kb, "ce6-mass-q", "1935.3 g")


def test_yutu_2_mass_dispute_and_record_date(kb: KnowledgeBase) -> None:
    rover = kb.facts["yutu2-rover"].text
    assert "140 kg" in rover and "135 kg" in rover
    assert _accepts(kb, "yutu2-mass-q", "140") and _accepts(kb, "yutu2-mass-q", "135")
    assert "135 kg" in kb.facts["yutu2-name"].text  # "lighter" now says by whose figures
    record = kb.facts["yutu2-record"].text
    assert "20" in record and "November 2019" in record
    assert not record.startswith("In December 2019")
    assert "In November 2021" not in kb.facts["yutu2-mystery-hut"].text
    status = kb.facts["yutu2-distance-2024"]
    assert status.as_of is not None


def test_queqiao_tiandu_rode_along_and_status_is_dated(kb: KnowledgeBase) -> None:
    payloads = kb.facts["qq2-payloads"].text
    assert "deployed" not in payloads and "same Long March 8 rocket" in payloads
    assert "deployed" not in kb.questions["qq2-tiandu-q"].question
    assert kb.facts["qq-still-operating"].as_of is not None


def test_radio_farside_counts_antenna_nodes(kb: KnowledgeBase) -> None:
    question = kb.questions["radio-farside-antennas-q"]
    assert "node" in question.question
    assert "256" not in question.wrong
    assert "dual-polarization" in kb.facts["radio-farside-concept"].text


def test_future_plans_are_dated_and_current(kb: KnowledgeBase) -> None:
    basic = kb.questions["fut-ilrs-basic-q"]
    assert "2024" in basic.question and "2030" not in basic.wrong
    assert "2035" in basic.answers
    ce8 = kb.facts["fut-ce8-launch"]
    assert "2029" in ce8.text and ce8.as_of is not None
    assert "2029" in kb.facts["fut-ce8-plan"].text  # the 2028 report says what came later
    assert "2029" not in kb.questions["fut-ce8-year-q"].wrong
    assert "2028" not in kb.questions["fut-ce8-2029-q"].wrong
    window = kb.facts["fut-ce7-window"]
    assert window.as_of is not None and window.as_of >= date(2026, 4, 1)
    assert "second half of 2026" in window.text
    roadmap = kb.facts["fut-ilrs-roadmap"].text
    assert "2035" in roadmap and "2036" in roadmap
    for fact in kb.facts.values():
        if (
            fact.topic == "future"
            and fact.id != "fut-basic-model"
            and fact.id.startswith(
                ("fut-ce7", "fut-ce8", "fut-ilrs-2035", "fut-ilrs-members", "fut-crewed")
            )
        ):
            assert fact.as_of is not None, fact.id


def test_new_sample_findings_keep_their_figures(kb: KnowledgeBase) -> None:
    assert "1 to 1.5 micrograms" in kb.facts["ce6-mantle-water"].text
    assert "123 ± 15 million years" in kb.facts["ce5-glass-beads"].text
    assert _accepts(kb, "ce5-beads-q", "123 million years")
    assert "120 parts per million" in kb.facts["ce5-lander-water"].text
    assert kb.facts["qq2-missions"].as_of is not None
    assert kb.facts["radio-lusee-night"].as_of is not None
