"""Pairing Russian and English passages inside a post and across two posts."""

from __future__ import annotations

import itertools
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reader.align import pair_passages, pair_posts
from reader.align.aligner import gale_church_pairs
from reader.domain import LOW_CONFIDENCE_SCORE, Pair, Passage, PassageKind, Post, Source

# The bilingual post of the seed scrape (resources/samples/000_a6b2ee9f8e8f0532.txt, lines 89-94).
SCHOOL_VISIT_RU = (
    "О визите российских школьников в Посольство России в Сингапуре",
    "18 июля 2025 года учащиеся Школы №1529 имени А.С. Грибоедова, а также представители Российской "
    "ассоциации содействия ООН (РАС ООН) посетили Посольство Российской Федерации.",
    "Во время встречи школьники пообщались с Чрезвычайным и Полномочным Послом России в Сингапуре Н.Р. "
    "Кудашевым и сотрудниками дипломатической миссии. В ходе содержательной беседы участники узнали о "
    "ключевых аспектах российско-сингапурского взаимодействия, работе загранучреждений и карьерных "
    "возможностях в сфере дипломатии.",
)
SCHOOL_VISIT_EN = (
    "Visit of Russian School Students to the Embassy of Russia in Singapore",
    "On July 18, 2025, students from School No. 1529 named after A.S. Griboyedov, along with representatives "
    "of the Russian United Nations Association (RAS UN), visited the Embassy of the Russian Federation in "
    "Singapore.",
    "During the visit, the students met with Ambassador of Russia to Singapore, H.E. Nikolay R. Kudashev, and "
    "members of the diplomatic mission. In the course of a meaningful discussion, the participants learned "
    "about key aspects of Russia-Singapore cooperation, the work of diplomatic missions abroad, and career "
    "opportunities in the field of diplomacy.",
)

# A second bulletin, written for these tests.
TALKS_RU = (
    "13 июля в Куала-Лумпуре состоялись переговоры Министра иностранных дел России С.В. Лаврова с Министром "
    "иностранных дел Малайзии.",
    "Стороны обсудили торговлю, которая в 2024 году выросла на 15,5 % и достигла 4,2 млрд долларов.",
    "Министры договорились продолжить консультации по вопросам безопасности в Азиатско-Тихоокеанском регионе.",
    "#РоссияМалайзия",
)
TALKS_EN = (
    "On July 13, Russian Foreign Minister Sergey Lavrov held talks with the Foreign Minister of Malaysia in "
    "Kuala Lumpur.",
    "The sides discussed trade, which grew by 15.5% in 2024 and reached $4.2 billion.",
    "The Ministers agreed to continue consultations on security in the Asia-Pacific region.",
)


def passages(ru: tuple[str, ...], en: tuple[str, ...]) -> tuple[Passage, ...]:
    return (*(Passage(text, lang="ru") for text in ru), *(Passage(text, lang="en") for text in en))


def strip_scores(pairs: tuple[Pair, ...]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(pair.ru, pair.en) for pair in pairs]


def test_seed_school_visit_post_has_exactly_its_three_pairs() -> None:
    pairs = pair_passages(passages(SCHOOL_VISIT_RU, SCHOOL_VISIT_EN))

    assert strip_scores(pairs) == [((0,), (3,)), ((1,), (4,)), ((2,), (5,))]
    assert all(pair.confident and 0.0 <= pair.score <= 1.0 for pair in pairs)
    assert not any(pair.confirmed for pair in pairs)


def test_seed_lines_are_the_ones_in_the_sample(samples_dir: Path) -> None:
    lines = (samples_dir / "000_a6b2ee9f8e8f0532.txt").read_text(encoding="utf-8").splitlines()
    for text in (*SCHOOL_VISIT_RU, *SCHOOL_VISIT_EN):
        assert text in lines


def test_seed_post_through_the_scraped_dump_importer(samples_dir: Path) -> None:
    scraped = pytest.importorskip("reader.ingest.scraped")
    pipeline = pytest.importorskip("reader.text.pipeline")
    warnings: list[object] = []
    posts = list(scraped.IMPORTER.parse(samples_dir / "000_a6b2ee9f8e8f0532.txt", warnings))
    enrich = pipeline.TextPipeline.default().enrich
    school_visits = [enrich(post) for post in posts if SCHOOL_VISIT_RU[0] in post.text]
    assert school_visits, "the importer lost the school visit post"
    post = school_visits[0]

    pairs = pair_passages(post.passages)

    texts = [(post.passages[pair.ru[0]].text, post.passages[pair.en[0]].text) for pair in pairs]
    assert texts == list(zip(SCHOOL_VISIT_RU, SCHOOL_VISIT_EN, strict=True))


def test_alternating_paragraphs_pair_with_their_neighbours() -> None:
    mixed = []
    for ru, en in zip(TALKS_RU, TALKS_EN, strict=False):
        mixed += [Passage(ru, lang="ru"), Passage(en, lang="en")]

    assert strip_scores(pair_passages(mixed)) == [((0,), (1,)), ((2,), (3,)), ((4,), (5,))]


def test_untranslated_passage_stays_unpaired() -> None:
    # the hashtag line has no English counterpart: a 1-0 bead
    pairs = pair_passages(passages(TALKS_RU, TALKS_EN))

    assert strip_scores(pairs) == [((0,), (4,)), ((1,), (5,)), ((2,), (6,))]


def test_paragraph_translated_as_two_is_a_one_to_two_pair() -> None:
    merged_ru = (TALKS_RU[0], TALKS_RU[1] + " " + TALKS_RU[2])

    pairs = pair_passages(passages(merged_ru, TALKS_EN))

    assert strip_scores(pairs) == [((0,), (2,)), ((1,), (3, 4))]


def test_two_paragraphs_translated_as_one_is_a_two_to_one_pair() -> None:
    merged_en = (TALKS_EN[0] + " " + TALKS_EN[1], TALKS_EN[2])

    pairs = pair_passages(passages(TALKS_RU[:3], merged_en))

    assert strip_scores(pairs) == [((0, 1), (3,)), ((2,), (4,))]


def test_monolingual_and_other_language_posts_have_no_pairs() -> None:
    assert pair_passages([Passage(text, lang="en") for text in TALKS_EN]) == ()
    assert pair_passages([Passage(text, lang="ru") for text in TALKS_RU]) == ()
    assert pair_passages([Passage("Добрий день", lang="uk"), Passage("Good afternoon", lang="en")]) == ()
    assert pair_passages([]) == ()


def test_passages_without_language_are_ignored() -> None:
    post = [Passage("🇷🇺🇲🇾", lang=None), *passages(TALKS_RU[:3], TALKS_EN)]

    assert strip_scores(pair_passages(post)) == [((1,), (4,)), ((2,), (5,)), ((3,), (6,))]


def test_unrelated_texts_pair_with_low_confidence_or_not_at_all() -> None:
    unrelated = ("Матрас средней жёсткости с эффектом памяти, размер 160x200 см, высота 22 см, чехол из трикотажа.",)
    pairs = pair_passages(passages(unrelated, (TALKS_EN[2],)))

    assert all(pair.score < LOW_CONFIDENCE_SCORE for pair in pairs)


def test_pair_posts_indexes_point_into_each_post() -> None:
    source_ru = Source("tg:mid_rf", "МИД России", "telegram")
    source_en = Source("tg:mfa_russia", "MFA Russia", "telegram")
    ru_post = Post("tg:mid_rf/1", source_ru, tuple(Passage(text, lang="ru") for text in TALKS_RU))
    en_post = Post(
        "tg:mfa_russia/7",
        source_en,
        (Passage("🇷🇺🇲🇾", lang=None), *(Passage(text, lang="en") for text in TALKS_EN[:2])),
    )

    pairs = pair_posts(ru_post, en_post)

    assert strip_scores(pairs) == [((0,), (1,)), ((1,), (2,))]  # the English post is shortened


def test_gale_church_baseline_pairs_by_length() -> None:
    beads = gale_church_pairs([100, 200, 50], [106, 212, 53])

    assert [(ru, en) for ru, en, _ in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_pairs_are_monotonic_disjoint_and_in_the_right_language() -> None:
    rng = random.Random(11)
    texts = [*TALKS_RU, *TALKS_EN, *SCHOOL_VISIT_RU, *SCHOOL_VISIT_EN, "👍", "#Russia", "Добрий день"]
    for _ in range(200):
        post = [
            Passage(rng.choice(texts), lang=rng.choice(["ru", "en", "en", "ru", "uk", None]))
            for _ in range(rng.randint(0, 12))
        ]

        pairs = pair_passages(post)

        used = [index for pair in pairs for index in (*pair.ru, *pair.en)]
        assert len(used) == len(set(used))
        for pair in pairs:
            assert 1 <= len(pair.ru) <= 2 and 1 <= len(pair.en) <= 2
            assert all(post[index].lang == "ru" for index in pair.ru)
            assert all(post[index].lang == "en" for index in pair.en)
            assert 0.0 <= pair.score <= 1.0
        for earlier, later in itertools.pairwise(pairs):
            assert max(earlier.ru) < min(later.ru) and max(earlier.en) < min(later.en)


def test_questions_pair_with_questions_and_answers_with_answers() -> None:
    ru = [
        Passage("Вопрос: Обсуждалась ли встреча на высшем уровне?", lang="ru", kind=PassageKind.QUESTION),
        Passage(
            "Для такой встречи условия договорённости должны быть сначала тщательно проработаны.",
            lang="ru",
            kind=PassageKind.ANSWER,
            speaker="В.Р.Мединский",
        ),
        Passage("Вопрос: Когда следующий раунд?", lang="ru", kind=PassageKind.QUESTION),
        Passage("Сроки пока не определены.", lang="ru", kind=PassageKind.ANSWER, speaker="В.Р.Мединский"),
    ]
    en = [
        Passage("Question: Was a summit-level meeting discussed?", lang="en", kind=PassageKind.QUESTION),
        Passage(
            "For such a meeting to take place, the terms of the agreement must first be thoroughly prepared.",
            lang="en",
            kind=PassageKind.ANSWER,
            speaker="Vladimir Medinsky",
        ),
        Passage("Question: When is the next round?", lang="en", kind=PassageKind.QUESTION),
        Passage("No dates have been set yet.", lang="en", kind=PassageKind.ANSWER, speaker="Vladimir Medinsky"),
    ]

    pairs = pair_passages([*ru, *en])

    assert strip_scores(pairs) == [((0,), (4,)), ((1,), (5,)), ((2,), (6,)), ((3,), (7,))]


def test_pairing_from_several_threads_gives_the_same_pairs() -> None:
    # imports and the reader pair on worker threads at the same time
    post = passages(SCHOOL_VISIT_RU, SCHOOL_VISIT_EN)
    expected = strip_scores(pair_passages(post))
    variants = [
        tuple(Passage(passage.text + " " * (number % 3), lang=passage.lang) for passage in post) for number in range(60)
    ]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda variant: strip_scores(pair_passages(variant)), variants))

    assert all(result == expected for result in results)
