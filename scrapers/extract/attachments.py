"""The attachments of an article (附件): the documents its page links to, such as a
notice's PDF, a form as .docx or .wps, a table as .xls, an archive as .zip (URL shapes in
cms.attachment_file). Links in the page's menus and footer are the site's, not the
article's, and are left out."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from core.text import clean_text, text_of

from .chrome import is_sure_chrome
from .cms import attachment_file
from .document import Page


def find_attachments(page: Page) -> list[dict]:
    """url, text (the link's), file_name and type of each document linked, once each.

    >>> from scrapers.extract.document import parse_page
    >>> page = parse_page('<div id="zoom"><p>附件：<a href="./P020230301.pdf">1.实施方案.pdf</a></p>'
    ...     '<p><a href="/module/download/downfile.jsp?classid=0&filename=23030111.doc">报名表</a></p>'
    ...     '</div><div class="footer"><a href="/guide.pdf">办事指南</a></div>',
    ...     "http://x.gov.cn/zwgk/202303/t20230301_1.html")
    >>> [(a["text"], a["file_name"], a["type"]) for a in find_attachments(page)]
    [('1.实施方案.pdf', 'P020230301.pdf', 'pdf'), ('报名表', '23030111.doc', 'doc')]
    """
    found: dict[str, dict] = {}
    for anchor in page.root.iter("a"):
        href = anchor.get("href")
        if not href or attachment_file(href) is None:  # cheap, before the URL is joined
            continue
        url = page.absolute(href)
        if not url or not url.startswith(("http://", "https://")):
            continue
        file = attachment_file(url)
        if file is None or _in_chrome(anchor):
            continue
        text = clean_text(text_of(anchor)) or clean_text(anchor.get("title") or "")
        if url in found:  # an icon and a name linking the same file: the name
            found[url]["text"] = found[url]["text"] or text
            continue
        found[url] = {"url": url, "text": text, "file_name": file[0] or None, "type": file[1]}
    return list(found.values())


# The site's own furniture, whose links are the site's: menus, header, footer, sidebars.
# (Not every kind of chrome: an article's files often sit in a "related files" or
# "links" box of its own.)
_SITE_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|foot|footer|header|head|top|topnav|banner|sidebar|side|"
    r"copyright|friendlink|yqlj|ad|ads)(?:$|[\s_-])",
    re.I,
)


def _in_chrome(el: etree._Element) -> bool:
    for a in el.iterancestors():
        if a.tag in ("nav", "header", "footer", "aside") or is_sure_chrome(a):
            return True
        if _SITE_CHROME.search(f"{a.get('class', '')} {a.get('id', '')}"):
            return True
    return False


# Content types of documents, never of pages (application/octet-stream only with a
# Content-Disposition that says so).
_DOCUMENT_TYPES = re.compile(
    r"^application/(?:pdf|msword|vnd\.ms-|vnd\.openxmlformats|vnd\.wps|wps|kswps|ofd|"
    r"zip|x-zip|x-rar|vnd\.rar|x-7z|octet-stream)",
    re.I,
)


#: The first bytes of documents (PDF, OOXML and OFD zips, RAR, OLE2 .doc/.xls/.wps): a
#: page whose bytes start so is not HTML (article._check_bytes), whatever it is sent as.
DOCUMENT_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"Rar!": "a RAR archive",
    b"\xd0\xcf\x11\xe0": "an MS Office document",
}


def is_document_response(headers: Mapping[str, str]) -> bool:
    """A response that is a document to download, not a page (its headers say so).

    >>> is_document_response({"Content-Type": "application/pdf"})
    True
    >>> is_document_response({"Content-Type": "application/octet-stream"})
    False
    >>> is_document_response({"Content-Type": "application/octet-stream",
    ...                       "Content-Disposition": 'attachment; filename="1.xls"'})
    True
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    ctype = lowered.get("content-type", "").strip()
    if not _DOCUMENT_TYPES.match(ctype):
        return "attachment" in lowered.get("content-disposition", "").lower()
    if ctype.lower().startswith("application/octet-stream"):
        return "attachment" in lowered.get("content-disposition", "").lower()
    return True
