"""Stories: one article republished by several outlets, grouped (MinHash + LSH over bodies).

County, city and provincial outlets reprint each other with small changes: a new headline,
a 来源 line, an editor's note, a paragraph cut, a few characters changed. Two articles are
*similar* when the Jaccard similarity of their bodies' character shingles, as estimated by
MinHash, reaches :data:`THRESHOLD`; a *story* is a connected group of similar articles.

The parts: :mod:`.minhash` (pure), :mod:`.grouping` (pure), :mod:`.index` (SQL).

- :func:`normalise` drops byline lines (来源/编辑/审核…), applies NFKC and removes whitespace
  and punctuation; :func:`signature` is the MinHash of its :data:`SHINGLE`-character
  shingles (:data:`PERMUTATIONS` values); :func:`band_keys` cuts it into :data:`BANDS` bands
  of :data:`ROWS` values: two articles are compared only when a band is equal (LSH).
- A body shorter than :data:`MIN_CHARS` normalised characters (a two-sentence notice) has no
  signature: it only joins an article whose normalised body is identical, so notices that
  share a template are not grouped.

>>> import sqlite_utils
>>> db = sqlite_utils.Database(memory=True)
>>> db.execute("create table articles (id integer primary key, site_id int, title, body,"
...            " published_at, first_seen)").close()
>>> ensure_story_tables(db)
>>> text = ("今年，颍川县计划新改建农村公路120公里，实施危桥改造8座，安装安全防护设施30公里，"
...         "进一步完善县乡村三级路网。\\n县交通运输局实行“一路一档”管理，对每个项目明确责任人和"
...         "完工时限，施工期间派驻质量监督人员全程盯守，确保工程质量。\\n目前，全县已实现所有具备"
...         "条件的行政村通硬化路、通客车，城乡公交一体化覆盖率达到100%。")
>>> rows = [(1, 1, text, "2024-03-05T09:00:00+08:00"),
...         (2, 2, "来源：许昌日报\\n" + text + "（编者按：转载时有删节）", "2024-03-05T15:30:00+08:00")]
>>> for id_, site, body, when in rows:
...     _ = db.execute("insert into articles (id, site_id, title, body, published_at, first_seen)"
...                    " values (?, ?, '', ?, ?, ?)", [id_, site, body, when, when])
...     _ = assign_story(db, id_)
>>> db.execute("select * from story_reprints").fetchall()
[(1, 1, 1, '2024-03-05T09:00:00+08:00', 2, 2, '2024-03-05T15:30:00+08:00', 6.5)]

Tables (:func:`ensure_story_tables`): ``stories``, ``articles.story_id``, ``story_signatures``
(the MinHash of each article, or the key of a short body), ``story_bands`` (one row per band,
``WITHOUT ROWID`` keyed by the band, so a lookup is one index probe) and the view
``story_reprints``. Changing :data:`SHINGLE`, :data:`BANDS` or :data:`ROWS` invalidates the
stored index: run :func:`rebuild_stories` (``scrapy stories --rebuild``) after.
"""

from .grouping import THRESHOLD, components, origin_key
from .index import (
    assign_story,
    ensure_story_tables,
    forget_article,
    rebuild_stories,
    refresh_story_of,
)
from .minhash import (
    BANDS,
    MIN_CHARS,
    PERMUTATIONS,
    ROWS,
    SHINGLE,
    band_keys,
    normalise,
    shingle_hashes,
    short_key,
    signature,
    signatures,
    similarity,
)

__all__ = [
    "BANDS",
    "MIN_CHARS",
    "PERMUTATIONS",
    "ROWS",
    "SHINGLE",
    "THRESHOLD",
    "assign_story",
    "band_keys",
    "components",
    "ensure_story_tables",
    "forget_article",
    "normalise",
    "origin_key",
    "rebuild_stories",
    "refresh_story_of",
    "shingle_hashes",
    "short_key",
    "signature",
    "signatures",
    "similarity",
]
