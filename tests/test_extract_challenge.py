"""Script checks, checks that need a person and app shells, told from pages to read."""

from __future__ import annotations

import pytest

from scrapers.extract.challenge import challenge

# 加速乐, first stage: the cookie spelt out character by character, then a reload.
JSL_521 = (
    b"<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')"
    b"+('e')+('a')+('r')+('a')+('n')+('c')+('e')+('_')+('s')+('=')+('1')+('6')+('7')+('4')"
    b"+('9')+('5')+('8')+('8')+('6')+('0')+('.')+('1')+('2')+('3')+('|')+('0')+('|')+('a')"
    b"+(';')+(' ')+('m')+('a')+('x')+('-')+('a')+('g')+('e')+('=')+('3')+('6')+('0')+('0')"
    b"+(';')+(' ')+('p')+('a')+('t')+('h')+('=')+('/');location.href=location.pathname+"
    b"location.search</script></body></html>"
)
# 加速乐, second stage: an obfuscated function, no readable cookie name.
JSL_521_GO = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>var _0x3f2a=['
    b'"\\x63\\x6f\\x6f\\x6b\\x69\\x65"];function go(_0x1){var _0x2=document[_0x3f2a[0]];'
    b'setTimeout(function(){location["href"]=location["pathname"]+location["search"]},'
    b'_0x1["wt"])}go({"bts":["1674958860.123|0|x","y"],"chars":"abcdef","ct":"0a9c",'
    b'"ha":"sha1","is":true,"tn":"__jsl_clearance_s","vt":"3600","wt":"1500"})</script>'
    b"</body></html>"
)
# 瑞数: a 412 with a long <meta content>, a $_ts script and an external script; no body.
RS_412 = (
    b'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
    b'charset=utf-8"><meta http-equiv="Expires" content="0"><meta http-equiv="Cache-Control" '
    b'content="no-cache"><meta id="9DhefwqGPrzGxEp9hPaoag" content="' + b"x" * 400 + b'" r="m">'
    b'<script type="text/javascript" r="m">$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=8'
    b'4639;$_ts.cd="qfmCrpAlDqqtcGLrrqWdcGQVrpWqWqLtrqWdcpVtDOiLHqf";</script><script type="'
    b'text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r="m">'
    b"</script></head><body></body></html>"
)
# A 202 challenge page: "please wait" and a script that submits a computed form.
CHALLENGE_202 = (
    "<html><head><title>请稍候…</title></head><body><p>正在验证您的浏览器，请稍候……</p>"
    "<form id='f' method='get'><input type='hidden' name='_t' id='t'></form>"
    "<script>document.getElementById('t').value=(7*191+3).toString(16);"
    "document.getElementById('f').submit();</script></body></html>"
).encode()
# 阿里云 WAF: a 200 whose script computes acw_sc__v2 and reloads.
ACW_200 = (
    b"<html><script>var arg1='3A1B9C2D';function setCookie(n,v){var e=new Date();"
    b"e.setTime(e.getTime()+3600*1000);document.cookie=n+'='+v+';expires='+e.toGMTString()"
    b"+';path=/';}setCookie('acw_sc__v2',arg1.split('').reverse().join(''));"
    b"document.location.reload();</script></html>"
)
SLIDER = (
    "<!DOCTYPE html><html><head><title>访问验证</title><script src='//g.alicdn.com/sd/"
    "nocaptcha/0.0.1/index.js'></script></head><body><div id='nc_1_wrapper'><span>请按住"
    "滑块，拖动到最右边</span></div><script>var nc=new noCaptcha({renderTo:'#nc'});"
    "</script></body></html>"
).encode()
IMAGE_CAPTCHA = (
    "<html><body><form><img src='/captcha.jpg'><input name='code'>请输入验证码<button>"
    "提交</button></form><script>document.forms[0].onsubmit=check;</script></body></html>"
).encode()
LOGIN_412 = (
    b"<html><body><form><input name='u'><input type='password' name='p'></form>"
    b"<script>location.href='/login'</script></body></html>"
)
APP_SHELL = (
    b'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>\xe5\x8e\xbf'
    b"\xe8\x9e\x8d\xe5\xaa\x92</title><link href=/css/app.css rel=stylesheet></head><body>"
    b"<noscript><strong>We're sorry but it doesn't work without JavaScript.</strong>"
    b'</noscript><div id="app"></div><script src=/js/chunk-vendors.js></script>'
    b"<script src=/js/app.js></script></body></html>"
)
NUXT_SHELL = (
    b'<html><body><div id="__nuxt"><div class="loading">\xe5\x8a\xa0\xe8\xbd\xbd\xe4\xb8\xad'
    b"</div></div><script>window.__NUXT__={config:{}}</script><script src='/_nuxt/app.js'>"
    b"</script></body></html>"
)
ARTICLE = (
    "<html><head><title>县里召开会议</title></head><body><div id='app'><h1>县里召开会议</h1>"
    + "<p>1月28日，县里召开经济运行分析会，会议部署了全年重点工作。</p>" * 12
    + "</div><a href='/a.html'>上一篇</a><script>var _hmt=_hmt||[];document.cookie='v=1';"
    "</script></body></html>"
).encode()


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (521, JSL_521, "blocked by a JavaScript check (521)"),
        (521, JSL_521_GO, "blocked by a JavaScript check (521)"),
        (412, RS_412, "blocked by a JavaScript check (412)"),
        (202, CHALLENGE_202, "blocked by a JavaScript check (202)"),
        (200, ACW_200, "blocked by a JavaScript check (200)"),
    ],
)
def test_script_checks(status, body, reason):
    verdict = challenge(status, body)
    assert (verdict.kind, verdict.reason, verdict.status) == ("check", reason, status)


@pytest.mark.parametrize(
    ("status", "body"), [(200, SLIDER), (405, SLIDER), (200, IMAGE_CAPTCHA), (412, LOGIN_412)]
)
def test_checks_that_need_a_person(status, body):
    verdict = challenge(status, body)
    assert verdict.kind == "person"
    assert verdict.reason == "blocked: the check needs a person (a slider, captcha or login)"


@pytest.mark.parametrize("body", [APP_SHELL, NUXT_SHELL])
def test_app_shells(body):
    verdict = challenge(200, body)
    assert (verdict.kind, verdict.reason) == ("app", "a page whose content a script builds")


def test_a_page_with_a_script_and_nothing_else_is_for_the_browser():
    moved = b"<html><body><script>window.location.href='/index.html'</script></body></html>"
    assert challenge(200, moved).kind == "app"


def test_a_cookie_and_a_meta_refresh_is_a_check():
    page = (
        b'<html><head><meta http-equiv="Refresh" content="1"></head><body>'
        b"<script>document.cookie='wzws_cid=9f2c;path=/'</script></body></html>"
    )
    assert challenge(200, page).kind == "check"


def test_an_app_shell_answered_with_an_error_is_not_a_shell():
    assert challenge(404, APP_SHELL) is None


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, ARTICLE),  # text in its app root, a cookie set for statistics
        (404, b"<html><body><h1>404 Not Found</h1><hr>nginx</body></html>"),
        (200, b'<?xml version="1.0"?><urlset><url><loc>/a.html</loc></url></urlset>'),
        (200, b""),
        (521, b"Origin web server is down"),
    ],
)
def test_pages_of_their_own(status, body):
    assert challenge(status, body) is None


def test_no_page_of_the_demo_portal_is_a_check(demo_portal):
    _, facts, site = demo_portal
    pages = [p for p in site.rglob("*.html") if "?" not in p.name]
    assert len(pages) > facts["article_count"]
    verdicts = {p.name: challenge(200, p.read_bytes()) for p in pages}
    assert {name: v for name, v in verdicts.items() if v is not None} == {}


def test_gbk_pages_are_read_as_gbk():
    shell = APP_SHELL.decode().replace('charset="utf-8"', 'charset="gbk"').encode("gbk")
    assert challenge(200, shell, "text/html").kind == "app"


def test_a_page_with_its_menus_is_let_through_without_a_parse():
    from scrapers.extract.challenge import _may_be_one

    menus = b"".join(b"<li><a href='/c%d/'>x</a></li>" % i for i in range(40))
    assert not _may_be_one(b"<html><body>" + menus + b"<script>document.cookie='a=1'</script>")
    assert not _may_be_one(b"<html><body><div id='app'></div></body></html>")  # no script
    assert _may_be_one(APP_SHELL) and _may_be_one(JSL_521) and _may_be_one(RS_412)


def test_an_app_root_of_any_name_is_a_shell():
    shell = APP_SHELL.replace(
        b'<div id="app"></div>',
        b'<div class="top"><a href="/">\xe9\xa6\x96\xe9\xa1\xb5</a></div><div id="news-container"></div>',
    )
    assert challenge(200, shell).kind == "app"
    inline_only = shell.replace(b"<script src=/js/chunk-vendors.js></script>", b"").replace(
        b"<script src=/js/app.js></script>", b"<script>var a=1</script>"
    )
    assert challenge(200, inline_only) is None  # no script of its own to fill it


def test_a_list_kept_as_data_for_its_script_is_not_an_empty_page():
    records = "".join(
        f"<record><![CDATA[<li><a href='/art/2023/3/{i}/art_1229_{i}.html'>标题{i}</a></li>]]></record>"
        for i in range(1, 6)
    )
    page = (
        "<html><body><div id='div1229'></div><script type='text/xml'><datastore><recordset>"
        f"{records}</recordset></datastore></script><script src='/module/web/jpage/jpage.js'>"
        "</script></body></html>"
    ).encode()
    assert challenge(200, page) is None
