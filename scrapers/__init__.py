"""rongmei: crawl China's local media portals into a clean SQLite archive."""
