"""A generated county portal for benchmarks: N articles in sections of paginated lists,
made on request from the URL (nothing on disk), served on 127.0.0.1.

    python bench/portal_server.py --articles 10000 --port 8790
"""

from __future__ import annotations

import argparse
import http.server
import random
from datetime import date, timedelta

SECTIONS = 10
PER_LIST = 50
WORDS = [
    "县委",
    "县政府",
    "召开",
    "会议",
    "部署",
    "重点",
    "项目",
    "建设",
    "乡村",
    "振兴",
    "产业",
    "发展",
    "群众",
    "服务",
    "经济",
    "运行",
    "招商",
    "引资",
    "企业",
    "复工",
    "复产",
    "农业",
    "农村",
    "道路",
    "学校",
    "教育",
    "卫生",
    "健康",
    "文化",
    "旅游",
    "生态",
    "环境",
    "治理",
    "防汛",
    "安全",
    "生产",
    "干部",
    "工作",
    "推进",
    "落实",
    "提升",
    "完善",
    "加强",
    "开展",
    "活动",
    "推动",
    "实现",
    "目标",
]
START = date(2023, 1, 1)


def article_path(n: int) -> str:
    day = START + timedelta(days=n % 365)
    return f"/s{n % SECTIONS}/{day:%Y%m}/t{day:%Y%m%d}_{n}.html"


def paragraph(rng: random.Random) -> str:
    return (
        "，".join(
            "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 6)))
            for _ in range(rng.randint(3, 6))
        )
        + "。"
    )


def chrome(title: str, inner: str) -> str:
    nav = "".join(f'<li><a href="/s{s}/index.html">栏目{s}</a></li>' for s in range(SECTIONS))
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}_示例县融媒体中心"
        f"</title></head><body><div class='header'><ul class='nav'>{nav}</ul></div>"
        f"<div class='main'>{inner}</div><div class='footer'>版权所有 © 2023 示例县融媒体中心 "
        f"ICP备12345678号</div></body></html>"
    )


def article_page(n: int, total: int) -> str:
    rng = random.Random(n)
    day = START + timedelta(days=n % 365)
    title = "".join(rng.choice(WORDS) for _ in range(5)) + f"（第{n}期）"
    body = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(4, 8)))
    related = "".join(
        f'<li><a href="{article_path((n + k * 7) % total)}">相关报道标题{(n + k * 7) % total}号</a></li>'
        for k in range(1, 4)
    )
    inner = (
        f"<div class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/s{n % SECTIONS}/index.html'>"
        f"栏目{n % SECTIONS}</a></div><h1>{title}</h1><div class='info'>发布时间：{day:%Y-%m-%d} 10:00"
        f" 来源：示例县融媒体中心</div><div class='content'>{body}</div>"
        f"<div class='related'><h3>相关阅读</h3><ul>{related}</ul></div>"
    )
    return chrome(title, inner)


def list_page(section: int, page: int, total: int) -> str:
    ids = [n for n in range(total) if n % SECTIONS == section]
    pages = max(1, -(-len(ids) // PER_LIST))
    chunk = ids[page * PER_LIST : (page + 1) * PER_LIST]
    items = "".join(
        f"<li><a href='{article_path(n)}'>文章标题{n}</a><span>"
        f"{START + timedelta(days=n % 365):%Y-%m-%d}</span></li>"
        for n in chunk
    )
    nxt = f"<a href='/s{section}/index_{page + 1}.html'>下一页</a>" if page + 1 < pages else ""
    return chrome(f"栏目{section}", f"<ul class='list'>{items}</ul><div class='page'>{nxt}</div>")


def make_handler(total: int):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            html = route(path, total)
            if html is None:
                self.send_error(404)
                return
            data = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def route(path: str, total: int) -> str | None:
    if path in ("/", "/index.html"):
        return chrome(
            "首页", "".join(f"<a href='/s{s}/index.html'>栏目{s}</a>" for s in range(SECTIONS))
        )
    if path == "/robots.txt":
        return "User-agent: *\nDisallow: /search/\n"
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0].startswith("s") and parts[1].startswith("index"):
        section = int(parts[0][1:])
        page = int(parts[1][6:-5] or 0) if parts[1] != "index.html" else 0
        return list_page(section, page, total)
    if len(parts) == 3 and parts[2].startswith("t") and "_" in parts[2]:
        n = int(parts[2].split("_")[1].split(".")[0])
        return article_page(n, total) if n < total and path == article_path(n) else None
    return None


def make_server(total: int, port: int = 0) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(total))
    server.daemon_threads = True
    return server


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8790)
    args = parser.parse_args()
    make_server(args.articles, args.port).serve_forever()
