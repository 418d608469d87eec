"""The evidence a counterpart link rests on, the sentence cutter it uses, and the logistic fit behind it."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from reader.align import evidence, linking
from reader.align.calibration import fit_logistic
from reader.align.evidence import pair_evidence
from reader.align.linking import link_log_odds
from reader.align.sentences import split_sentences
from reader.domain import Passage, Post, Source

RU = Source("tg:ru", "RU", "telegram")
EN = Source("tg:en", "EN", "telegram")
DAY = datetime(2025, 7, 10, 9, 0, tzinfo=UTC)


def _post(source: Source, number: int, paragraphs: list[str], lang: str, hours: float = 0.0) -> Post:
    return Post(
        id=f"{source.key}/{number}",
        source=source,
        passages=tuple(Passage(text, lang) for text in paragraphs),
        date=DAY + timedelta(hours=hours),
        message_id=str(number),
    )


def test_sentences_are_not_cut_after_initials_and_abbreviations() -> None:
    assert split_sentences("В. Путин прибыл в г. Москву. Там его ждали! «Новый день» начался.") == (
        "В. Путин прибыл в г. Москву.",
        "Там его ждали!",
        "«Новый день» начался.",
    )
    assert split_sentences("Mr. Smith met Dr. J. Brown in the U.S. on Monday. He left.") == (
        "Mr. Smith met Dr. J. Brown in the U.S. on Monday.",
        "He left.",
    )
    assert split_sentences("no end punctuation") == ("no end punctuation",)


TRANSLATION = (
    [
        "Министр Лавров встретился с Фиданом в Анкаре 12 марта.",
        "Стороны обсудили торговлю, которая выросла на 15,5 процента.",
    ],
    [
        "Minister Lavrov met Fidan in Ankara on March 12.",
        "The sides discussed trade, which grew by 15.5 percent.",
    ],
)
# the same event told in other words: other people, other numbers
SAME_EVENT = ["Глава МИД Турции Фидан заявил журналистам в Анкаре, что Шойгу и Эрдоган встретятся 20 апреля."]


def test_a_translation_keeps_its_numbers_and_names() -> None:
    ru = _post(RU, 1, TRANSLATION[0], "ru")
    en = _post(EN, 2, TRANSLATION[1], "en", hours=2)
    evidence = pair_evidence(ru, en)
    assert evidence.numbers == 2  # 12 March and 15.5
    assert evidence.numbers_unshared == 0
    assert evidence.names >= 3  # Lavrov, Fidan, Ankara
    assert evidence.hours_apart == 2
    assert evidence.sentence_strength > 1


def test_a_report_of_the_same_event_shares_less_and_scores_lower() -> None:
    en = _post(EN, 2, TRANSLATION[1], "en", hours=2)
    translation = _post(RU, 1, TRANSLATION[0], "ru")
    other_words = _post(RU, 3, SAME_EVENT, "ru")
    evidence = pair_evidence(other_words, en)
    assert evidence.numbers_unshared >= 3 and evidence.names_unshared >= 2
    assert link_log_odds(other_words, en) < link_log_odds(translation, en) - 3


def test_a_quote_is_shared_when_its_words_carry_over() -> None:
    ru = _post(RU, 1, ["Лавров назвал встречу «полезной для Анкары и Москвы»."], "ru")
    en = _post(EN, 2, ["Lavrov called the meeting “useful for Ankara and Moscow”."], "en")
    assert pair_evidence(ru, en).quotes == 1


def test_the_logistic_fit_recovers_known_coefficients() -> None:
    rng = random.Random(4)
    truth = (-1.0, 2.0, -0.5)
    rows, labels = [], []
    for _ in range(4000):
        x = (rng.gauss(0, 1), rng.gauss(0, 2))
        p = 1 / (1 + math.exp(-(truth[0] + truth[1] * x[0] + truth[2] * x[1])))
        rows.append(x)
        labels.append(int(rng.random() < p))
    fitted = fit_logistic(rows, labels, ridge=0.0)
    assert all(abs(a - b) < 0.2 for a, b in zip(fitted, truth, strict=True)), fitted


UNRELATED = [
    "Вчера весь вечер гуляли с детьми у реки. Погода была чудесная, никто не хотел уходить домой.",
    "В следующий раз возьмём с собой бутерброды и тёплый плед.",
]


def test_a_pair_the_gate_turns_away_is_never_aligned_sentence_by_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    ru = _post(RU, 1, UNRELATED, "ru")
    en = _post(EN, 2, TRANSLATION[1], "en", hours=2)

    def aligned_sentences(*_args: object) -> float:
        raise AssertionError("the sentences of a pair below the gate were aligned")

    monkeypatch.setattr(evidence, "_sentence_strength", aligned_sentences)
    assert linking.rough_log_odds(pair_evidence(ru, en, sentences=False)) < linking.ROUGH_GATE
    assert link_log_odds(ru, en) == -math.inf


def test_a_pair_through_the_gate_scores_as_with_every_feature() -> None:
    ru = _post(RU, 1, TRANSLATION[0], "ru")
    en = _post(EN, 2, TRANSLATION[1], "en", hours=2)
    rough = pair_evidence(ru, en, sentences=False)
    assert rough.sentence_strength is None and linking.rough_log_odds(rough) >= linking.ROUGH_GATE
    assert link_log_odds(ru, en) == linking.evidence_log_odds(linking.post_evidence(ru, en)) > 0


# Informal text without names or numbers: only the alignment of its sentences speaks for a translation
REVIEW = (
    [
        "Мы долго выбирали коляску и остановились на этой модели.",
        "Она лёгкая, складывается одной рукой и помещается в багажник.",
        "Колёса мягко идут по снегу и песку.",
        "Ребёнок спит в ней спокойно, а корзина вмещает все покупки.",
    ],
    [
        "We spent a long time choosing a stroller and settled on this model.",
        "It is light, folds with one hand and fits in the boot.",
        "The wheels roll smoothly over snow and sand.",
        "The baby sleeps peacefully in it, and the basket holds all the shopping.",
    ],
)


def test_the_sentence_evidence_adds_up_over_the_sentences_of_the_shorter_post() -> None:
    ru = _post(RU, 1, REVIEW[0], "ru")
    en = _post(EN, 2, REVIEW[1][:3], "en", hours=3)
    found = pair_evidence(ru, en)
    assert found.sentences == 3
    assert found.sentence_strength is not None
    assert found.sentence_total == pytest.approx(found.sentence_strength * 3)
    assert pair_evidence(ru, en, sentences=False).sentence_total is None


def test_a_one_sentence_excerpt_whose_length_fits_is_not_linked_on_that_alone() -> None:
    # two unrelated sentences of about a translation's length: one sentence's worth of evidence
    ru = _post(RU, 1, ["Мягкая подкладка и удобная застёжка делают прогулки приятнее."], "ru")
    en = _post(EN, 2, ["The elastic fabric keeps its shape after many washes in warm water."], "en", hours=3)
    assert linking.confidence(link_log_odds(ru, en)) < linking.LINK_THRESHOLD
    # a translation of several such sentences is linked without doubt
    translated = link_log_odds(_post(RU, 3, REVIEW[0], "ru"), _post(EN, 4, REVIEW[1], "en", hours=3))
    assert linking.confidence(translated) >= linking.DOUBTFUL


def test_the_alignment_with_each_posts_kept_neighbour_merges_is_the_alignment_without() -> None:
    from reader.align.aligner import align_signals

    ru = _post(RU, 1, [*TRANSLATION[0], "Москва, 12 марта.", "#МИД"], "ru")
    en = _post(EN, 2, ["Moscow, 12 March.", *TRANSLATION[1]], "en")
    ru_signals = evidence.passages_signals(ru.passages, "ru")
    en_signals = evidence.passages_signals(en.passages, "en")
    ru_neighbours = evidence.neighbour_signals(ru.passages, "ru")
    en_neighbours = evidence.neighbour_signals(en.passages, "en")
    assert len(ru_neighbours) == len(ru_signals) - 1
    assert ru_neighbours[0] == ru_signals[0].merged(ru_signals[1])
    kept = align_signals(ru_signals, en_signals, ru_neighbours, en_neighbours)
    assert kept == align_signals(ru_signals, en_signals)
    assert kept  # the translation aligns
