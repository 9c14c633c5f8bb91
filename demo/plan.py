"""The plan of the demo portal: which articles each section has, on which dates, under
which URLs, and the special cases the crawl tests look for (the seed article, the undated
pages, the reprint, the 404 and 500 entries, the photos). demo/pages/ only renders it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from demo import content as C
from demo.attachments import attach
from demo.portal import SECTION, SECTIONS, Article, Dead, Section
from demo.rng import Rng
from demo.story import write_story

# Topics of the generated articles, in date order, per section.
TOPIC_PLAN = {
    "xwzx": [
        "projects", "enterprise_service", "schools", "spring_farming", "rural_roads",
        "health", "gov_services", "tourism", "rural_revival", "employment", "culture",
        "safety", "forest_fire", "projects", "environment", "elderly", "wheat_protection",
        "flood_control", "sports",
    ],
    "zwdt": [
        "party_building", "enterprise_service", "elections", "spring_farming",
        "gov_services", "safety", "public_security", "rural_roads", "party_building",
        "projects", "environment", "forest_fire", "elections", "health", "flood_control",
        "elderly", "schools", "rural_revival", "wheat_protection",
    ],
    "bdxw": [
        "culture", "civilization", "health", "schools", "spring_farming", "tourism",
        "sports", "rural_revival", "environment", "civilization", "tourism", "culture",
        "employment", "public_security", "forest_fire", "rural_roads", "enterprise_service",
        "elderly", "civilization", "wheat_protection",
    ],
    "tzgg": [
        "gov_services", "safety", "water_supply", "employment", "road_works",
        "housing_security", "recruitment",
    ],
    "ztbd": [
        "party_building", "flood_control", "elections", "sports", "water_supply",
        "road_works", "recruitment", "water_supply", "road_works", "recruitment",
    ],
}  # fmt: skip
# 专题报道 articles split over pages: index -> (pages, how they are reached).
SPLIT = {1: (2, "links"), 3: (3, "createPageHTML"), 5: (2, "query"), 7: (3, "query"),
         8: (2, "createPageHTML")}  # fmt: skip

SEED_SLOT = 1  # xwzx: the seed article, second oldest
REPRINT_OF = 12  # xwzx: the story 政务动态 reprints a day later
NO_DATE = {"zwdt": 6, "bdxw": 9}  # articles whose page shows no date (besides the seed)
BROKEN_AFTER = ("zwdt", 10)  # a 政务动态 list entry pointing at a page that does not exist
ERROR_AFTER = ("bdxw", 13)  # a 本地新闻 list entry the server answers with HTTP 500
PHOTO_EVERY = 3  # every third 本地新闻 article carries a photo
RICH = {("xwzx", REPRINT_OF + 1), ("zwdt", 9), ("bdxw", 2)}  # long stories (8 paragraphs)
STARTS = {  # the oldest article of each section
    "xwzx": dt.datetime(2023, 1, 29, 10, 21),
    "zwdt": dt.datetime(2023, 1, 31, 16, 5),
    "bdxw": dt.datetime(2023, 2, 3, 9, 12),
    "tzgg": dt.datetime(2023, 2, 1, 9, 30),
    "ztbd": dt.datetime(2023, 2, 2, 15, 40),
}
SEED_WHEN = dt.datetime(2023, 1, 30, 11, 8)  # the seed's list date (its page shows none)
FIRST_ID = {
    "xwzx": 1001,
    "zwdt": 3541,
    "bdxw": 8796,
    "tzgg": 6001,
    "ztbd": 2101,
}  # article IDs, as each CMS numbers them
HOT = (5, 11, 19, 26, 33, 41, 52)  # 热门文章 after the seed: these, counted from the oldest
NEWEST = 10  # 最新文章 on the home page and items of the RSS feed


@dataclass
class Portal:
    """The planned portal: the articles per section and the views the pages share."""

    sections: dict[str, list[Article]]  # per section key, oldest first
    dead: list[Dead]  # the list entries without a working article (404, 500)
    documents: dict[str, bytes] = field(default_factory=dict)  # the attachments' files

    @property
    def everything(self) -> list[Article]:
        """Every article, section after section."""
        return [a for s in SECTIONS for a in self.sections[s.key]]

    @property
    def chronological(self) -> list[Article]:
        """Every article of the sections linked with <a>, oldest first (the ID breaks a
        tie): the home page, 热门文章, the sitemap and the feed show only these, so that
        the scripted sections' articles are found through their scripts or not at all."""
        linked = [a for s in SECTIONS if not s.scripted for a in self.sections[s.key]]
        return sorted(linked, key=lambda a: (a.when, a.aid))

    @property
    def newest(self) -> list[Article]:
        """The newest articles that show their date (an undated one has no place in a feed)."""
        return [a for a in reversed(self.chronological) if a.dated][:NEWEST]

    @property
    def seed(self) -> Article:
        return next(a for a in self.everything if a.kind == "seed")

    @property
    def reprint(self) -> Article:
        return next(a for a in self.everything if a.kind == "reprint")

    @property
    def original(self) -> Article:
        """The article the reprint copies."""
        reprint = self.reprint
        return next(
            a for a in self.everything if a.kind == "news" and a.paragraphs == reprint.paragraphs
        )

    @property
    def hot(self) -> list[Article]:
        """热门文章 on every page: the seed first, then articles spread over the months."""
        chrono = self.chronological
        return [self.seed] + [chrono[i] for i in HOT]

    @property
    def in_sitemap(self) -> list[Article]:
        """Every other article: a sitemap that lists only part of a site is the usual case."""
        return self.chronological[::2]

    def dead_entry(self, kind: str) -> Dead:
        return next(d for d in self.dead if d.kind == kind)

    def entries(self, sec: Section) -> list[Article | Dead]:
        """The list entries of a section, newest first, the dead ones among them."""
        entries: list[Article | Dead] = [*self.sections[sec.key]]
        entries += [d for d in self.dead if d.section is sec]
        # A dead entry has no ID; it sorts as 0 (after an article of the same minute).
        entries.sort(key=lambda e: (e.when, getattr(e, "aid", 0)), reverse=True)
        return entries

    def list_pages(self, sec: Section) -> list[str]:
        """The URLs of the list pages of a section, first page first."""
        if sec.pager == "jpage":  # one column page; the dataproxy serves the rest
            return [sec.list_url(1)]
        pages = -(-len(self.entries(sec)) // sec.per_page)
        return [sec.list_url(p) for p in range(1, pages + 1)]


def _dates(key: str, start: dt.datetime, count: int) -> list[dt.datetime]:
    """``count`` publication times from ``start`` on, three to six days apart, office hours."""
    rng = Rng("dates", key)
    day, out = start, []
    for i in range(count):
        if i == 0:
            out.append(start)
        else:
            out.append(day.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59)))
        day += dt.timedelta(days=rng.randint(3, 6))
    return out


def plan() -> Portal:
    """Every article of every section (date order, texts and URLs set) and the dead entries."""
    sections: dict[str, list[Article]] = {}
    for sec in SECTIONS:
        topics = list(TOPIC_PLAN[sec.key])
        if sec.key == "xwzx":
            topics.insert(SEED_SLOT, "seed")
        dates = _dates(sec.key, STARTS[sec.key], len(topics))
        arts = []
        for i, (topic, when) in enumerate(zip(topics, dates, strict=True)):
            art = Article(sec, when, topic=topic)
            if topic == "seed":
                art.kind, art.dated, art.when = "seed", False, SEED_WHEN
            if NO_DATE.get(sec.key) == i:
                art.dated = False
            arts.append(art)
        sections[sec.key] = arts

    # The reprint: 政务动态 republishes a 新闻中心 story the next afternoon.
    original = sections["xwzx"][REPRINT_OF + (REPRINT_OF >= SEED_SLOT)]
    reprint = Article(
        SECTION["zwdt"],
        (original.when + dt.timedelta(days=1)).replace(hour=15, minute=30),
        kind="reprint",
        topic=original.topic,
    )
    sections["zwdt"].append(reprint)
    sections["zwdt"].sort(key=lambda a: a.when)

    # Text: the n-th use of a topic (over all sections) picks other headline, lead and parts.
    uses: dict[str, int] = {}
    for sec in SECTIONS:
        for i, art in enumerate(sections[sec.key]):
            if art.kind == "seed":
                art.title, art.paragraphs = C.SEED_TITLE, list(C.SEED_PARAGRAPHS)
                art.source = art.editor = C.SEED_SOURCE
                continue
            if art.kind == "reprint":
                continue
            use = uses.get(art.topic, 0)
            uses[art.topic] = use + 1
            photo = sec.key == "bdxw" and i % PHOTO_EVERY == 1
            rich = (sec.key, i) in RICH or (sec.key == "ztbd" and i in SPLIT)
            if sec.key == "ztbd" and i in SPLIT:
                art.pages, art.page_style = SPLIT[i]
            write_story(art, use, Rng("story", sec.key, i), photo=photo, rich=rich)
    assert original.topic == "forest_fire", original.topic
    reprint.paragraphs = list(original.paragraphs)
    reprint.title = C.REPRINT_TITLE
    reprint.source = "颍川县融媒体中心"

    # IDs grow with the date, with gaps (other columns share the counter); URLs follow.
    dead: list[Dead] = []
    for sec in SECTIONS:
        rng = Rng("ids", sec.key)
        aid = FIRST_ID[sec.key]
        for i, art in enumerate(sections[sec.key]):
            art.aid = aid
            art.url = sec.article_url(art.when if art.dated else None, aid)
            if art.image is not None:
                art.image["url"] = (
                    f"/uploads/allimg/{art.when:%y%m%d}/1-{art.when:%y%m%d%H%M}{aid % 97:02d}.jpg"
                )
            if (sec.key, i) in (BROKEN_AFTER, ERROR_AFTER):
                when = art.when + dt.timedelta(days=1, hours=2)
                kind = "broken" if (sec.key, i) == BROKEN_AFTER else "error"
                title = C.BROKEN_LINK_TITLE if kind == "broken" else C.ERROR_500_TITLE
                dead.append(Dead(sec, when, title, sec.article_url(when, aid + 1), kind))
            aid += rng.randint(2, 5)

    # 相关阅读: three neighbours in the same section.
    for key, arts in sections.items():
        if SECTION[key].scripted:  # linked from nowhere but their own lists
            continue
        n = len(arts)
        for i, art in enumerate(arts):
            art.related = [arts[(i + d) % n] for d in (1, 2, -1)]
    return Portal(sections, dead, attach(sections))
