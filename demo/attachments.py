"""The attachments (附件) of the demo portal's government-style articles: which articles
link which documents (demo/texts/attachments.toml), under the URL shapes of Hanweb's
download script, a direct link and TRS's P0…-named files, and the documents themselves,
small and real: a one-page PDF, a .docx (a zip of WordprocessingML) and an .xls (Excel's
XML Spreadsheet 2003). Deterministic: the same bytes on every build."""

from __future__ import annotations

import hashlib
import io
import zipfile
from html import escape

from demo import content as C
from demo.portal import Article

__all__ = ["attach", "document"]

PLAN = C.load("attachments")["article"]
_ZIP_TIME = (2023, 2, 3, 10, 0, 0)


def _pdf(title: str) -> bytes:
    """A valid one-page PDF showing ``title`` (ASCII), its xref table computed."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


def _docx(text: str) -> bytes:
    """A minimal Word document (the three parts Word needs) with one paragraph."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), xml.encode("utf-8"))
    return out.getvalue()


def _xls(text: str) -> bytes:
    """An Excel workbook in XML Spreadsheet 2003, as office systems export .xls files."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        '<Worksheet ss:Name="Sheet1"><Table>\n'
        f'<Row><Cell><Data ss:Type="String">{escape(text)}</Data></Cell></Row>\n'
        '<Row><Cell><Data ss:Type="String">序号</Data></Cell>'
        '<Cell><Data ss:Type="String">项目名称</Data></Cell></Row>\n'
        "</Table></Worksheet>\n</Workbook>\n"
    ).encode()


def document(kind: str, text: str, title: str) -> bytes:
    """The bytes of a document of ``kind`` (pdf, docx, xls)."""
    if kind == "pdf":
        return _pdf(title)
    if kind == "docx":
        return _docx(text)
    if kind == "xls":
        return _xls(text)
    raise ValueError(f"no such document kind: {kind}")


def _url(art: Article, link: str, kind: str, n: int) -> tuple[str, str]:
    """(site path as linked, file name) of the ``n``-th attachment of ``art``."""
    stamp = f"{art.when:%y%m%d%H%M}{art.aid % 1000:03d}{n}"
    if link == "hanweb":
        name = f"{stamp}.{kind}"
        return f"/module/download/downfile.jsp?classid=0&filename={name}", name
    if link == "trs":
        name = f"P0{art.when:%Y%m%d}{art.aid:07d}{n}.{kind}"
        return art.url.rsplit("/", 1)[0] + "/" + name, name
    name = f"{stamp}.{kind}"
    return f"/picture/0/{name}", name


def attach(sections: dict[str, list[Article]]) -> dict[str, bytes]:
    """Give the planned articles their attachments; returns the documents' files (site
    path -> bytes; a download script's file is named after its query)."""
    files = {}
    for entry in PLAN:
        art = sections[entry["section"]][entry["index"]]
        for n, spec in enumerate(entry["files"], start=1):
            url, name = _url(art, spec["link"], spec["type"], n)
            data = document(spec["type"], spec["text"], spec["title"])
            files[url] = data
            art.attachments.append({
                "url": url, "text": spec["text"], "file_name": name, "type": spec["type"],
                "size": len(data), "sha1": hashlib.sha1(data).hexdigest(),
            })  # fmt: skip
    return files
