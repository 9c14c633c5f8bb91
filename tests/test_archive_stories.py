"""archive/stories/: shingles, MinHash, LSH, and stories kept in the archive."""

from __future__ import annotations

import random

import numpy as np
import pytest

from archive import open_archive, stories

LEAD = "今年，颍川县计划新改建农村公路{n}公里，实施危桥改造8座，安装安全防护设施30公里，进一步完善县乡村三级路网。"
PARAS = [
    "县交通运输局实行“一路一档”管理，对每个项目明确责任人和完工时限，施工期间派驻质量监督人员全程盯守，确保工程质量。",
    "在养护方面，颍川县全面推行“路长制”，设立县级路长、乡级路长和村级路长，聘用农村公路养护员30余名，实现了“有路必养、养必到位”。",
    "道路通了，产业也活了。张庄村依托新修的公路发展大棚蔬菜和乡村采摘，去年村集体经济收入突破50万元。",
    "目前，全县已实现所有具备条件的行政村通硬化路、通客车，城乡公交一体化覆盖率达到100%。",
]
OTHER = [
    "小麦进入抽穗扬花期，也是病虫害防控的关键窗口期。3月2日，颍川县召开小麦“一喷三防”工作推进会，对统防统治工作进行再部署。",
    "今年，县财政安排专项资金1200万元，对全县小麦实施“一喷三防”全覆盖，重点防控条锈病、赤霉病和蚜虫，同时防干热风、防早衰。",
    "各乡镇成立督导组，对作业进度和质量进行全程跟踪，作业完成后由群众签字确认，做到不漏一户、不漏一田。",
]
ROAD = "\n".join([LEAD.format(n=120), *PARAS])
WHEAT = "\n".join(OTHER)


def random_text(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x4E00 + 3000)) for _ in range(n))


@pytest.fixture
def db(tmp_path):
    db = open_archive(str(tmp_path / "archive.db"))
    stories.ensure_story_tables(db)
    with db.atomic():
        db.execute("insert into sites (id, name) values (1, 'a'), (2, 'b'), (3, 'c')")
    return db


def add(db, article_id: int, body: str, *, site: int = 1, published=None, seen=None, assign=True):
    with db.atomic():
        db.execute(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash,"
            " published_at, first_seen) values (?, ?, ?, ?, ?, ?, '', ?, ?)",
            [article_id, f"u{article_id}", f"u{article_id}", site, f"t{article_id}", body,
             published, seen or "2024-05-01T00:00:00+00:00"],
        )  # fmt: skip
        return stories.assign_story(db, article_id) if assign else None


def story_of(db, article_id: int) -> int | None:
    return db.execute("select story_id from articles where id = ?", [article_id]).fetchone()[0]


def partition(db) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for aid, sid in db.execute("select id, story_id from articles"):
        groups.setdefault(sid, set()).add(aid)
    return {frozenset(g) for g in groups.values()}


# ---------------------------------------------------------------------------- text


def test_normalise_drops_bylines_punctuation_and_width():
    body = "来源：许昌日报\n　　今年，颍川县（ＡＢ区）…\n责任编辑：刘佳　审核：高远\n编辑/韩雪"
    assert stories.normalise(body) == "今年颍川县ab区"


def test_normalise_keeps_long_lines_that_start_like_a_byline():
    line = "记者：" + "县里召开会议，部署防汛工作。" * 8
    assert stories.normalise(line).startswith("记者县里召开会议")


def test_shingles_are_stable_and_of_k_characters():
    a = stories.shingle_hashes("一二三四五六七")
    assert a.tolist() == stories.shingle_hashes("一二三四五六七").tolist()  # no random seed
    assert len(a) == 3
    assert stories.shingle_hashes("一二三四五六七", 3).size == 5
    assert stories.shingle_hashes("一二").size == 1  # shorter than k: one shingle
    assert stories.shingle_hashes("").size == 0


def test_batched_signatures_equal_one_by_one():
    rng = random.Random(1)
    texts = [random_text(rng, rng.randint(130, 900)) for _ in range(40)]
    batch = stories.signatures(texts)
    assert batch.shape == (40, stories.PERMUTATIONS)
    for i in (0, 17, 39):
        assert (batch[i] == stories.signature(texts[i])).all()
    assert (stories.signatures(["一二", texts[0]])[1] == batch[0]).all()  # short text path


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two normalised texts' shingle sets (the oracle)."""
    sa = set(stories.shingle_hashes(a).tolist())
    sb = set(stories.shingle_hashes(b).tolist())
    return len(sa & sb) / len(sa | sb) if sa or sb else 1.0


def test_exact_jaccard_of_the_oracle():
    assert jaccard("一二三四五六七", "一二三四五六八") == 0.5


def test_minhash_estimates_jaccard_within_binomial_error():
    rng = random.Random(2)
    errors = []
    for _ in range(60):
        base = random_text(rng, 800)
        cut = rng.randint(50, 700)
        other = base[:cut] + random_text(rng, rng.randint(10, 400))
        exact = jaccard(base, other)
        est = stories.similarity(stories.signature(base), stories.signature(other))
        errors.append(
            (est - exact) / max(np.sqrt(exact * (1 - exact) / stories.PERMUTATIONS), 1e-3)
        )
    errors = np.array(errors)
    assert abs(errors.mean()) < 0.5  # unbiased
    assert 0.6 < errors.std() < 1.5  # permutations behave as independent ones
    assert stories.similarity(stories.signature(ROAD), stories.signature(ROAD)) == 1.0


def test_lsh_bands_catch_similar_and_skip_dissimilar():
    rng = random.Random(3)
    base = random_text(rng, 1000)
    near = base[:900] + random_text(rng, 60)  # J about 0.83
    far = random_text(rng, 1000)
    keys = stories.band_keys(stories.signatures([base, near, far]))
    assert (keys[0] == keys[1]).any()
    assert not (keys[0] == keys[2]).any()
    assert keys.dtype == np.int64 and (keys[0] >> 56).tolist() == list(range(stories.BANDS))


def test_short_key_is_in_its_own_band():
    assert stories.short_key("停水通知") >> 56 == 127
    assert stories.short_key("停水通知") == stories.short_key("停水通知")


# ---------------------------------------------------------------------------- archive


def test_ensure_story_tables_is_idempotent(db):
    stories.ensure_story_tables(db)
    stories.ensure_story_tables(db)
    assert {"stories", "story_signatures", "story_bands"} <= set(db.table_names())
    assert "story_id" in db["articles"].columns_dict
    assert "story_reprints" in db.view_names()
    plan = db.execute(
        "explain query plan select article_id from story_bands where band_key in (1, 2)"
    ).fetchall()
    assert "USING PRIMARY KEY" in str(plan) or "USING COVERING INDEX" in str(plan)


def test_reprint_joins_the_story_and_others_do_not(db):
    s1 = add(db, 1, ROAD)
    s2 = add(db, 2, "来源：许昌日报\n" + ROAD.replace("8座", "九座") + "\n（本文有删节）", site=2)
    s3 = add(db, 3, WHEAT, site=2)
    assert s1 == s2 != s3
    row = db.execute("select article_count, site_count from stories where id = ?", [s1]).fetchone()
    assert tuple(row) == (2, 2)


def test_paragraph_cut_and_editor_note_still_group(db):
    add(db, 1, ROAD)
    cut = "\n".join(
        ["编者按：基层的好经验值得推广，现转发如下。", LEAD.format(n=120), *PARAS[:2], PARAS[3]]
    )
    assert add(db, 2, cut, site=2) == story_of(db, 1)


def test_same_topic_other_article_is_not_grouped(db):
    add(db, 1, ROAD)
    other = "\n".join(
        [
            LEAD.format(n=95),
            PARAS[3],
            OTHER[2],
            "县交通运输局负责人表示，将持续推动农村公路与产业、旅游融合发展。",
        ]
    )
    assert add(db, 2, other, site=2) != story_of(db, 1)


def test_short_notices_group_only_when_identical(db):
    notice = "因供水管网维修，{}将于5月3日8时至18时暂停供水，请广大用户提前做好储水准备。特此通知。"
    a = add(db, 1, notice.format("城关镇张庄村"))
    b = add(db, 2, notice.format("城关镇李湾村"), site=2)
    c = add(db, 3, "来源：颍川融媒\n" + notice.format("城关镇张庄村"), site=3)
    assert a != b and a == c
    assert (
        db.execute("select signature from story_signatures where article_id = 1").fetchone()[0]
        is None
    )


def test_tiny_bodies_are_never_grouped(db):
    assert add(db, 1, "详见附件。") != add(db, 2, "详见附件。", site=2)


def test_origin_is_the_earliest_published_and_view_gives_delay(db):
    add(db, 1, ROAD, published="2024-03-05T15:30:00+08:00")
    add(db, 2, "来源：河南日报\n" + ROAD, site=2, published="2024-03-05T09:00:00+08:00")
    add(db, 3, ROAD + "\n责任编辑：刘佳", site=3, published="2024-03-06")  # a day alone: 00:00
    add(db, 4, ROAD + "\n（完）", site=3, published=None, seen="2024-03-07T00:00:00+00:00")
    story = story_of(db, 1)
    first = db.execute("select first_article_id, first_published_at from stories").fetchone()
    assert tuple(first) == (2, "2024-03-05T09:00:00+08:00")
    rows = db.execute(
        "select reprint_article_id, origin_article_id, origin_site_id, reprint_site_id,"
        " delay_hours from story_reprints where story_id = ? order by 1",
        [story],
    ).fetchall()
    assert [tuple(r) for r in rows] == [(1, 2, 2, 1, 6.5), (3, 2, 2, 3, 15.0), (4, 2, 2, 3, None)]


def test_the_origin_is_the_earliest_published_member_when_any_has_a_date(db):
    # Seen first, but undated: when a crawl saw an article says nothing of when it appeared.
    add(db, 1, ROAD, published="2024-03-05T15:30:00+08:00")
    add(db, 2, ROAD + "\n（完）", site=2, published=None, seen="2024-03-04T00:00:00+00:00")
    origin = ("select first_article_id, first_published_at from stories",)
    assert db.execute(*origin).fetchone() == (1, "2024-03-05T15:30:00+08:00")
    stories.rebuild_stories(db)
    assert db.execute(*origin).fetchone() == (1, "2024-03-05T15:30:00+08:00")


def test_origin_falls_back_to_first_seen_when_no_member_has_a_date(db):
    add(db, 1, ROAD, published=None, seen="2024-03-05T00:00:00+00:00")
    add(db, 2, ROAD + "\n（完）", site=2, published=None, seen="2024-03-04T00:00:00+00:00")
    assert db.execute("select first_article_id, first_published_at from stories").fetchone() == (
        2,
        "2024-03-04T00:00:00+00:00",
    )


def test_an_article_that_links_two_stories_merges_them(db):
    rng = random.Random(4)
    p, q, r = random_text(rng, 300), random_text(rng, 250), random_text(rng, 300)
    a = add(db, 1, p + q)
    b = add(db, 2, q + r, site=2)  # Jaccard with the first 0.29: another story
    assert a != b
    bridge = add(db, 3, p + q + r, site=3)  # 0.65 with each
    assert bridge == a == story_of(db, 2)
    assert db.execute("select count(*) from stories").fetchone()[0] == 1
    assert tuple(db.execute("select article_count, site_count from stories").fetchone()) == (3, 3)
    merged = partition(db)
    stories.rebuild_stories(db)
    assert partition(db) == merged


def test_merge_with_a_lower_threshold(db):
    rng = random.Random(5)
    left, right = random_text(rng, 500), random_text(rng, 500)
    for i, body in enumerate([left + random_text(rng, 50), right + random_text(rng, 50)], 1):
        add(db, i, body, site=i)
    with db.atomic():
        db.execute(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash)"
            " values (3, 'u3', 'u3', 3, 't', ?, '')",
            [left + right],
        )
        story = stories.assign_story(db, 3, threshold=0.3)
    assert story == story_of(db, 1) == story_of(db, 2) == 1
    assert [r[0] for r in db.execute("select id from stories")] == [1]


def test_incremental_equals_rebuild(db):
    rng = random.Random(6)
    bases = [random_text(rng, rng.randint(200, 900)) for _ in range(25)]
    i = 0
    for base in bases:
        for _ in range(rng.randint(1, 4)):
            i += 1
            cut = rng.randint(0, len(base) // 5)
            add(
                db,
                i,
                random_text(rng, 5) + base[cut:] + random_text(rng, 20),
                site=rng.randint(1, 3),
            )
    incremental = partition(db)
    counts = db.execute("select count(*) from stories").fetchone()[0]
    assert stories.rebuild_stories(db) == counts == len(incremental)
    assert partition(db) == incremental
    assert len(incremental) < i  # reprints were grouped


def test_rebuild_numbers_stories_and_writes_counts(db):
    add(db, 1, WHEAT, assign=False)
    add(db, 2, ROAD, assign=False)
    add(db, 3, "来源：许昌日报\n" + ROAD, site=2, assign=False)
    assert stories.rebuild_stories(db) == 2
    assert [
        tuple(r)
        for r in db.execute("select id, first_article_id, article_count, site_count from stories")
    ] == [
        (1, 1, 1, 1),
        (2, 2, 2, 2),
    ]
    assert stories.rebuild_stories(db) == 2  # again: same result
    assert db.execute("select count(*) from story_signatures").fetchone()[0] == 3


def test_forget_removes_index_rows_and_splits_the_story(db):
    rng = random.Random(7)
    p, q, r = random_text(rng, 300), random_text(rng, 250), random_text(rng, 300)
    add(db, 1, p + q)
    add(db, 2, q + r, site=2)
    add(db, 3, p + q + r, site=3)  # the bridge
    assert story_of(db, 1) == story_of(db, 2)
    before = db.execute("select count(*) from story_bands").fetchone()[0]
    stories.forget_article(db, 3)
    assert db.execute("select count(*) from story_bands").fetchone()[0] == before - stories.BANDS
    assert (
        db.execute("select count(*) from story_signatures where article_id = 3").fetchone()[0] == 0
    )
    assert story_of(db, 3) is None
    assert story_of(db, 1) != story_of(db, 2)
    assert db.execute("select sum(article_count) from stories").fetchone()[0] == 2


def test_updated_article_moves_to_its_new_story(db):
    add(db, 1, ROAD)
    add(db, 2, WHEAT, site=2)
    add(db, 3, ROAD + "\n（完）", site=3)
    assert story_of(db, 3) == story_of(db, 1)
    with db.atomic():
        db.execute("update articles set body = ? where id = 3", [WHEAT + "\n来源：颍川融媒"])
        story = stories.assign_story(db, 3)  # forgets the old text first
    assert story == story_of(db, 2) != story_of(db, 1)
    assert (
        db.execute("select article_count from stories where id = ?", [story_of(db, 1)]).fetchone()[
            0
        ]
        == 1
    )
    assert db.execute("select count(*) from story_signatures").fetchone()[0] == 3
    again = partition(db)
    stories.rebuild_stories(db)
    assert partition(db) == again


def test_assign_again_with_the_same_text_keeps_the_story(db):
    add(db, 1, ROAD)
    story = add(db, 2, ROAD, site=2)
    with db.atomic():
        db.execute("update articles set published_at = '2020-01-01' where id = 2")
        assert stories.assign_story(db, 2) == story
    assert db.execute("select first_article_id from stories").fetchone()[0] == 2


def test_assign_joins_the_callers_transaction(db):
    with pytest.raises(RuntimeError), db.atomic():
        db.execute(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash)"
            " values (1, 'u1', 'u1', 1, 't', ?, '')",
            [ROAD],
        )
        stories.assign_story(db, 1)
        raise RuntimeError("the archive's batch failed")
    assert db.execute("select count(*) from stories").fetchone()[0] == 0
    assert db.execute("select count(*) from story_bands").fetchone()[0] == 0


def test_unknown_article_raises(db):
    with pytest.raises(KeyError):
        stories.assign_story(db, 99)


def test_a_story_reprinted_everywhere_stays_one_story(db):
    rows = [
        (i, f"u{i}", f"u{i}", 1 + i % 3, "t", ROAD + f"\n来源：第{i}家媒体", "")
        for i in range(1, 151)
    ]
    with db.atomic():
        db.conn.executemany(
            "insert into articles (id, url, url_key, site_id, title, body, body_hash)"
            " values (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    assert stories.rebuild_stories(db) == 1  # buckets over 64 members: compared with heads
    assert db.execute("select article_count, site_count from stories").fetchone() == (150, 3)
