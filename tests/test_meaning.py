"""Matching by meaning: the encoder, what it adds to answering, and its model and cache
files going missing, damaged or unwritable (real files, real subprocesses)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.config import BUNDLED_FACTS, load_settings
from bot.knowledge.answer import Answerer
from bot.knowledge.meaning import INSTALL, Encoder, ModelError, model_folder, vectors
from bot.knowledge.model import Difficulty, Fact, KnowledgeBase, Question, Topic
from tests.test_cli import yutu

FOLDER = model_folder({})
if FOLDER is None:
    pytest.fail(f"the meaning model is not installed: {INSTALL}", pytrace=False)


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    found = vectors({})
    assert found is not None, f"the meaning model is missing or damaged: {INSTALL}"
    return found.encoder


def test_paraphrases_are_closer_than_other_questions(encoder: Encoder) -> None:
    a, b, c, d = encoder.encode([
        "Has anyone photographed the far side of the moon?",
        "When was the first picture of the back of the moon taken?",
        "How much soil did Chang'e 6 bring back?",
        "sing me a song",
    ])  # fmt: skip
    assert np.allclose(np.linalg.norm([a, b, c, d], axis=1), 1, atol=1e-5)
    assert a @ b > 0.6 > max(a @ c, a @ d, b @ d)


def test_a_batch_encodes_each_text_as_alone(encoder: Encoder) -> None:
    texts = ["what is queqiao", "why do we only ever see one side of the moon at all", "hi"]
    together = encoder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(encoder.encode([text])[0], vector, atol=1e-5)


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What's on the other side of the moon?", "fs-appearance"),
        ("which uni built the longjiang sats", "radio-longjiang"),
        ("cnsa hq is in which city/district", "prog-cnsa-founded"),
        ("why did they crash chang'e-1 on purpose instead of leaving it in orbit",
         "ce1-impact-control"),
        ("was the chang'e 4 mantle thing debunked later", "spa-mantle-reinterpreted"),
        ("will chang'e 2 ever swing back near earth", "ce2-deep-space"),
    ],
)  # fmt: skip
def test_questions_in_other_words_are_answered(
    answerer: Answerer, question: str, fact: str
) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None and answer.fact.id == fact, answer


@pytest.mark.parametrize(
    "question",
    [
        "What is a Blue Moon?",
        "Does the Moon have layers like the Earth?",
        "how many moons does saturn have",
        "what temperature is the surface of venus",
        "who was the first woman in space",
    ],
)
def test_close_sounding_questions_beside_the_base_are_declined(
    answerer: Answerer, question: str
) -> None:
    assert not answerer.ask(question).answered


def test_chinese_questions_are_matched_by_words(answerer: Answerer) -> None:
    answer = answerer.ask("嫦娥六号带回了多少月壤")
    assert answer.fact is not None and answer.fact.id.startswith("ce6")


def test_meaning_can_be_turned_off(kb: KnowledgeBase) -> None:
    assert Answerer(kb).meaning is not None
    assert Answerer(kb, meaning=False).meaning is None
    assert model_folder({"YUTU_MODEL": "off"}) is None
    assert vectors({"YUTU_MODEL": "off"}) is None


def test_the_settings_read_the_model_and_cache_from_dot_env(tmp_path: Path) -> None:
    dot_env = tmp_path / ".env"
    dot_env.write_text("YUTU_MODEL=off\nYUTU_CACHE_DIR=/somewhere/else\n")
    settings = load_settings({}, dot_env)
    assert (settings.model, settings.cache_dir) == ("off", "/somewhere/else")


def _small_base(tmp_path: Path) -> Path:
    facts = tmp_path / "facts"
    facts.mkdir()
    shutil.copy(BUNDLED_FACTS / "queqiao.yaml", facts)
    return facts


def test_phrasings_are_encoded_once_and_kept(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    facts = _small_base(tmp_path)
    first = yutu(tmp_path, "ask", "what is queqiao", YUTU_FACTS_DIR=str(facts),
                 YUTU_CACHE_DIR=str(cache))  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "Queqiao" in first.stdout
    (kept,) = cache.iterdir()
    written = kept.stat().st_mtime_ns
    again = yutu(tmp_path, "ask", "what is queqiao", YUTU_FACTS_DIR=str(facts),
                 YUTU_CACHE_DIR=str(cache))  # fmt: skip
    assert again.stdout == first.stdout
    assert kept.stat().st_mtime_ns == written  # nothing new to encode, nothing rewritten


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    facts = _small_base(tmp_path)
    yutu(tmp_path, "ask", "hi", YUTU_FACTS_DIR=str(facts), YUTU_CACHE_DIR=str(cache))
    (kept,) = cache.iterdir()
    kept.write_bytes(b"not a cache at all")
    result = yutu(tmp_path, "ask", "what is queqiao", YUTU_FACTS_DIR=str(facts),
                  YUTU_CACHE_DIR=str(cache))  # fmt: skip
    assert result.returncode == 0 and "Queqiao" in result.stdout
    assert "damaged vector cache" in result.stderr and "Traceback" not in result.stderr
    assert kept.stat().st_size > 1000


def test_a_cache_path_that_is_a_file_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    facts = _small_base(tmp_path)
    result = yutu(tmp_path, "ask", "what is queqiao", YUTU_FACTS_DIR=str(facts),
                  YUTU_CACHE_DIR=str(blocker))  # fmt: skip
    assert result.returncode == 0 and "Queqiao" in result.stdout
    assert "cannot write the vector cache" in result.stderr
    assert "Traceback" not in result.stderr


def _model_copy(tmp_path: Path) -> Path:
    assert FOLDER is not None
    copy = tmp_path / "model"
    shutil.copytree(FOLDER, copy)
    return copy


def test_damaged_model_weights_are_refused_and_words_answer(tmp_path: Path) -> None:
    model = _model_copy(tmp_path)
    weights = model / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1000] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="not the published"):
        Encoder(model)
    result = yutu(tmp_path, "ask", "where did chang'e 4 land?", YUTU_MODEL=str(model))
    assert result.returncode == 0 and "Von K" in result.stdout
    assert "matching by meaning is off" in result.stderr and str(weights) in result.stderr


def test_a_missing_model_says_how_to_install_it(tmp_path: Path) -> None:
    model = _model_copy(tmp_path)
    (model / "tokenizer.json").unlink()
    result = yutu(tmp_path, "ask", "where did chang'e 4 land?", YUTU_MODEL=str(model))
    assert result.returncode == 0 and "Von K" in result.stdout
    assert "tokenizer.json is missing" in result.stderr


def test_a_broken_tokenizer_file_is_a_clear_error(tmp_path: Path) -> None:
    model = _model_copy(tmp_path)
    (model / "tokenizer.json").write_text("{ not json")
    with pytest.raises(ModelError, match=r"tokenizer\.json"):
        Encoder(model)


def test_without_onnx_runtime_words_answer_and_say_why(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow" / "onnxruntime"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text('raise ImportError("no build for this platform")\n')
    result = yutu(tmp_path, "ask", "where did chang'e 4 land?", PYTHONPATH=str(shadow.parent))
    assert result.returncode == 0 and "Von K" in result.stdout
    assert "matching by meaning is off: ONNX Runtime cannot be loaded" in result.stderr


def test_a_config_that_does_not_fit_the_weights_is_a_clear_error(tmp_path: Path) -> None:
    model = _model_copy(tmp_path)
    config = json.loads((model / "config.json").read_text())
    (model / "config.json").write_text(json.dumps({**config, "num_attention_heads": 7}))
    with pytest.raises(ModelError, match="cannot build the encoder"):
        Encoder(model)


def test_model_off_answers_by_words_without_a_warning(tmp_path: Path) -> None:
    result = yutu(tmp_path, "ask", "where did chang'e 4 land?", YUTU_MODEL="off")
    assert result.returncode == 0 and "Von K" in result.stdout
    assert result.stderr == ""


def test_a_decline_offers_the_fact_the_words_chose_beside_the_meaning(answerer: Answerer) -> None:
    # the words are sure of the kinds of libration (the Moon's "types"); the meaning puts
    # the maria's basalt well ahead of it, so Yutu states neither and offers both
    question = "What type of rock is the Moon made of?"
    assert answerer.evidence(question).lexical.fact.id == "fs-libration-types"
    answer = answerer.ask(question)
    assert not answer.answered
    offered = [f.id for f in answer.suggestions]
    assert "fs-libration-types" in offered and offered[0] != "fs-libration-types"


def test_a_lone_surrogate_in_a_question_is_read_not_crashed(kb: KnowledgeBase) -> None:
    for answerer in (Answerer(kb), Answerer(kb, meaning=False)):
        answer = answerer.ask("where did chang'e 4 land \ud93a")
        assert answer.fact is not None and answer.fact.id.startswith(("ce4", "spa"))


def test_the_encoder_matches_the_published_implementation(encoder: Encoder) -> None:
    # vectors from sentence-transformers' own all-MiniLM-L6-v2 (with PyTorch), kept in a file
    reference = json.loads((Path(__file__).parent / "data" / "minilm_reference.json").read_text())
    ours = encoder.encode(reference["texts"])
    # the linear layers run in 8 bits (minilm.py): close to the published vectors, not equal
    assert ((ours * np.array(reference["vectors"])).sum(1) > 0.975).all()


def test_a_base_of_one_fact_is_answered_by_meaning_too(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "one_fact.yaml", facts)
    result = yutu(tmp_path, "ask", "how did the first demo craft get off the ground",
                  YUTU_FACTS_DIR=str(facts))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_base_with_no_english_is_answered_by_words() -> None:
    fact = Fact("zh-1", "t", "嫦娥四号在月球背面着陆。",
                ("嫦娥四号在哪里着陆", "嫦娥四号着陆点", "嫦娥四号落在哪"), ("着陆",),
                "https://example.org")  # fmt: skip
    question = Question("q1", "t", "?", ("x",), ("a", "b", "c"), Difficulty.EASY, "zh-1")
    kb = KnowledgeBase.from_topics([Topic("t", "T", (), "s", (fact,), (question,))])
    answerer = Answerer(kb)
    assert answerer.meaning is None
    assert not answerer.ask("where did it land").answered
    assert answerer.ask("嫦娥四号在哪里着陆").fact == fact


@pytest.mark.parametrize(
    "question",
    ["how many engineers built the yutu 2 rover", "how many solar panels does queqiao have"],
)
def test_how_many_of_what_no_fact_counts_is_declined(answerer: Answerer, question: str) -> None:
    # the rover's fact is close in meaning and full of numbers, but counts no engineers
    answer = answerer.ask(question)
    assert not answer.answered, answer.fact


def test_the_words_sure_answer_stands_when_the_meaning_agrees(answerer: Answerer) -> None:
    answer = answerer.ask("how many wheels does yutu 2 have")
    assert answer.fact is not None and answer.fact.id == "yutu2-rover"
    assert answer.confidence >= 0.9


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how many solar panels does yutu 2 have", "yutu2-rover"),  # the noun, not "solar"
        ("how many wheeels does yutu 2 have", "yutu2-rover"),  # the noun spelled right
        ("how many lunar days has yutu 2 survived", "yutu2-distance-2020"),  # a span
    ],
)
def test_how_many_of_what_a_fact_counts_is_answered(
    answerer: Answerer, question: str, fact: str
) -> None:
    answer = answerer.ask(question)
    assert answer.fact is not None and answer.fact.id == fact
