"""robots.txt, sitemap.xml and rss.xml. Their URLs are site paths: demo/serve.py makes
them absolute with the Host of the request, so the files fit any address."""

from __future__ import annotations

from email.utils import format_datetime
from html import escape

from demo import content as C
from demo.portal import CST, Article


def rss(newest: list[Article]) -> str:
    """/rss.xml: the newest articles, dated in China time."""

    def rfc822(a: Article) -> str:
        return format_datetime(a.when.replace(tzinfo=CST))

    items = "".join(
        "<item>\n"
        f"<title>{escape(a.title, quote=False)}</title>\n"
        f"<link>{a.url}</link>\n"
        f'<guid isPermaLink="true">{a.url}</guid>\n'
        f"<pubDate>{rfc822(a)}</pubDate>\n"
        f"<category>{a.section.name}</category>\n"
        f"<description>{escape(a.summary, quote=False)}</description>\n"
        "</item>\n"
        for a in newest
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{C.SITE_NAME}</title>\n<link>/index.html</link>\n"
        f"<description>{C.SITE_NAME}最新文章</description>\n<language>zh-cn</language>\n"
        f"<lastBuildDate>{rfc822(newest[0])}</lastBuildDate>\n"
        f"{items}</channel>\n</rss>\n"
    )


def sitemap(listed: list[Article]) -> str:
    """/sitemap.xml: the home page and the articles ``listed``."""
    urls = "".join(
        f"<url><loc>{a.url}</loc><lastmod>{a.list_date}</lastmod>"
        "<changefreq>never</changefreq></url>\n"
        for a in listed
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>/index.html</loc><changefreq>daily</changefreq></url>\n{urls}</urlset>\n"
    )


ROBOTS = "User-agent: *\nDisallow: /search/\n\nSitemap: /sitemap.xml\n"
