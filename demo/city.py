"""The demo's second portal: the media centre of the city the demo county belongs to
(许昌市融媒体中心), in the URL style of EmpireCMS (/xqdt/2023-01-31/2001.html).

It holds a few city stories and reprints one county story under its own headline, section
and date, as city portals do: the same paragraphs under 来源：颍川县融媒体中心, a day
later. Crawled beside the county portal (`make demo`), the archive groups the two into one
story and `story_reprints` shows the delay. Its texts are `demo/texts/city.toml`.

    python -m demo.city [OUTDIR]      # writes demo/city-site/ (after building the county)
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from demo import content as C
from demo.build import prepare, write_files
from demo.facts import GENERATOR

__all__ = ["build_city", "reprinted"]

HERE = Path(__file__).resolve().parent
TEXTS = C.load("city")
SECTION, KEY = TEXTS["section"], TEXTS["section_key"]
FIRST_ID = 2001


def reprinted(county: dict[str, Any]) -> dict[str, Any]:
    """The county article the city reprints: the first dated one of the county's first
    section that is none of the county's own special cases."""
    special = {county["seed"], *county["reprint"], *(d["url"] for d in county["no_date"])}
    first_section = next(iter(county["sections"]))
    return next(
        a
        for a in county["articles"]
        if a["section"] == first_section and a["url"] not in special and "T" in a["published_at"]
    )


def _articles(county: dict[str, Any]) -> list[dict[str, Any]]:
    """Every city article, oldest first: the city's own and the reprint."""
    stories = [{**a, "reprint_of": None} for a in TEXTS["article"]]
    original = reprinted(county)
    when = dt.datetime.fromisoformat(original["published_at"]) + dt.timedelta(
        hours=TEXTS["reprint"]["delay_hours"]
    )
    stories.append(
        {
            # 颍川县31个重点项目… -> 颍川县：31个重点项目…, as the city's editors retitle it
            "title": TEXTS["reprint"]["headline_prefix"]
            + original["title"].removeprefix(county["region"]["county"]),
            "published": f"{when:%Y-%m-%d} {TEXTS['reprint']['time']}",
            "source": county["site"],
            "author": None,
            "paragraphs": original["paragraphs"],
            "reprint_of": original["url"],
        }
    )
    stories.sort(key=lambda a: a["published"])
    for number, article in enumerate(stories, start=FIRST_ID):
        day = article["published"][:10]
        article["url"] = f"/{KEY}/{day}/{number}.html"
        article["editor"] = TEXTS["editors"][number % len(TEXTS["editors"])]
    return stories


def _page(title: str, main: str) -> str:
    name = html.escape(TEXTS["site_name"])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n"
        f'<div class="top"><a href="/index.html">{name}</a>'
        f' <a href="/{KEY}/index.html">{html.escape(SECTION)}</a></div>\n'
        f"{main}\n"
        f'<div class="footer">主办：{html.escape(TEXTS["host_org"])}　承办：{name}'
        f"　{html.escape(TEXTS['icp'])}</div>\n</body>\n</html>\n"
    )


def _article_page(article: dict[str, Any]) -> str:
    info = f"发布时间：{article['published']}　来源：{html.escape(article['source'])}"
    if article["author"]:
        info += f"　作者：{html.escape(article['author'])}"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in article["paragraphs"])
    return _page(
        f"{article['title']}_{TEXTS['site_name']}",
        f'<div class="position">当前位置：<a href="/index.html">首页</a> &gt; '
        f'<a href="/{KEY}/index.html">{html.escape(SECTION)}</a></div>\n'
        f'<div class="article">\n<h1>{html.escape(article["title"])}</h1>\n'
        f'<div class="info">{info}</div>\n<div class="content">\n{body}\n</div>\n'
        f'<div class="editor">责任编辑：{html.escape(article["editor"])}</div>\n</div>',
    )


def _list(articles: list[dict[str, Any]]) -> str:
    items = "\n".join(
        f'<li><a href="{a["url"]}">{html.escape(a["title"])}</a>'
        f"<span>{a['published'][:10]}</span></li>"
        for a in reversed(articles)
    )
    return f'<ul class="list">\n{items}\n</ul>'


def render(county: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every file of the city portal (site path -> bytes) and its facts."""
    articles = _articles(county)
    pages = {
        "/index.html": _page(
            TEXTS["site_name"], f"<h2>{html.escape(SECTION)}</h2>\n" + _list(articles)
        ),
        f"/{KEY}/index.html": _page(f"{SECTION}_{TEXTS['site_name']}", _list(articles)),
        "/404.html": _page("404", "<p>您访问的页面不存在</p>"),
    }
    pages.update({a["url"]: _article_page(a) for a in articles})
    facts = {
        "generator": GENERATOR,
        "site": TEXTS["site_name"],
        "article_count": len(articles),
        "server": {"hidden": ["/expected.json"], "not_found_page": "/404.html"},
        "articles": [
            {
                "url": a["url"],
                "title": a["title"],
                "published_at": dt.datetime.fromisoformat(a["published"])
                .replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
                .isoformat(),
                "source": a["source"],
                "editor": a["editor"],
                "breadcrumbs": ["首页", SECTION],
                "paragraphs": a["paragraphs"],
                "reprint_of": a["reprint_of"],
            }
            for a in articles
        ],
    }
    files = {path: text.encode() for path, text in pages.items()}
    files["/expected.json"] = (json.dumps(facts, ensure_ascii=False, indent=1) + "\n").encode()
    return files, facts


def build_city(outdir: Path, county: dict[str, Any]) -> dict[str, Any]:
    """Write the city portal into ``outdir`` (emptied first if it is a demo build) and
    return its facts; ``county`` is the facts of the county portal it reprints from."""
    outdir = Path(outdir)
    prepare(outdir)
    files, facts = render(county)
    write_files(outdir, files)
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=HERE / "city-site")
    args = parser.parse_args(argv)
    county = json.loads((HERE / "expected.json").read_text("utf-8"))
    facts = build_city(args.outdir, county)
    print(f"wrote {facts['article_count']} articles to {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
