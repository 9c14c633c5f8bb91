"""How well do stories group reprints? A labelled corpus, precision and recall per threshold.

    .venv/bin/python -m bench.stories_eval [--thresholds 0.3,0.4,...] [--shingles 3,4,5,6]

The corpus (fixed seed, built here, no network):

- *originals*: the bodies of tests/fixtures/extract/*/expected.json (real pages of many
  portals) and articles written by the demo generator (demo/build.py ``write_story``) for
  every topic, several per topic: they share headlines, leads, stock sentences (GENERIC)
  and closings, so different articles of one topic are the hard negatives;
- *reprints* of each original, each with two to four realistic edits (:data:`EDITS`): a
  来源/编辑 line added or removed, an editor's note, a paragraph cut, a few characters
  changed, two paragraphs swapped, a 记者/通讯员 lead-in changed, a 原标题 line;
- *notices*: short items of one template with other villages, dates and times (negatives),
  plus a few verbatim reprints of a notice (positives).

Every article has a label (its original); a pair is *true* when the labels agree. The
grouping is run through the real code (``rebuild_stories`` on a temporary archive) and
every pair of articles is scored: precision = true pairs grouped / pairs grouped, recall =
true pairs grouped / true pairs. A second table gives, per shingle size, the exact Jaccard
of the true pairs (5th percentile) against the negative pairs (99.9th percentile and max).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections import Counter
from itertools import combinations

import numpy as np

from archive import open_archive, stories
from archive.stories.minhash import BYLINE_LINE
from demo import content as C
from demo.portal import SECTIONS, Article
from demo.rng import Rng
from demo.story import write_story
from tests.fixture_cases import load_cases

SEED = 7
SOURCES = ["许昌日报", "河南日报", "颍川县融媒体中心", "大河网", "许昌市人民政府网", "学习强国"]
NOTES = [
    "编者按：近年来，各地持续推进这项工作，取得了积极成效。本网今日转载此文，以飨读者。",
    "【编者按】基层一线的好经验、好做法值得推广，现将有关报道转发如下，供各地学习借鉴。",
    "（本文有删节）",
    "编者按：为进一步做好宣传报道工作，我们转载了这篇报道，敬请关注。",
]
NOTICES = [
    "因供水管网维修，{town}{village}将于{md}{h1}时至{h2}时暂停供水，请广大用户提前做好储水准备。特此通知。",
    "{md}{h1}时至{h2}时，{town}{village}一带将进行线路检修，届时该区域停电，给您带来不便，敬请谅解。",
    "{town}定于{md}上午{h1}时在{village}村委会召开村民代表大会，请各位代表准时参加。特此通知。",
    "经研究，{town}{village}{company}拟申报{md}年度县级重点项目，现予以公示，公示期为{h1}个工作日。",
]


def fixture_bodies() -> list[list[str]]:
    """Paragraphs of each fixture article, duplicates (one page saved twice) removed."""
    seen, out = set(), []
    for case in load_cases():
        body = case.expected.get("body") or []
        key = stories.normalise("\n".join(body))
        if len(key) >= stories.MIN_CHARS and key not in seen:
            seen.add(key)
            out.append(list(body))
    return out


def demo_bodies(twins: bool = False) -> list[list[str]]:
    """Articles of the demo generator, one per lead of every topic, and the seed.

    With ``twins``, the *next* round of uses instead: the same lead and fragment templates
    as the first round, only the town, village, dates and numbers differ.
    """
    out = [] if twins else [list(C.SEED_PARAGRAPHS)]
    start = dt.datetime(2023, 3, 1, 9, 0)
    for t, topic in enumerate(C.TOPICS):
        n = len(topic["leads"])
        for use in range(n, 2 * n) if twins else range(n):
            section = SECTIONS[use % 3]
            art = Article(section, start + dt.timedelta(days=use), topic=topic["key"])
            write_story(art, use, Rng("eval", t, use), rich=use % 4 == 0)
            out.append(art.paragraphs)
    return out


def _change_chars(rng: random.Random, paras: list[str], n: int) -> list[str]:
    paras = list(paras)
    for _ in range(n):
        i = rng.randrange(len(paras))
        if len(paras[i]) > 4:
            j = rng.randrange(len(paras[i]))
            paras[i] = paras[i][:j] + rng.choice("的了和在是有为这中大") + paras[i][j + 1 :]
    return paras


def _cut(rng: random.Random, paras: list[str]) -> list[str]:
    if len(paras) < 3:
        return paras
    i = rng.randrange(1, len(paras))  # reprints keep the lead
    return paras[:i] + paras[i + 1 :]


def _swap(rng: random.Random, paras: list[str]) -> list[str]:
    if len(paras) < 3:
        return paras
    i = rng.randrange(1, len(paras) - 1)
    return [*paras[:i], paras[i + 1], paras[i], *paras[i + 2 :]]


#: Edits of a reprint (the new headline is not part of the body, so it changes nothing).
EDITS = {
    "source_line": lambda r, p: [f"来源：{r.choice(SOURCES)}", *p],
    "editor_line": lambda r, p: [
        *p,
        f"责任编辑：{r.choice(C.EDITORS)}  审核：{r.choice(C.EDITORS)}",
    ],
    "drop_byline": lambda r, p: [x for x in p if not BYLINE_LINE.match(x)],
    "editor_note": lambda r, p: [r.choice(NOTES), *p],
    "cut_paragraph": _cut,
    "chars_changed": lambda r, p: _change_chars(r, p, r.randint(1, 6)),
    "swap_paragraphs": _swap,
    "lead_in": lambda r, p: [
        f"{r.choice(SOURCES)}讯（记者 {r.choice(C.REPORTERS)}）{p[0]}",
        *p[1:],
    ],
    "original_title": lambda r, p: [f"原标题：{r.choice(p)[:18]}", *p],
}


def reprint(rng: random.Random, paras: list[str]) -> tuple[list[str], list[str]]:
    names = rng.sample(sorted(EDITS), rng.randint(2, 4))
    for name in names:
        paras = EDITS[name](rng, paras) or paras
    return paras, names


def notice(rng: random.Random, template: str) -> str:
    return template.format(
        town=rng.choice(C.TOWNS),
        village=rng.choice(C.VILLAGES),
        company=rng.choice(C.COMPANIES),
        md=f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        h1=rng.randint(6, 12),
        h2=rng.randint(13, 20),
    )


def corpus(reprints: int = 4) -> list[tuple[int, str, str]]:
    """(label, kind, body) of every article: originals, their reprints, notices."""
    rng = random.Random(SEED)
    out: list[tuple[int, str, str]] = []
    bases, seen = [], set()
    for kind, paras in [("fixture", b) for b in fixture_bodies()] + [
        ("demo", b) for b in demo_bodies()
    ]:
        if (key := stories.normalise("\n".join(paras))) not in seen:  # the seed is in both
            seen.add(key)
            bases.append((kind, paras))
    for label, (kind, paras) in enumerate(bases):
        out.append((label, kind, "\n".join(paras)))
        for _ in range(rng.randint(1, reprints)):
            edited, _names = reprint(rng, paras)
            out.append((label, "reprint", "\n".join(edited)))
    label = len(bases)
    for template in NOTICES:
        for i in range(25):
            text = notice(rng, template)
            out.append((label, "notice", text))
            if i % 5 == 0:  # a verbatim reprint, with a 来源 line
                out.append((label, "notice", f"来源：{rng.choice(SOURCES)}\n{text}"))
            label += 1
    return out


def grouping(items: list[tuple[int, str, str]], threshold: float, path: str) -> list[int]:
    """The story id of each item, from ``rebuild_stories`` on a fresh archive."""
    db = open_archive(path)
    stories.ensure_story_tables(db)
    with db.atomic():
        db.execute("delete from articles")
        db.execute("insert or ignore into sites (id, name) values (1, 'eval')")
        db.conn.executemany(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash,"
            " published_at) values (?, ?, ?, 1, '', ?, '', ?)",
            [(i + 1, f"u{i}", f"u{i}", body, "2024-01-01") for i, (_, _, body) in enumerate(items)],
        )
    stories.rebuild_stories(db, threshold=threshold)
    return [r[0] for r in db.execute("select story_id from articles order by id")]


def pair_scores(labels: list[int], groups: list[int]) -> tuple[float, float, int, int]:
    """(precision, recall, true pairs, grouped pairs) over all pairs of items."""

    def pairs(keys: list[int]) -> set[tuple[int, int]]:
        by: dict[int, list[int]] = {}
        for i, k in enumerate(keys):
            by.setdefault(k, []).append(i)
        return {p for members in by.values() for p in combinations(members, 2)}

    truth, found = pairs(labels), pairs(groups)
    hit = len(truth & found)
    return hit / max(len(found), 1), hit / max(len(truth), 1), len(truth), len(found)


def jaccard_table(items: list[tuple[int, str, str]], sizes: list[int]) -> list[str]:
    """Exact Jaccard of true pairs and of negative pairs, per shingle size (long bodies)."""
    texts = [(label, stories.normalise(body)) for label, _, body in items]
    texts = [(lab, t) for lab, t in texts if len(t) >= stories.MIN_CHARS]
    rows = ["| shingle | true pairs: 5th pct | min | negatives: 99.9th pct | max | gap (5th − 99.9th) |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    for k in sizes:
        sets = [set(stories.shingle_hashes(t, k).tolist()) for _, t in texts]
        pos, neg = [], []
        for i, j in combinations(range(len(texts)), 2):
            inter = len(sets[i] & sets[j])
            if inter == 0 and texts[i][0] != texts[j][0]:
                neg.append(0.0)
                continue
            jac = inter / len(sets[i] | sets[j])
            (pos if texts[i][0] == texts[j][0] else neg).append(jac)
        p5, n999 = np.percentile(pos, 5), np.percentile(neg, 99.9)
        rows.append(
            f"| {k} | {p5:.3f} | {min(pos):.3f} | {n999:.3f} | {max(neg):.3f} | {p5 - n999:+.3f} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--thresholds", default="0.3,0.35,0.4,0.45,0.5,0.55,0.6,0.7,0.8")
    parser.add_argument("--shingles", default="3,4,5,6")
    args = parser.parse_args(argv)
    items = corpus()
    labels = [label for label, _, _ in items]
    kinds = Counter(kind for _, kind, _ in items)
    print(f"corpus: {len(items)} articles ({dict(kinds)}), {len(set(labels))} stories\n")
    print(f"shingle size (current {stories.SHINGLE}): exact Jaccard of long bodies\n")
    print("\n".join(jaccard_table(items, [int(k) for k in args.shingles.split(",")])))
    print(
        f"\ngrouping (shingle {stories.SHINGLE}, {stories.BANDS} bands × {stories.ROWS} rows, "
        f"short items under {stories.MIN_CHARS} characters exact only)\n"
    )
    print("| threshold | precision | recall | true pairs | grouped pairs | seconds |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for t in (float(x) for x in args.thresholds.split(",")):
            started = time.perf_counter()
            groups = grouping(items, t, f"{tmp}/eval.db")
            p, r, n_true, n_found = pair_scores(labels, groups)
            mark = " (default)" if t == stories.THRESHOLD else ""
            print(
                f"| {t:.2f}{mark} | {p:.4f} | {r:.4f} | {n_true} | {n_found} |"
                f" {time.perf_counter() - started:.1f} |"
            )
    print("\n".join(twins_report(stories.THRESHOLD)))
    print(notices_report())
    return 0


def notices_report() -> str:
    """Why short items group only when identical: the MinHash similarity of two notices of
    one template (other village, date, hours), were they signed like long bodies."""
    rng = random.Random(SEED + 1)
    sims, lengths = [], []
    for template in NOTICES:
        for _ in range(20):
            a, b = (stories.normalise(notice(rng, template)) for _ in range(2))
            lengths.append(len(a))
            sims.append(stories.similarity(stories.signature(a), stories.signature(b)))
    over = sum(x >= stories.THRESHOLD for x in sims)
    return (
        f"short notices of one template ({min(lengths)}-{max(lengths)} characters), if they "
        f"were compared like long bodies: {over} of {len(sims)} pairs would reach "
        f"{stories.THRESHOLD:.2f} (median {np.median(sims):.2f}); under {stories.MIN_CHARS} "
        "characters only identical bodies group"
    )


def twins_report(threshold: float) -> list[str]:
    """Template twins (not in the table): the demo's second round of a topic against its
    first, same templates, other names and numbers. Text alone cannot tell them from a
    reprint once they share most sentences; how many cross the threshold is shown."""
    first, second = demo_bodies(), demo_bodies(twins=True)
    first = first[1:]  # the seed has no twin
    sims = []
    for a, b in zip(first, second, strict=True):
        ta, tb = stories.normalise("\n".join(a)), stories.normalise("\n".join(b))
        if min(len(ta), len(tb)) >= stories.MIN_CHARS:
            sims.append(stories.similarity(stories.signature(ta), stories.signature(tb)))
    over = sum(x >= threshold for x in sims)
    return [
        f"\ntemplate twins of the demo generator (same templates, other names and numbers): "
        f"{over} of {len(sims)} pairs reach {threshold:.2f}; similarity median "
        f"{np.median(sims):.2f}, max {max(sims):.2f}"
    ]


if __name__ == "__main__":
    sys.exit(main())
