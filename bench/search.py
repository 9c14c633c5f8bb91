"""Search benchmark: size, indexing speed, query speed and exactness of the bigram index.

Generates 20,000 articles of Chinese county-news sentences from a fixed-seed vocabulary,
indexes them with archive/search.py and prints a markdown table: bytes of the index
against the text, indexing time (bulk ``rebuild_search`` and one ``index_article`` per
transaction, as the crawl does), median query times for 1- to 4-character queries, and
precision/recall of every query against a brute-force ``instr()`` scan (must be 1.0).

    .venv/bin/python -m bench.search [--articles 20000] [--queries 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

from archive.search import (
    ensure_search_tables,
    fts_query,
    index_article,
    rebuild_search,
    search_articles,
)

ROOT = Path(__file__).resolve().parent.parent


def words(text: str) -> list[str]:
    """The space-separated words of ``text``."""
    return text.split()


PLACES = words(
    "禹州市 许昌市 长葛市 鄢陵县 襄城县 建安区 魏都区 神垕镇 鸠山镇 褚河街道 顺店镇 方山镇 郑州市 洛阳市 河南省"
)
ACTORS = words(
    "市委 市政府 县委 县政府 融媒体中心 人大常委会 政协 发改委 教育局 卫健委 应急管理局 农业农村局 市场监管局 公安局 住建局"
)
VERBS = words(
    "召开 部署 推进 开展 调研 督导 落实 启动 举行 加快 深化 强化 推动 做好 完成 组织 表彰 观摩"
)
OBJECTS = words(
    "经济发展 乡村振兴 安全生产 防汛工作 营商环境 招商引资 项目建设 民生实事 疫情防控 文明城市创建 钧瓷产业 中药材种植 5G网络建设 高标准农田 人居环境整治 基层党建 义务教育 医疗保障 就业创业 生态环境保护 交通运输 消防安全 食品安全 文化旅游 科技创新 数字经济 农村电商 小麦收购 秋粮播种 信访工作 扫黑除恶 城市更新"
)
ADVERBS = words("全力以赴 扎实 持续 积极 认真 切实 大力 稳步 有序 全面 进一步 高质量")
SUFFIXES = words("工作会议 推进会 现场会 座谈会 动员大会 培训班 专题会议 观摩活动 新闻发布会")


def sentence(rng: random.Random) -> str:
    """One sentence of county news."""
    when = f"{rng.randint(2019, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    shapes = [
        f"{when}，{rng.choice(PLACES)}{rng.choice(ACTORS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}{rng.choice(SUFFIXES)}。",
        f"{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}。",
        f"{rng.choice(PLACES)}{rng.choice(OBJECTS)}取得新成效，完成投资{rng.randint(1, 900)}亿元。",
        f"会议要求，{rng.choice(ACTORS)}要{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}、{rng.choice(OBJECTS)}。",
        f"{rng.choice(PLACES)}{rng.choice(ACTORS)}负责同志{rng.choice(['张伟', '王芳', '李强', '刘洋', '陈静'])}出席并讲话。",
    ]
    return rng.choice(shapes)


def generate(rng: random.Random, n: int) -> list[dict]:
    """``n`` articles: a headline and a body of 6-16 sentences in 1-4 paragraphs."""
    articles = []
    for i in range(1, n + 1):
        title = (
            f"{rng.choice(PLACES)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}{rng.choice(SUFFIXES)}"
        )
        sentences = [sentence(rng) for _ in range(rng.randint(6, 16))]
        cuts = sorted(rng.sample(range(1, len(sentences)), rng.randint(0, 3)))
        paragraphs = [
            "".join(sentences[a:b]) for a, b in zip([0, *cuts], [*cuts, None], strict=True)
        ]
        articles.append({"id": i, "title": title, "body": "\n".join(paragraphs)})
    return articles


def han_substrings(rng: random.Random, articles: list[dict], length: int, k: int) -> list[str]:
    """``k`` distinct queries of ``length`` Han characters: half cut from the texts, half
    random character combinations (mostly absent, or only present across words)."""
    chars = sorted(
        {c for a in articles[:200] for c in a["title"] + a["body"] if "\u4e00" <= c <= "\u9fff"}
    )
    queries: set[str] = set()
    while len(queries) < k // 2:
        text = rng.choice(articles)["body"]
        start = rng.randrange(max(1, len(text) - length))
        piece = text[start : start + length]
        if len(piece) == length and all("\u4e00" <= c <= "\u9fff" for c in piece):
            queries.add(piece)
    while len(queries) < k:
        queries.add("".join(rng.choice(chars) for _ in range(length)))
    return sorted(queries)


def table_bytes(db: sqlite_utils.Database) -> dict[str, int]:
    """Bytes of the pages of every table and index, by name (``dbstat``)."""
    return dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall())


def timed(fn, *args) -> tuple[float, object]:
    """Seconds taken by ``fn(*args)``, and its result."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def measure_queries(db: sqlite_utils.Database, queries: list[str]) -> dict[str, float]:
    """Median timings and micro-averaged precision/recall of ``queries`` against instr()."""
    match_sql = "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH ?"
    scan_sql = "SELECT id FROM articles WHERE instr(title, :q) > 0 OR instr(body, :q) > 0"
    t_match, t_top, t_scan, hits, found, relevant = [], [], [], 0, 0, 0
    for q in queries:
        seconds, rows = timed(lambda q=q: db.execute(match_sql, [fts_query(q)]).fetchall())
        t_match.append(seconds)
        t_top.append(timed(search_articles, db, q)[0])
        seconds, truth = timed(lambda q=q: db.execute(scan_sql, {"q": q}).fetchall())
        t_scan.append(seconds)
        got, want = {r[0] for r in rows}, {r[0] for r in truth}
        hits, found, relevant = hits + len(got & want), found + len(got), relevant + len(want)
    return {
        "match_ms": statistics.median(t_match) * 1000,
        "top20_ms": statistics.median(t_top) * 1000,
        "scan_ms": statistics.median(t_scan) * 1000,
        "precision": hits / found if found else 1.0,
        "recall": hits / relevant if relevant else 1.0,
        "mean_hits": relevant / len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=30, help="per query length")
    args = parser.parse_args()
    rng = random.Random(20240305)
    articles = generate(rng, args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite_utils.Database(Path(tmp) / "bench.db")
        db["articles"].insert_all(articles, pk="id")
        ensure_search_tables(db)
        rebuild_s, count = timed(rebuild_search, db)
        sizes = table_bytes(db)
        text = db.execute(
            "SELECT SUM(length(CAST(title AS BLOB)) + length(CAST(body AS BLOB))) FROM articles"
        ).fetchone()[0]
        chars = db.execute("SELECT SUM(length(title) + length(body)) FROM articles").fetchone()[0]
        sample = articles[: min(2_000, len(articles))]
        ids = range(len(articles) + 1, len(articles) + 1 + len(sample))
        start = time.perf_counter()
        for new_id, a in zip(ids, sample, strict=True):
            index_article(db, new_id, a["title"], a["body"])  # one transaction each
        one_ms = (time.perf_counter() - start) / len(sample) * 1000
        for new_id in ids:
            db["articles_search"].delete(new_id)
        results = {
            n: measure_queries(db, han_substrings(rng, articles, n, args.queries))
            for n in (1, 2, 3, 4)
        }
        db.execute(
            "INSERT INTO articles_search_fts (articles_search_fts, rank) VALUES ('integrity-check', 1)"
        )
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    fts = sum(v for k, v in sizes.items() if k.startswith("articles_search_fts"))
    print(f"{count:,} articles, {chars:,} characters, {text / 1e6:.1f} MB of UTF-8 text\n")
    print("| measure | value |\n|---|---|")
    print(
        f"| FTS index (articles_search_fts_*) | {fts / 1e6:.1f} MB = {fts / text:.2f}× the text |"
    )
    print(
        f"| token table (articles_search) | {sizes['articles_search'] / 1e6:.1f} MB = {sizes['articles_search'] / text:.2f}× the text |"
    )
    print(f"| articles table | {sizes['articles'] / 1e6:.1f} MB |")
    print(
        f"| rebuild_search, {count:,} articles | {rebuild_s:.1f} s ({count / rebuild_s:,.0f} articles/s) |"
    )
    print(f"| index_article, one transaction each | {one_ms:.2f} ms per article |")
    print(f"| integrity (FTS5 integrity-check, PRAGMA) | ok, {integrity} |\n")
    print(
        "| query length | queries | mean matches | median MATCH (all ids) | median search_articles (top 20) | median instr() scan | precision | recall |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n, r in results.items():
        print(
            f"| {n} | {args.queries} | {r['mean_hits']:,.0f} | {r['match_ms']:.2f} ms | {r['top20_ms']:.2f} ms "
            f"| {r['scan_ms']:.1f} ms | {r['precision']:.3f} | {r['recall']:.3f} |"
        )


if __name__ == "__main__":
    main()
