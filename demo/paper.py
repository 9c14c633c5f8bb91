"""The demo's digital edition (数字报): 颍川报, the county's newspaper, five issues in the
shapes of Founder's (方正) e-paper system, served beside the county's portal.

- ``/index.html`` sends the browser to the latest issue by script (no link on it);
- an issue is a folder of its day, ``/html/2023-03/10/``; each of its pages (版面) is
  ``node_N.htm``: the day, 上一期 (the issue before), 往期回顾 (``/period.htm``, the list
  of every issue), the 版面导航 (第01版：要闻 …) and the page's articles;
- an article is ``content_ID.htm``: 引题 (kicker), title and 副题 (subtitle) where it
  has them; news signed 本报记者 X 通讯员 Y (a line of its own) or 本报讯（记者 X）,
  essays of the supplement 颍水 credited □NAME;
- an article of the newer template links its neighbours on the page (上一篇, 下一篇) as
  ``content_ID.htm?div=-1``, the same article under another URL;
- the first two issues use Founder's old template (a table, the fields in the
  ``enpproperty`` comment, the page named on the article page: 第02版：综合); the later
  ones the newer one (h3/h1/h2, the page named only on the 版面 that lists the article);
- ``/html/2023-03/period.xml`` lists the month's issues, as Founder's calendar script
  reads it (no page links it);
- the 上一期 link of 2023-03-06 is missing (as in many such systems, where a script
  draws it): the issues before it are reached through 往期回顾.

Its texts are ``demo/texts/paper.toml``; ``expected.json`` holds its facts.

    python -m demo.paper [OUTDIR]      # writes demo/paper-site/
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import Any

from demo import content as C
from demo.build import prepare, write_files
from demo.facts import GENERATOR

__all__ = ["build_paper"]

HERE = Path(__file__).resolve().parent
TEXTS = C.load("paper")
PAPER = TEXTS["paper"]
FIRST_ID = 5012001
OLD_TEMPLATE_ISSUES = 2  # the first issues, in Founder's old template
NO_PREVIOUS_LINK = "2023-03-06"  # the issue whose 上一期 is not a link
WEEKDAYS = "一二三四五六日"


def _issue_folder(day: str) -> str:
    return f"/html/{day[:7]}/{day[8:]}/"


def _plan() -> list[dict[str, Any]]:
    """The issues, oldest first, with their pages and articles (URLs and numbers set)."""
    issues, aid = [], FIRST_ID
    for number, issue in enumerate(TEXTS["issue"], start=1):
        folder = _issue_folder(issue["date"])
        pages = []
        for n, key in enumerate(issue["pages"], start=1):
            page = {"no": f"{n:02d}", "name": TEXTS["pages"][key], "key": key,
                    "url": f"{folder}node_{n}.htm", "articles": []}  # fmt: skip
            pages.append(page)
        by_key = {p["key"]: p for p in pages}
        for article in issue["article"]:
            page = by_key[article["page"]]
            page["articles"].append({**article, "url": f"{folder}content_{aid}.htm", "aid": aid,
                                     "page": page, "date": issue["date"]})  # fmt: skip
            aid += 3  # the system numbers other content too
        issues.append({"date": issue["date"], "number": number, "pages": pages,
                       "old": number <= OLD_TEMPLATE_ISSUES})  # fmt: skip
    return issues


def _day_line(day: str) -> str:
    when = dt.date.fromisoformat(day)
    return f"{when.year}年{when.month:02d}月{when.day:02d}日 星期{WEEKDAYS[when.weekday()]}"


def _byline(article: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The byline line (or None) and the paragraphs as printed."""
    kind, names = article["byline"]["kind"], article["byline"]["names"]
    paragraphs = list(article["paragraphs"])
    if kind == "box":
        return f"□ {names[0]}", paragraphs
    credit = f"记者 {names[0]}" + (f" 通讯员 {names[1]}" if len(names) > 1 else "")
    if kind == "paren":
        paragraphs[0] = f"本报讯（{credit}）" + paragraphs[0]
        return None, paragraphs
    return f"本报{credit}", paragraphs


def _page_nav(issue: dict[str, Any]) -> str:
    items = "".join(
        f'<li><a id="pageLink" href="{p["url"]}">第{p["no"]}版：{escape(p["name"])}</a></li>'
        for p in issue["pages"]
    )
    return f'<div class="bmdh"><h4>版面导航</h4><ul>{items}</ul></div>\n'


def _shell(title: str, main: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n</head>\n<body>\n{main}"
        f'<div class="footer">{escape(TEXTS["paper_org"])}　{escape(TEXTS["publisher"])}主办'
        f"　{escape(TEXTS['icp'])}</div>\n</body>\n</html>\n"
    )


def _node_page(issue: dict[str, Any], page: dict[str, Any], previous: dict | None) -> str:
    if previous is None:
        before = ""
    elif issue["date"] == NO_PREVIOUS_LINK:
        before = '<span class="prev">上一期</span> '
    else:
        before = f'<a href="{previous["pages"][0]["url"]}">上一期</a> '
    top = (
        f'<div class="top"><span class="paper">{PAPER}</span> '
        f"<span>{_day_line(issue['date'])}</span> {before}"
        '<a href="/period.htm">往期回顾</a></div>\n'
    )
    items = "".join(
        f'<li><a href="{a["url"]}">{escape(a["title"])}</a></li>' for a in page["articles"]
    )
    return _shell(
        f"{PAPER}-{_day_line(issue['date'])[:11]}-第{page['no']}版",
        top
        + _page_nav(issue)
        + f'<div class="bm"><span class="bmname">第{page["no"]}版：{escape(page["name"])}</span>'
        + f'<ul class="titles">{items}</ul></div>\n',
    )


def _old_article(issue: dict[str, Any], article: dict[str, Any]) -> str:
    """Founder's old template: a table of headings, the fields in a comment."""
    page, (byline, paragraphs) = article["page"], _byline(article)
    fields = (
        f"<articleid>{article['aid']}</articleid><date>{issue['date']} 18:30:12.0</date>"
        f"<author></author><title>{escape(article['title'])}</title><keyword></keyword>"
        f"<subtitle>{escape(article.get('subtitle', ''))}</subtitle>"
        f"<introtitle>{escape(article.get('kicker', ''))}</introtitle><siteid>1</siteid>"
        f"<nodeid>{page['no']}</nodeid><nodename>第{page['no']}版：{escape(page['name'])}"
        "</nodename><nodesearchname></nodesearchname>"
    )
    rows = []
    if article.get("kicker"):
        rows.append(f'<tr><td class="font02">{escape(article["kicker"])}</td></tr>')
    rows.append(f'<tr><td class="font01">{escape(article["title"])}</td></tr>')
    if article.get("subtitle"):
        rows.append(f'<tr><td class="font02">{escape(article["subtitle"])}</td></tr>')
    text = ([f"<p>{escape(byline)}</p>"] if byline else []) + [
        f"<p>　　{escape(p)}</p>" for p in paragraphs
    ]
    return _shell(
        PAPER,
        _page_nav(issue)
        + '<table class="article">\n'
        + "\n".join(rows)
        + f'\n<tr><td class="date">{_day_line(issue["date"])} 第{page["no"]}版：'
        f"{escape(page['name'])}</td></tr>\n<tr><td><founder-content>\n"
        f"<!--enpproperty {fields}/enpproperty-->\n<!--enpcontent-->"
        + "\n".join(text)
        + "<!--/enpcontent-->\n</founder-content></td></tr>\n</table>\n"
        f'<div class="back"><a href="{page["url"]}">返回本版</a></div>\n',
    )


def _new_article(issue: dict[str, Any], article: dict[str, Any]) -> str:
    """The newer template: the headings one above the other; the page named nowhere but
    in the 版面导航 (links)."""
    byline, paragraphs = _byline(article)
    heads = (f"<h3>{escape(article['kicker'])}</h3>\n" if article.get("kicker") else "") + (
        f"<h1>{escape(article['title'])}</h1>\n"
    )
    if article.get("subtitle"):
        heads += f"<h2>{escape(article['subtitle'])}</h2>\n"
    text = ([f"<p>{escape(byline)}</p>"] if byline else []) + [
        f"<p>　　{escape(p)}</p>" for p in paragraphs
    ]
    return _shell(
        f"{article['title']}-{PAPER}数字报",
        f'<div class="top"><span class="paper">{PAPER}</span> '
        f"<span>{_day_line(issue['date'])}</span></div>\n"
        + _page_nav(issue)
        + f'<div class="detail">\n{heads}<div id="ozoom" class="content">\n'
        + "\n".join(text)
        + "\n</div>\n</div>\n"
        + _pager(article)
        + f'<div class="back"><a href="{article["page"]["url"]}">返回本版</a></div>\n',
    )


def _pager(article: dict[str, Any]) -> str:
    """上一篇 / 下一篇 on the same page, linked as Founder links them: ?div=-1."""
    siblings = article["page"]["articles"]
    at = next(i for i, a in enumerate(siblings) if a["url"] == article["url"])
    links = []
    if at > 0:
        links.append(f'<a href="{siblings[at - 1]["url"]}?div=-1">上一篇</a>')
    if at + 1 < len(siblings):
        links.append(f'<a href="{siblings[at + 1]["url"]}?div=-1">下一篇</a>')
    return f'<div class="pager">{" ".join(links)}</div>\n' if links else ""


def _author(article: dict[str, Any]) -> list[str]:
    return list(article["byline"]["names"])


def render() -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every file of the edition (site path -> bytes) and its facts."""
    issues = _plan()
    latest = issues[-1]
    pages = {
        "/index.html": (
            '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
            f'<title>{PAPER}数字报</title>\n<script type="text/javascript">\n'
            f'window.location.href = "{latest["pages"][0]["url"].lstrip("/")}";\n'
            "</script>\n</head>\n<body></body>\n</html>\n"
        ),
        "/404.html": _shell("404", "<p>您访问的页面不存在</p>\n"),
        "/period.htm": _shell(
            f"往期回顾-{PAPER}",
            '<h3>往期回顾</h3>\n<ul class="periods">'
            + "".join(
                f'<li><a href="{i["pages"][0]["url"].lstrip("/")}">{_day_line(i["date"])}'
                f" 第{i['number']}期</a></li>"
                for i in reversed(issues)
            )
            + "</ul>\n",
        ),
    }
    # Founder's calendar (the script of its 往期回顾 pages) reads a period.xml per month.
    for month in sorted({i["date"][:7] for i in issues}):
        periods = "".join(
            f"<period><period_name>{i['number']}</period_name><period_date>{i['date']}"
            f"</period_date><front_page>{i['pages'][0]['url'].rsplit('/', 1)[1]}</front_page>"
            "</period>"
            for i in issues
            if i["date"].startswith(month)
        )
        pages[f"/html/{month}/period.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<periodlist>{periods}</periodlist>\n'
        )
    articles = []
    for n, issue in enumerate(issues):
        previous = issues[n - 1] if n else None
        for page in issue["pages"]:
            pages[page["url"]] = _node_page(issue, page, previous)
            for article in page["articles"]:
                render_article = _old_article if issue["old"] else _new_article
                pages[article["url"]] = render_article(issue, article)
                articles.append(article)
    facts = {
        "generator": GENERATOR,
        "site": PAPER,
        "article_count": len(articles),
        "server": {"hidden": ["/expected.json"], "not_found_page": "/404.html"},
        "latest_issue": latest["date"],
        "no_previous_link": NO_PREVIOUS_LINK,
        "issues": [
            {
                "date": i["date"],
                "pages": [
                    {
                        "no": p["no"],
                        "name": p["name"],
                        "url": p["url"],
                        "articles": [a["url"] for a in p["articles"]],
                    }
                    for p in i["pages"]
                ],
            }
            for i in issues
        ],
        "articles": [
            {
                "url": a["url"],
                "kicker": a.get("kicker"),
                "title": a["title"],
                "subtitle": a.get("subtitle"),
                "edition_date": a["date"],
                "published_at": a["date"],
                "page_no": a["page"]["no"],
                "page_name": a["page"]["name"],
                "author": _author(a),
                "paragraphs": _byline(a)[1],
            }
            for a in articles
        ],
    }
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files["/expected.json"] = (json.dumps(facts, ensure_ascii=False, indent=1) + "\n").encode()
    return files, facts


def build_paper(outdir: Path) -> dict[str, Any]:
    """Write the edition into ``outdir`` (emptied first if it is a demo build) and return
    its facts."""
    outdir = Path(outdir)
    prepare(outdir)
    files, facts = render()
    write_files(outdir, files)
    return facts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=HERE / "paper-site")
    args = parser.parse_args(argv)
    facts = build_paper(args.outdir)
    print(
        f"wrote {facts['article_count']} articles in {len(facts['issues'])} issues to {args.outdir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
