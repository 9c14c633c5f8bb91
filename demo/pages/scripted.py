"""The lists that only scripts show, as the CMSes write them:

- 通知公告, a Hanweb JCMS column (``/col/col1229/index.html``): its first records in a jpage
  ``<datastore>`` inside ``<script type="text/xml">``, the rest answered by
  ``/module/web/jpage/dataproxy.jsp`` to a POST with the column's parameters (demo/serve.py
  answers it from ``jpage_records``, which the build writes beside the site);
- 专题报道, a TRS WCM list (``/zt/ztbd/index.html``, ``index_1.html`` …) whose pager is a
  ``createPageHTML`` call, with a ``<base href>`` and links relative to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from demo import content as C
from demo.pages.chrome import footer, head, header, hot_box
from demo.portal import JPAGE, Article, Dead, Section

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
# The pager function TRS pages carry (here inline); its own parameters are no pager.
CREATE_PAGE_FUNCTION = """function createPageHTML(_sId, _nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var html = "";
  for(var i=0;i<_nPageCount;i++){
    var name = i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt;
    html += i == _nCurrIndex ? "<span class='cur'>" + (i+1) + "</span>" : "<a href='" + name + "'>" + (i+1) + "</a>";
  }
  document.getElementById(_sId).innerHTML = html;
}"""


def record(entry: Article | Dead) -> str:
    """One jpage record: the list item the jpage script writes into the column."""
    return (
        f'<li><a href="{entry.url}" target="_blank" title="{escape(entry.title)}">'
        f"{escape(entry.title)}</a><span>{entry.list_date}</span></li>"
    )


def jpage_records(entries: Sequence[Article | Dead]) -> dict:
    """What the dataproxy serves for the column: its parameters and every record."""
    return {**JPAGE, "records": [record(e) for e in entries]}


def datastore(records: list[str], total: int, per_page: int, *, counts: bool = True) -> str:
    """The <datastore> of a dataproxy answer (with its counts) or of a column page (whose
    jpage call gives them)."""
    nextgroup = (
        f"{DATAPROXY}?page=1&appid=1&webid={JPAGE['webid']}&path=/&columnid={JPAGE['columnid']}"
        f"&unitid={JPAGE['unitid']}&webname={quote(C.SITE_NAME)}&permissiontype=0"
    )
    pages = -(-total // per_page)
    head = f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n"
    return (
        f"<datastore>\n{head if counts else ''}"
        f'<nextgroup><![CDATA[<a href="{nextgroup}"></a>]]></nextgroup>\n<recordset>\n'
        + "".join(f"<record><![CDATA[\n{r}\n]]></record>\n" for r in records)
        + "</recordset>\n</datastore>"
    )


def jpage_column(sec: Section, entries: Sequence[Article | Dead], hot: list[Article]) -> str:
    """The column page: the first page's records in the datastore, the jpage call."""
    records = [record(e) for e in entries[: sec.per_page]]
    unit = JPAGE["unitid"]
    return (
        head(f"{C.SITE_NAME} {sec.name}")
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        f'<div class="position">当前位置：<a href="/index.html">首页</a> &gt; {sec.name}</div>\n'
        f'<div class="left">\n<div class="box"><h2>{sec.name}</h2>\n'
        f'<div id="{unit}"><script type="text/xml">'
        + datastore(records, len(entries), sec.per_page, counts=False)
        + "</script></div>\n</div>\n</div>\n"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>\n'
        "<script>\n$(document).ready(function(){\n"
        f"  $('#{unit}').jpage({{ dataStore: null, perPage: {sec.per_page}, groupSize: 1,"
        f" totalRecord: {len(entries)}, proxyUrl: '{DATAPROXY}', barPosition: 'bottom' }});\n"
        "});\n</script>\n"
        f'<div class="right">{hot_box(hot)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )


def dataproxy_answer(column: dict, start: int, end: int, per_page: int) -> str:
    """The dataproxy's XML for records ``start`` to ``end`` (1-based, both included)."""
    records = column["records"]
    chosen = records[max(0, start - 1) : max(0, end)]
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + datastore(chosen, len(records), per_page)


def create_page_list(
    sec: Section, page: int, pages: int, entries: Sequence[Article | Dead], hot: list[Article],
    featured: str | None = None,
) -> str:  # fmt: skip
    """List page ``page`` of ``pages``: links relative to ``<base href>``, and a pager that
    only createPageHTML writes. ``featured``: a page linked in the 推荐 box."""
    base = sec.list_url(1).rsplit("/", 1)[0] + "/"
    chunk = entries[(page - 1) * sec.per_page : page * sec.per_page]
    items = "\n".join(
        f'<li><a href="./{e.url.removeprefix(base)}" target="_blank" title="{escape(e.title)}">'
        f"{escape(e.title)}</a><span>{e.list_date}</span></li>"
        for e in chunk
    )
    box = (
        f'<div class="box"><h2>专题推荐</h2><ul class="news-list"><li><a href="./'
        f'{featured.removeprefix(base)}">专题推荐阅读</a></li></ul></div>'
        if featured
        else ""
    )
    return (
        head(
            f"{sec.name}_{C.SITE_NAME}" + (f"_第{page}页" if page > 1 else ""),
            extra=f'<base href="{base}">\n',
        )
        + "<body>\n"
        + header(sec.key)
        + '<div class="w1200 main">\n'
        f'<div class="position">当前位置：<a href="/index.html">首页</a> &gt; {sec.name}</div>\n'
        f'<div class="left">\n<div class="box"><h2>{sec.name}</h2>\n<ul class="list">\n{items}\n</ul>\n'
        '<div class="page" id="page_div"></div>\n'
        f"<script>\n{CREATE_PAGE_FUNCTION}\n</script>\n"
        f'<script>createPageHTML("page_div", {pages}, {page - 1}, "index", "html");</script>\n'
        f"</div>\n{box}\n</div>\n"
        f'<div class="right">{hot_box(hot)}</div>\n'
        "</div>\n" + footer() + "</body>\n</html>\n"
    )
