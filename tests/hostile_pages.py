"""Generated hostile inputs: too big, truncated, binary. Too large to keep as files."""

from __future__ import annotations

_PARAGRAPH = (
    "<p>1月28日，县里召开节后第{n}次经济运行分析会，聚焦经济运行、重点项目建设、招商引资等工作，"
    "释放树牢“项目为王”的鲜明信号。</p>\n"
)
_MENU_ITEM = '<li><a href="/xwzx/{n}.html">县融媒体中心栏目链接{n}</a></li>\n'


def big_page(size: int) -> bytes:
    """An article page of about `size` bytes: a real article, a huge menu and inline data."""
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>县里开会_某县融媒</title></head>"
        "<body><div class='nav'><ul>"
    ).encode()
    menu = "".join(_MENU_ITEM.format(n=n) for n in range(3000)).encode()
    article = (
        "</ul></div><div class='article'><h1>县里开会</h1><p>发布时间：2023-01-29 10:21</p>"
        "<div class='content'>"
        + "".join(_PARAGRAPH.format(n=n) for n in range(20))
        + "</div></div>"
    ).encode()
    blob = b"<img src='data:image/png;base64," + b"A" * 4096 + b"'>\n"
    tail = b"</body></html>"
    filler = size - len(head) - len(menu) - len(article) - len(tail)
    return head + menu + article + blob * max(0, filler // len(blob)) + tail


def dense_page(size: int) -> bytes:
    """An article page of about `size` bytes made of nothing but paragraphs and links."""
    menu_item = '<li><a href="/x/{n}.html">栏目链接{n}</a></li>\n'
    half = size // 2
    links = _repeat(menu_item, half)
    paragraphs = _repeat(_PARAGRAPH, half)
    head = b"<html><head><title>\xe5\x8e\xbf\xe9\x87\x8c\xe5\xbc\x80\xe4\xbc\x9a</title></head><body><ul>"
    middle = "</ul><h1>县里开会</h1><div>".encode()
    return head + links + middle + paragraphs + b"</div></body></html>"


def _repeat(template: str, size: int) -> bytes:
    chunks, total, n = [], 0, 0
    while total < size:
        chunk = template.format(n=n).encode()
        chunks.append(chunk)
        total += len(chunk)
        n += 1
    return b"".join(chunks)


def truncated_page(raw: bytes, keep: float = 0.4) -> bytes:
    """The first part of a page, cut in the middle of a multi-byte character if possible."""
    cut = int(len(raw) * keep)
    return raw[: cut | 1]
