"""Fit the counterpart model of `reader.align.linking` on the evaluation's two-channel cases.

    python -m reader.importing.fit_linking [--data TSV] [--seeds 7,8]

For each seed, the quiet, busy and same-event cases of the evaluation (`reader.align.channel_cases`)
are imported without linking. Two sets of Russian–English pairs are read into `PairEvidence`: every
pair within the window that shares a key and whose older score (`counterpart_log_odds`) is among the
six best of its Russian post or above -2 (the hard look-alikes), and every pair the import's own
search would score (`counterpart_search._WindowIndex`, its prefilter applied; this adds the posts
offered by length alone). Then:

- the gate: a logistic regression without the sentence alignment on all of them, and its threshold,
  `ROUGH_MARGIN` below the lowest translation;
- step 1 on the competitive pairs through the gate that share a key (the three best of either post
  by the older score, and every translation); step 2 on the links that the one-to-one assignment
  keeps, with whether the two posts share no key as its third input.

The values are printed for `reader/align/linking.py`. Use other seeds than the evaluation's
(20250721 for these cases), so the evaluation measures cases the fit never saw.
"""

from __future__ import annotations

import argparse
import bisect
import math
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
from reader.align.counterparts import counterpart_keys, counterpart_log_odds, counterpart_log_odds_bound
from reader.align.evaluate import DEFAULT_DATA, load_documents, load_domains
from reader.domain import Post
from reader.importing import keying
from reader.importing.counterpart_pool import COUNTERPART_WINDOW, PREFILTER_LOG_ODDS
from reader.importing.counterpart_search import _WindowIndex
from reader.importing.evaluate_import import telegram_export
from reader.importing.service import Library

_KEPT_RANK = 6
_KEPT_LOG_ODDS = -2.0
_COMPETITIVE_RANK = 3
_RIDGE = 0.01


@dataclass(frozen=True, slots=True)
class Example:
    """One scored pair of one case: its features, the older score, whether the posts share a key, the truth."""

    group: str
    ru: str
    en: str
    values: tuple[float, ...]
    time_prior: float
    older: float
    keyed: bool
    label: int


def _pairs(case: ImportCase) -> list[tuple[str, str, Post, Post]]:
    """The pairs to learn from: (Russian label, English label, Russian post, English post); see the module."""
    labels = {lang: [label for _, label, _ in posts] for lang, posts in case.channels.items()}
    found: dict[tuple[int, int], tuple[str, str, Post, Post]] = {}
    with tempfile.TemporaryDirectory(prefix="reader-fit-") as folder:
        paths = [telegram_export(Path(folder), lang, posts) for lang, posts in case.channels.items()]
        library = Library(Path(folder) / "library")
        try:
            library.import_paths(paths, link=False)
            store = library.store
            keying.compute_waiting_keys(store, Path(folder) / "library")  # the linking's first step
            posts = store.records.posts_by_rowid(list(store.pairs.post_rowids()))
            window = COUNTERPART_WINDOW.total_seconds()

            def add(ru_id: int, en_id: int) -> None:
                ru_post, en_post = posts[ru_id], posts[en_id]
                ru_label = labels["ru"][int(ru_post.message_id or -1)]
                found[(ru_id, en_id)] = (ru_label, labels["en"][int(en_post.message_id or -1)], ru_post, en_post)

            index = _WindowIndex(store, -math.inf, math.inf)
            for rowid in index.posts:
                for other in index.candidates(rowid, window):
                    ru_id, en_id = (rowid, other) if posts[rowid].languages[0] == "ru" else (other, rowid)
                    bound = counterpart_log_odds_bound(posts[ru_id], posts[en_id], COUNTERPART_WINDOW)
                    if bound >= PREFILTER_LOG_ODDS:
                        add(ru_id, en_id)
            by_lang: dict[str, list[tuple[float, int]]] = {"ru": [], "en": []}
            for rowid, post in posts.items():
                if post.date is not None and post.languages and post.languages[0] in by_lang:
                    by_lang[post.languages[0]].append((post.date.timestamp(), rowid))
            english = sorted(by_lang["en"])
            dates = [date for date, _ in english]
            keys = {rowid: counterpart_keys(post) for rowid, post in posts.items()}
            for date, ru_id in by_lang["ru"]:
                low, high = bisect.bisect_left(dates, date - window), bisect.bisect_right(dates, date + window)
                scored = sorted(
                    (
                        (counterpart_log_odds(posts[ru_id], posts[en_id]), en_id)
                        for _, en_id in english[low:high]
                        if keys[ru_id] & keys[en_id]
                    ),
                    reverse=True,
                )
                for rank, (older, en_id) in enumerate(scored):
                    if rank < _KEPT_RANK or older >= _KEPT_LOG_ODDS or _same_story(labels, posts[ru_id], posts[en_id]):
                        add(ru_id, en_id)
        finally:
            library.close()
    return list(found.values())


def _same_story(labels: dict[str, list[str]], ru_post: Post, en_post: Post) -> bool:
    return labels["ru"][int(ru_post.message_id or -1)] == labels["en"][int(en_post.message_id or -1)]


def examples(group: str, case: ImportCase) -> list[Example]:
    """The scored pairs of one case."""
    names = list(linking.EVIDENCE_FEATURES)
    found: list[Example] = []
    for ru_label, en_label, ru_post, en_post in _pairs(case):
        evidence = linking.post_evidence(ru_post, en_post)
        values = linking.features(evidence)
        found.append(
            Example(
                group,
                ru_label,
                en_label,
                tuple(values[name] for name in names),
                linking.time_prior(evidence),
                counterpart_log_odds(ru_post, en_post),
                bool(counterpart_keys(ru_post) & counterpart_keys(en_post)),
                int(ru_label == en_label),
            )
        )
    return found


_ROUGH = [linking.EVIDENCE_FEATURES.index(name) for name in linking.ROUGH_FEATURES]


@dataclass(frozen=True, slots=True)
class Fitted:
    """What `fit` gives for `reader/align/linking.py`."""

    rough: list[float]  # intercept, then `ROUGH_FEATURES`
    gate: float
    evidence: list[float]  # intercept, then `EVIDENCE_FEATURES`
    confidence: list[float]  # intercept, log-odds, rival, keyless


def fit(train: Sequence[Example]) -> Fitted:
    """The gate, step 1 and step 2 (see the module's docstring)."""
    rough_rows = [[example.values[i] for i in _ROUGH] for example in train]
    step0 = fit_logistic(rough_rows, [example.label for example in train], ridge=_RIDGE)
    rough = [_log_odds(step0, row) + example.time_prior for row, example in zip(rough_rows, train, strict=True)]
    gate = min(value for value, example in zip(rough, train, strict=True) if example.label) - linking.ROUGH_MARGIN
    passing = [example for value, example in zip(rough, train, strict=True) if value >= gate]
    ranked: dict[tuple[str, str, str], list[tuple[float, int]]] = defaultdict(list)
    for number, example in enumerate(passing):
        if not example.keyed:  # the look-alikes that share keys teach step 1; posts offered by length alone do not
            continue
        ranked[(example.group, "ru", example.ru)].append((example.older, number))
        ranked[(example.group, "en", example.en)].append((example.older, number))
    competitive = {number for items in ranked.values() for _, number in sorted(items, reverse=True)[:_COMPETITIVE_RANK]}
    competitive.update(number for number, example in enumerate(passing) if example.label and example.keyed)
    chosen = [passing[number] for number in sorted(competitive)]
    step1 = fit_logistic([example.values for example in chosen], [example.label for example in chosen], ridge=_RIDGE)
    links: list[tuple[linking.Link[str], Example]] = []
    for group in sorted({example.group for example in passing}):
        members = {(example.ru, example.en): example for example in passing if example.group == group}
        candidates = [
            linking.Candidate(
                example.ru, example.en, _log_odds(step1, example.values) + example.time_prior, not example.keyed
            )
            for example in members.values()
        ]
        links.extend((link, members[(link.ru, link.en)]) for link in linking.assign(candidates, threshold=0.0))
    rows = [
        [min(link.log_odds, linking.CONFIDENT_LOG_ODDS), link.rival, 0.0 if example.keyed else 1.0]
        for link, example in links
    ]
    step2 = fit_logistic(rows, [example.label for _, example in links], ridge=_RIDGE)
    return Fitted(step0, gate, step1, step2)


def _log_odds(coefficients: Sequence[float], values: Sequence[float]) -> float:
    return coefficients[0] + sum(w * x for w, x in zip(coefficients[1:], values, strict=True))


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
    fitted = fit(train)
    print(f"{len(train)} pairs, {sum(example.label for example in train)} translations")
    for title, names, values in (
        ("ROUGH", linking.ROUGH_FEATURES, fitted.rough),
        ("EVIDENCE", linking.EVIDENCE_FEATURES, fitted.evidence),
    ):
        print(f"{title}_INTERCEPT = {values[0]:.3f}")
        print(f"{title}_COEFFICIENTS: dict[str, float] = {{")
        for name, value in zip(names, values[1:], strict=True):
            print(f'    "{name}": {value:.3f},')
        print("}")
    print(f"ROUGH_GATE = {fitted.gate:.3f}")
    print("CONFIDENCE_COEFFICIENTS = ({:.3f}, {:.3f}, {:.3f}, {:.3f})".format(*fitted.confidence))
    return 0


if __name__ == "__main__":
    sys.exit(main())
