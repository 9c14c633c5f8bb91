"""Decode page bytes to text: declared, undeclared and wrongly declared charsets.

Chinese portals declare gb2312 while serving GBK or GB18030, declare utf-8 while serving
GBK, or declare nothing. The declared charset is trusted only when the bytes agree with it.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from core.text import HAN

# The most frequent characters of Chinese news text, simplified and traditional: a decoding
# that yields these is right; a wrong one yields rare characters (mojibake).
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打"
    "白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今"
    "集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近"
    "矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
    "存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听"
    "该铁价严镇乡村街区域项目企业推进开展工作会议领导干部群众服务建设发展经济社会文化教育卫生"
    "這個國們時來說對會後過為發實體點從當應還裡兩與關問條總長頭邊級圖統見計別則據處隊給門現開"
    "電學義產種面動經進們將氣運農區強放決戰樣機論專狀學網報導區縣鄉鎮銷買賣讓請讀書記錄"
)
_CANDIDATES = ("utf-8", "gb18030", "big5hkscs")
_SAMPLE = 200_000


def _normalise(name: str | None) -> str | None:
    if not name:
        return None
    name = resolve_encoding(name)
    if not name:
        return None
    return codecs.lookup(name).name


def _errors(data: bytes, encoding: str) -> int:
    text = data.decode(encoding, errors="replace")
    return text.count("\ufffd")


def _commonness(data: bytes, encoding: str) -> float:
    text = data.decode(encoding, errors="replace")
    cjk = HAN.findall(text)
    if not cjk:
        return 0.0
    return sum(c in _COMMON for c in cjk) / len(cjk)


def _sample(data: bytes) -> bytes:
    """A prefix, cut back so that a multi-byte character is not split at its end."""
    if len(data) <= _SAMPLE:
        return data
    cut = data[:_SAMPLE]
    end = cut.rfind(b"\n")
    return cut[: end + 1] if end > 0 else cut


def _pick(sample: bytes, declared: list[str]) -> str:
    scored = []
    for rank, enc in enumerate(dict.fromkeys([*declared, *_CANDIDATES])):
        errors = _errors(sample, enc)
        scored.append((errors, enc, rank))
    fewest = min(e for e, _, _ in scored)
    # Tolerate a few broken bytes (a truncated page, one bad character) in a declaration.
    slack = max(2, len(sample) // 5000)
    viable = [(enc, rank) for e, enc, rank in scored if e <= fewest + slack]
    if len(viable) == 1:
        return viable[0][0]
    common = {enc: _commonness(sample, enc) for enc, _ in viable}
    best = max(common.values())
    for enc, _ in sorted(viable, key=lambda v: v[1]):
        if common[enc] >= best - 0.15:
            return enc
    return viable[0][0]


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding) for page bytes and the HTTP Content-Type header.

    GB2312 and GBK are decoded as GB18030, their superset.

    >>> decode_html("发布时间".encode("gbk"), "text/html; charset=utf-8")[1]
    'gb18030'
    >>> decode_html("发布时间".encode("utf-8"), "text/html; charset=gb2312")[1]
    'utf-8'
    """
    bom, bom_body = read_bom(body)
    if bom:
        enc = _normalise(bom)
        return body[len(bom_body) :].decode(enc, errors="replace"), enc
    declared = [
        e
        for e in (
            _normalise(http_content_type_encoding(content_type)),
            _normalise(html_body_declared_encoding(body[:4096])),
        )
        if e
    ]
    sample = _sample(body)
    if sample.isascii():
        enc = declared[0] if declared else "utf-8"
        if len(sample) == len(body) or body.isascii():
            return body.decode(enc, errors="replace"), enc
        sample = body
    # Valid UTF-8 with non-ASCII text is almost never anything else, whatever is declared.
    enc = "utf-8" if _errors(sample, "utf-8") <= 1 else _pick(sample, declared)
    return body.decode(enc, errors="replace"), enc
