"""Fit the counterpart model of `reader.align.linking` on the evaluation's two-channel cases.

    python -m reader.importing.fit_linking [--data TSV] [--seeds 7,8]

For each seed, the quiet, busy and same-event cases of the evaluation (`reader.align.channel_cases`)
are imported; every Russian–English pair within the window that shares a key and whose older score
(`counterpart_log_odds`) is among the six best of its Russian post or above -2 is read into
`PairEvidence`. Step 1 is a logistic regression on the competitive pairs (the three best of either
post by the older score, and every translation); step 2 on the pairs that the one-to-one
assignment keeps. The coefficients are printed for `reader/align/linking.py`. Use other seeds than
the evaluation's (20250721 for these cases), so the evaluation measures cases the fit never saw.
"""

from __future__ import annotations

import argparse
import bisect
import random
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.align import linking
from reader.align.calibration import fit_logistic
from reader.align.channel_cases import ImportCase, import_case
from reader.align.counterparts import counterpart_keys, counterpart_log_odds
from reader.align.evaluate import DEFAULT_DATA, load_documents, load_domains
from reader.domain import Post
from reader.importing.evaluate_import import telegram_export
from reader.importing.service import Library
from reader.store import PostFilter

_WINDOW = 3 * 86400
_KEPT_RANK = 6
_KEPT_LOG_ODDS = -2.0
_COMPETITIVE_RANK = 3
_RIDGE = 0.01


@dataclass(frozen=True, slots=True)
class Example:
    """One scored pair of one case: its features, the older score, whether it is a translation."""

    group: str
    ru: str
    en: str
    values: tuple[float, ...]
    time_prior: float
    older: float
    label: int


def _posts(case: ImportCase) -> dict[str, list[tuple[float, str, Post]]]:
    """The case's posts as imported, per language: (unixtime, label, post)."""
    labels = {lang: [label for _, label, _ in posts] for lang, posts in case.channels.items()}
    found: dict[str, list[tuple[float, str, Post]]] = {"ru": [], "en": []}
    with tempfile.TemporaryDirectory(prefix="reader-fit-") as folder:
        paths = [telegram_export(Path(folder), lang, posts) for lang, posts in case.channels.items()]
        library = Library(Path(folder) / "library")
        try:
            library.import_paths(paths)
            for record in library.store.records.iter_records(PostFilter()):
                post = record.post
                lang = post.source.title[:2]
                if post.date is not None:
                    found[lang].append((post.date.timestamp(), labels[lang][int(post.message_id or -1)], post))
        finally:
            library.close()
    return found


def examples(group: str, case: ImportCase) -> list[Example]:
    """The scored pairs of one case."""
    posts = _posts(case)
    english = sorted(posts["en"], key=lambda item: item[0])
    dates = [item[0] for item in english]
    keys = {id(post): counterpart_keys(post) for items in posts.values() for _, _, post in items}
    names = list(linking.EVIDENCE_FEATURES)
    found: list[Example] = []
    for date, label, ru_post in posts["ru"]:
        ru_keys = keys[id(ru_post)]
        low, high = bisect.bisect_left(dates, date - _WINDOW), bisect.bisect_right(dates, date + _WINDOW)
        scored = [
            (counterpart_log_odds(ru_post, en_post), en_label, en_post)
            for _, en_label, en_post in english[low:high]
            if ru_keys & keys[id(en_post)]
        ]
        scored.sort(key=lambda item: -item[0])
        for rank, (older, en_label, en_post) in enumerate(scored):
            if rank >= _KEPT_RANK and older < _KEPT_LOG_ODDS and en_label != label:
                continue
            evidence = linking.post_evidence(ru_post, en_post)
            values = linking.features(evidence)
            prior = linking.time_prior(evidence)
            row = tuple(values[name] for name in names)
            found.append(Example(group, label, en_label, row, prior, older, int(label == en_label)))
    return found


def fit(train: Sequence[Example]) -> tuple[list[float], list[float]]:
    """Step 1's intercept and coefficients (in `EVIDENCE_FEATURES` order), then step 2's three."""
    ranked: dict[tuple[str, str, str], list[tuple[float, int]]] = defaultdict(list)
    for number, example in enumerate(train):
        ranked[(example.group, "ru", example.ru)].append((example.older, number))
        ranked[(example.group, "en", example.en)].append((example.older, number))
    competitive = {number for items in ranked.values() for _, number in sorted(items, reverse=True)[:_COMPETITIVE_RANK]}
    competitive.update(number for number, example in enumerate(train) if example.label)
    chosen = sorted(competitive)
    step1 = fit_logistic([train[i].values for i in chosen], [train[i].label for i in chosen], ridge=_RIDGE)
    rows, labels = [], []
    for group in sorted({example.group for example in train}):
        members = [example for example in train if example.group == group]
        candidates = [
            linking.Candidate(example.ru, example.en, _log_odds(step1, example) + example.time_prior)
            for example in members
        ]
        truth = {(example.ru, example.en): example.label for example in members}
        for link in linking.assign(candidates, threshold=0.0):
            rows.append([min(link.log_odds, linking.CONFIDENT_LOG_ODDS), link.rival])
            labels.append(truth[(link.ru, link.en)])
    step2 = fit_logistic(rows, labels, ridge=_RIDGE)
    return step1, step2


def _log_odds(coefficients: Sequence[float], example: Example) -> float:
    return coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], example.values, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.importing.fit_linking", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="parallel TSV (doc_id, domain, seg, ru, en)")
    parser.add_argument("--seeds", default="7,8", help="seeds of the cases to fit on (not the evaluation's)")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"Parallel corpus not found at {args.data} (pass --data PATH).")
        return 0
    documents, domains = load_documents(args.data), load_domains(args.data)
    train: list[Example] = []
    for seed in (int(item) for item in args.seeds.split(",")):
        for name, case in (
            ("quiet", import_case(documents, random.Random(seed), neighbours=0)),
            ("busy", import_case(documents, random.Random(seed))),
            ("same event", import_case(documents, random.Random(seed), domains=domains)),
        ):
            train.extend(examples(f"{name} {seed}", case))
    step1, step2 = fit(train)
    print(f"{len(train)} pairs, {sum(example.label for example in train)} translations")
    print(f"EVIDENCE_INTERCEPT = {step1[0]:.3f}")
    print("EVIDENCE_COEFFICIENTS = {")
    for name, value in zip(linking.EVIDENCE_FEATURES, step1[1:], strict=True):
        print(f'    "{name}": {value:.3f},')
    print("}")
    print(f"CONFIDENCE_COEFFICIENTS = ({step2[0]:.3f}, {step2[1]:.3f}, {step2[2]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
