"""Stories at scale: group 1,000,000 generated articles, then add 10,000 incrementally.

    .venv/bin/python -m bench.stories [--articles 1000000] [--new 10000] [--keep]

Articles are 300-1500 characters of words drawn from a fixed-seed vocabulary of Chinese
words (cheap to generate, realistic in length and in the variety of shingles); 5% of them
are the origins of planted reprint groups of 2-8 articles, each reprint edited like
bench/stories_eval.py (来源 line, editor's note, paragraph cut, characters changed, ...).
Each step runs in a fresh process, so its peak memory (``ru_maxrss``) is its own:

1. generate the archive (bench/out/stories.db, deleted after unless ``--keep``);
2. ``rebuild_stories`` from scratch;
3. ``--new`` more articles (a quarter of them reprints of archived ones), written in
   batches of 100 per transaction with ``assign_story`` after each, as the crawl does;
4. precision/recall of the grouping against the planted groups (pairs of articles), and,
   up to 200,000 articles, that a second rebuild gives the same grouping as the increments.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "bench" / "out"
SEED = 11
_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你"
    "对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵"
)


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    """``size`` distinct words of 1-4 common characters (mostly 2, as in Chinese text)."""
    words: set[str] = set()
    while len(words) < size:
        n = rng.choice((1, 2, 2, 2, 2, 3, 3, 4))
        words.add("".join(rng.choice(_COMMON) for _ in range(n)))
    return sorted(words)


class Generator:
    """Articles of random words; planted reprint groups; the label of every article."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.vocab = np.array(vocabulary(self.rng), dtype=object)

    def body(self) -> str:
        chars, paras = self.rng.randint(300, 1500), []
        while chars > 0:
            words = self.vocab[self.np.integers(0, len(self.vocab), 45)]
            sentences = ["".join(words[i : i + 15]) for i in (0, 15, 30)]
            para = "，".join(sentences[:2]) + "。" + sentences[2] + "。"
            paras.append(para)
            chars -= len(para)
        return "\n".join(paras)


def _rss_mb() -> tuple[float, float]:
    """Peak memory of this step, MB: ``ru_maxrss`` and ``VmHWM`` (the peak of this process
    image alone: Linux carries ``ru_maxrss`` over from the parent through fork and exec)."""
    status = Path("/proc/self/status")
    hwm = next(
        (int(ln.split()[1]) for ln in status.read_text().splitlines() if ln.startswith("VmHWM")),
        0,
    )
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, hwm / 1024


def _insert(db, rows: list[tuple]) -> None:
    db.conn.executemany(
        "insert into articles (id, url, url_key, site_id, title, body, body_hash,"
        " published_at, first_seen) values (?, ?, ?, ?, ?, ?, '', ?, ?)",
        [(i, f"u{i}", f"u{i}", site, f"t{i}", body, when, when) for i, site, body, when in rows],
    )


def _when(i: int, hours: float = 0.0) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(1.7e9 + i * 30 + hours * 3600))


def step_generate(path: str, articles: int) -> dict:
    """Write ``articles`` articles, 5% of them origins of planted groups; returns labels."""
    from archive import open_archive
    from archive.stories import ensure_story_tables
    from bench.stories_eval import reprint

    started = time.perf_counter()
    gen = Generator()
    db = open_archive(path)
    ensure_story_tables(db)
    with db.atomic():
        db.conn.executemany(
            "insert into sites (id, name) values (?, ?)", [(s, f"site{s}") for s in range(1, 2001)]
        )
    labels = np.arange(1, articles + 1, dtype=np.int64)
    i, rows = 1, []
    while i <= articles:
        body, label = gen.body(), i
        group = gen.rng.randint(2, 8) if gen.rng.random() < 0.05 else 1
        for k in range(min(group, articles - i + 1)):
            text = body if k == 0 else "\n".join(reprint(gen.rng, body.split("\n"))[0])
            labels[i - 1] = label
            rows.append((i, gen.rng.randint(1, 2000), text, _when(i, 3.5 * k)))
            i += 1
        if len(rows) >= 5000:
            with db.atomic():
                _insert(db, rows)
            rows = []
    with db.atomic():
        _insert(db, rows)
    db.conn.close()
    return {"seconds": time.perf_counter() - started, "rss": _rss_mb(), "labels": labels}


def step_rebuild(path: str) -> dict:
    from archive import open_archive
    from archive.stories import rebuild_stories

    db = open_archive(path)
    started = time.perf_counter()
    n = rebuild_stories(db)
    seconds = time.perf_counter() - started
    ids = np.array(db.execute("select story_id from articles order by id").fetchall())[:, 0]
    return {"seconds": seconds, "rss": _rss_mb(), "stories": n, "groups": ids}


def step_incremental(path: str, start: int, new: int, labels: np.ndarray) -> dict:
    """``new`` articles from id ``start``: a quarter reprint an archived article."""
    from archive import open_archive
    from archive.stories import assign_story
    from bench.stories_eval import reprint

    gen = Generator(SEED + 1)
    db = open_archive(path)
    labels = np.concatenate([labels, np.zeros(new, dtype=np.int64)])
    bodies = {}
    started = time.perf_counter()
    for first in range(start, start + new, 100):
        with db.atomic():  # the archive's batch transaction
            for i in range(first, min(first + 100, start + new)):
                if gen.rng.random() < 0.25:
                    of = gen.rng.randint(1, i - 1)
                    text = (
                        bodies.get(of)
                        or db.execute("select body from articles where id = ?", [of]).fetchone()[0]
                    )
                    text = "\n".join(reprint(gen.rng, text.split("\n"))[0])
                    labels[i - 1] = labels[of - 1]
                else:
                    text, labels[i - 1] = gen.body(), i
                bodies[i] = text
                _insert(db, [(i, gen.rng.randint(1, 2000), text, _when(i))])
                assign_story(db, i)
    seconds = time.perf_counter() - started
    groups = np.array(db.execute("select story_id from articles order by id").fetchall())[:, 0]
    return {"seconds": seconds, "rss": _rss_mb(), "labels": labels, "groups": groups}


def pair_scores(labels: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """Pair precision and recall of ``groups`` against ``labels`` (counts, not pairs)."""

    def pairs(counts: np.ndarray) -> int:
        return int((counts * (counts - 1) // 2).sum())

    both = np.unique(np.stack([labels, groups], axis=1), axis=0, return_counts=True)[1]
    hit = pairs(both)
    found = pairs(np.unique(groups, return_counts=True)[1])
    truth = pairs(np.unique(labels, return_counts=True)[1])
    return hit / max(found, 1), hit / max(truth, 1)


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings group the items alike (ids may differ)."""
    pairs = np.unique(np.stack([a, b], axis=1), axis=0)
    return len(pairs) == len(np.unique(a)) == len(np.unique(b))


def run(step, *args) -> dict:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(step, *args).result()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep bench/out/stories.db")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "stories.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    gen = run(step_generate, str(path), args.articles)
    print(f"generated {args.articles} articles in {gen['seconds']:.0f} s", flush=True)
    full = run(step_rebuild, str(path))
    p, r = pair_scores(gen["labels"], full["groups"])
    inc = run(step_incremental, str(path), args.articles + 1, args.new, gen["labels"])
    p2, r2 = pair_scores(inc["labels"], inc["groups"])
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    print(f"\n{args.articles} articles ({size / 2**30:.2f} GiB archive with the index)\n")
    print("| step | seconds | peak memory: ru_maxrss / VmHWM | stories | precision | recall |")
    print("|---|---|---|---|---|---|")
    print(
        f"| rebuild_stories, {args.articles} articles | {full['seconds']:.0f} |"
        f" {full['rss'][0]:.0f} / {full['rss'][1]:.0f} MB | {full['stories']} | {p:.4f} | {r:.4f} |"
    )
    print(
        f"| assign_story × {args.new} (batches of 100) | {inc['seconds']:.1f}"
        f" ({inc['seconds'] / args.new * 1000:.2f} ms each) | {inc['rss'][0]:.0f} / {inc['rss'][1]:.0f} MB |"
        f" {len(np.unique(inc['groups']))} | {p2:.4f} | {r2:.4f} |"
    )
    ok = max(full["rss"] + inc["rss"]) <= 2048
    print(f"\nmain process: ru_maxrss {_rss_mb()[0]:.0f} MB")
    if args.articles <= 200_000:
        again = run(step_rebuild, str(path))
        same = same_partition(inc["groups"], again["groups"])
        print(f"\nincremental grouping equals a rebuild: {same}")
        ok = ok and same
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
