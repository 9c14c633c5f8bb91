"""Lists only scripts show: Hanweb jpage datastores and dataproxy requests, TRS
createPageHTML pagers, and the links read_page finds through them."""

from __future__ import annotations

from scrapers.extract import (
    JpageProxy,
    create_page_urls,
    datastore_links,
    is_pagination,
    jpage_proxies,
    read_page,
)

COLUMN = "http://www.x.gov.cn/col/col1229/index.html"
# A Hanweb JCMS column page: the first records in the datastore, the rest by dataproxy.
HANWEB = """<html><head><title>通知公告</title></head><body>
<div class="list"><div id="4567"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=1229&unitid=4567&webname=%E9%A2%8D%E5%B7%9D%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[
<li><a href="/art/2023/3/9/art_1229_6012.html" target="_blank" title="关于春季森林防火的通告">关于春季森林防火的通告</a><span>2023-03-09</span></li>
]]></record>
<record><![CDATA[
<li><a href="/art/2023/3/2/art_1229_6007.html" target="_blank" title="颍川县停水通知">颍川县停水通知</a><span>2023-03-02</span></li>
]]></record>
</recordset></datastore></script></div></div>
<script language="javascript" src="/module/web/jpage/jpage.js"></script>
<script>$(document).ready(function(){ $('#4567').jpage({ dataStore: null, perPage: 2,
 totalRecord: 7, groupSize: 1, proxyUrl: '/module/web/jpage/dataproxy.jsp' }); });</script>
</body></html>"""


def one_proxy(scripts: list[str], base: str) -> JpageProxy | None:
    proxies = jpage_proxies(scripts, base)
    assert len(proxies) <= 1
    return proxies[0] if proxies else None


def test_datastore_records_are_links_with_their_dates():
    links = datastore_links(HANWEB, COLUMN)
    assert [(link.url, link.kind, link.list_date) for link in links] == [
        ("http://www.x.gov.cn/art/2023/3/9/art_1229_6012.html", "article", "2023-03-09"),
        ("http://www.x.gov.cn/art/2023/3/2/art_1229_6007.html", "article", "2023-03-02"),
    ]


def test_the_dataproxy_request_takes_the_columns_parameters():
    proxy = one_proxy([HANWEB.split("<script>")[0], HANWEB.rsplit("<script>", 1)[1]], COLUMN)
    assert proxy is not None
    assert (proxy.url, proxy.per_page, proxy.group, proxy.total, proxy.first) == (
        "http://www.x.gov.cn/module/web/jpage/dataproxy.jsp", 2, 1, 7, 2)  # fmt: skip
    assert proxy.page_url == COLUMN  # relative record links are the column page's
    assert proxy.params == {
        "appid": "1", "webid": "1", "path": "/", "columnid": "1229", "unitid": "4567",
        "webname": "颍川县", "permissiontype": "0", "col": "1", "sourceContentType": "1",
    }  # fmt: skip
    url, form = proxy.request(3)
    assert url.endswith("dataproxy.jsp?startrecord=3&endrecord=4&perpage=2")
    assert form["columnid"] == "1229"
    # Paged until totalrecord: 3-4, 5-6, 7, then nothing.
    assert [proxy.next_start(s, n, 7) for s, n in ((3, 2), (5, 2), (7, 1))] == [5, 7, None]
    assert proxy.next_start(3, 0, None) is None  # an empty answer ends it


def test_parameters_from_the_jpage_call_alone():
    script = """$('#99').jpage({perPage:15, totalRecord:40, proxyUrl:"/module/jpage/dataproxy.jsp",
      ajaxParam:{col:1, webid:'3', path:'/', columnid:'88', unitid:'99', webname:'县政府',
      permissiontype:0}});"""
    proxy = one_proxy([script], COLUMN)
    assert proxy.url == "http://www.x.gov.cn/module/jpage/dataproxy.jsp"
    assert (proxy.params["webid"], proxy.params["columnid"], proxy.params["unitid"]) == (
        "3", "88", "99")  # fmt: skip
    assert (proxy.total, proxy.first) == (40, 0)


def test_no_proxy_without_a_column():
    assert one_proxy(["var a = 1;"], COLUMN) is None
    assert one_proxy(["$('#1').jpage({perPage: 15});"], COLUMN) is None  # no columnid


def test_a_column_page_reads_as_a_list_with_its_records_and_proxy():
    reading = read_page(HANWEB.encode(), COLUMN, {"Content-Type": "text/html; charset=utf-8"})
    assert not reading.article.is_article
    urls = {link.url for link in reading.links}
    assert "http://www.x.gov.cn/art/2023/3/9/art_1229_6012.html" in urls
    [proxy] = reading.proxies
    assert proxy.first == 2 and proxy.params["columnid"] == "1229"


def test_create_page_html_forms():
    base = "http://x.gov.cn/xwzx/tzgg/index.html"
    plain = create_page_urls(['createPageHTML(4, 0, "index", "html");'], base)
    assert [u.rsplit("/", 1)[1] for u in plain] == [
        "index.html", "index_1.html", "index_2.html", "index_3.html"]  # fmt: skip
    with_id = create_page_urls(["createPageHTML('page_div',3,1,'index','shtml','共3页',20);"], base)
    assert with_id[-1] == "http://x.gov.cn/xwzx/tzgg/index_2.shtml"
    variables = create_page_urls(
        [
            "var countPage = 2//共多少页\nvar currentPage = 0;",
            'createPageHTML(countPage, currentPage, "index", "htm");',
        ],
        base,
    )
    assert variables == [
        "http://x.gov.cn/xwzx/tzgg/index.htm",
        "http://x.gov.cn/xwzx/tzgg/index_1.htm",
    ]
    # TRS's own variable names, after the function's definition (which compares them).
    trs = [
        "function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){"
        " if(_nPageCount == null || _nPageCount <= 1) return; }",
        'var _nPageCount = 3; var _nCurrIndex = 0; var _sPageName = "index"; var _sPageExt = "shtml";',
        "createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);",
    ]
    assert create_page_urls(trs, base)[-1] == "http://x.gov.cn/xwzx/tzgg/index_2.shtml"
    # The function's own definition, one page, or nothing: no pager.
    assert (
        create_page_urls(
            ["function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}"], base
        )
        == []
    )
    assert create_page_urls(['createPageHTML(1, 0, "index", "html");'], base) == []


def test_create_page_html_pages_are_list_links_resolved_against_base_href():
    page = """<html><head><base href="http://x.gov.cn/xwzx/"></head><body><ul>
    <li><a href="./202303/t20230301_123456.html">县里召开春耕会议</a><span>2023-03-01</span></li>
    </ul><script>createPageHTML(3, 0, "index", "html");</script></body></html>"""
    reading = read_page(page.encode(), "http://x.gov.cn/xwzx/index.shtml", {})
    kinds = {link.url: link.kind for link in reading.links}
    assert kinds["http://x.gov.cn/xwzx/202303/t20230301_123456.html"] == "article"
    assert kinds["http://x.gov.cn/xwzx/index_1.html"] == "list"
    # One page at a time, as each page's own call names the next: an incremental crawl
    # stops at the first page of known articles.
    assert "http://x.gov.cn/xwzx/index_2.html" not in kinds
    second = page.replace("createPageHTML(3, 0,", "createPageHTML(3, 1,")
    reading = read_page(second.encode(), "http://x.gov.cn/xwzx/index_1.html", {})
    pager = [link for link in reading.links if link.kind == "list"]
    assert {link.url.rsplit("/", 1)[1] for link in pager} == {"index.html", "index_2.html"}
    assert all(is_pagination(link) for link in pager)


def test_a_page_of_several_columns_has_a_proxy_for_each():
    def store(column: int, unit: int) -> str:
        return (f'<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1'
                f'&webid=1&columnid={column}&unitid={unit}"></a>]]></nextgroup><recordset>'
                f'<record><![CDATA[<li><a href="/art/2023/3/1/art_{column}_1.html">x</a></li>]]>'
                "</record></recordset></datastore>")  # fmt: skip

    calls = "$('#71').jpage({perPage: 5, totalRecord: 30}); $('#72').jpage({perPage: 8, totalRecord: 9});"
    proxies = jpage_proxies([store(11, 71), store(12, 72), calls], COLUMN)
    assert [(p.params["columnid"], p.per_page, p.total) for p in proxies] == [
        ("11", 5, 30),
        ("12", 8, 9),
    ]
