"""融媒看点 (/rmt/): a section of the demo portal whose lists a script builds, as the newer
融媒体 platforms serve them.

``/rmt/index.html`` is an app shell, ``<div id="app"></div>`` and a script; the script
asks the JSON API (``/api/news/list?channelId=7&page=N``) for the page's entries and
writes the list and its pager (``/rmt/index.html?page=2``) into the shell. A crawler that
runs no script finds no link in it. The article pages themselves are plain HTML.

``section()`` gives its files and facts (demo/build.py writes them; the facts go into
``browser.json``).
"""

from __future__ import annotations

import datetime as dt
import json

from demo.guarded import article_facts, page_of_articles, section_articles

__all__ = ["API", "section"]

PREFIX = "/rmt/"
NAME = "融媒看点"
CHANNEL = 7
PER_PAGE = 8
API = "/api/news/list"

SHELL = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>融媒看点</title>
</head>
<body>
<noscript>请开启 JavaScript 后浏览本站。</noscript>
<div id="app"></div>
<script src="/rmt/js/app.js"></script>
</body>
</html>
"""

# Plain JavaScript, as a bundled app would run it: the page number from the URL, the
# entries from the API, the list and its pager written into #app.
APP_JS = """(function () {
  var page = parseInt(new URLSearchParams(location.search).get('page') || '1', 10);
  var api = '%(api)s?channelId=%(channel)d&page=' + page;
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  fetch(api, {headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.json(); })
    .then(function (res) {
      var d = res.data, html = '<h2>%(name)s</h2><ul class="news-list">';
      d.list.forEach(function (item) {
        html += '<li><a href="' + esc(item.url) + '">' + esc(item.title) + '</a>' +
          '<span class="time">' + esc(item.publishTime.slice(0, 10)) + '</span></li>';
      });
      html += '</ul><div class="pager">';
      if (page > 1) html += '<a href="%(prefix)sindex.html?page=' + (page - 1) + '">上一页</a> ';
      if (page < d.pages) html += '<a href="%(prefix)sindex.html?page=' + (page + 1) + '">下一页</a>';
      document.getElementById('app').innerHTML = html + '</div>';
    });
})();
"""


def _api_page(arts, page: int, pages: int, total: int) -> bytes:
    data = {
        "code": 0,
        "msg": "success",
        "data": {
            "total": total,
            "page": page,
            "pages": pages,
            "list": [
                {
                    "id": a.aid,
                    "title": a.title,
                    "url": a.url,
                    "publishTime": f"{a.when:%Y-%m-%d %H:%M:%S}",
                    "source": a.source,
                }
                for a in arts
            ],
        },
    }
    return json.dumps(data, ensure_ascii=False).encode()


def section() -> tuple[dict[str, bytes], dict]:
    """The section's files (site path -> bytes; API answers under ``path?query``) and facts."""
    arts = section_articles("rmt", 20, dt.datetime(2023, 4, 2, 8, 45), first_topic=9)
    for art in arts:
        art.aid += 500
        art.url = f"{PREFIX}news/{art.when:%Y/%m%d}/{art.aid}.html"
    newest = sorted(arts, key=lambda a: a.when, reverse=True)
    pages = -(-len(newest) // PER_PAGE)
    files = {
        f"{PREFIX}index.html": SHELL.encode(),
        f"{PREFIX}js/app.js": (
            APP_JS % {"api": API, "channel": CHANNEL, "name": NAME, "prefix": PREFIX}
        ).encode(),
    }
    for page in range(1, pages + 1):
        chunk = newest[(page - 1) * PER_PAGE : page * PER_PAGE]
        files[f"{API}?channelId={CHANNEL}&page={page}"] = _api_page(chunk, page, pages, len(arts))
    crumbs = [("首页", "/index.html"), (NAME, f"{PREFIX}index.html")]
    for art in arts:
        files[art.url] = page_of_articles(art, NAME, crumbs, f"{PREFIX}index.html").encode()
    facts = {
        "name": NAME,
        "start": f"{PREFIX}index.html",
        "api": API,
        "articles": [article_facts(a) for a in arts],
    }
    return files, facts
