"""Scrapy settings for rongmei: every default the project's components read lives here,
grouped by component. Override any of them with -s NAME=VALUE."""

from pathlib import Path

BOT_NAME = "rongmei"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
COMMANDS_MODULE = "commands"

# --- Archive -----------------------------------------------------------------------------
ARCHIVE = "archive.db"  # the SQLite file the crawl writes
ARCHIVE_ENABLED = True
ARCHIVE_BATCH_SIZE = 100  # items per write transaction
ARCHIVE_PAGES = True  # keep raw responses (pages table) so `scrapy reextract` can re-read

# --- Pipelines ---------------------------------------------------------------------------
CLEAN_ENABLED = True
VALIDATE_ENABLED = True
VALIDATE_MIN_BODY_CHARS = 10
DEDUPE_ENABLED = True
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.archive.ArchivePipeline": 900,
}

# --- Incremental crawls -----------------------------------------------------------------
INCREMENTAL_ENABLED = True  # skip articles the archive holds already
INCREMENTAL_STOP_AFTER = 1  # stop paging a list after this many pages of known articles

# --- Safety ------------------------------------------------------------------------------
# Requests off the portal, or to 127.x, 10.x, 192.168.x ... (links, redirects) are refused.
PORTAL_BOUNDARY_ENABLED = True
DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.PortalBoundaryMiddleware": 50,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapers.middlewares.LoopSafeRedirectMiddleware": 600,
}

# --- Progress ------------------------------------------------------------------------------
PROGRESS_INTERVAL = 30  # seconds between progress lines in the log (0: off)
LOGSTATS_INTERVAL = 30.0
EXTENSIONS = {"scrapers.progress.ProgressLog": 500}

# --- Scheduling ----------------------------------------------------------------------------
LOCKS_DIR = ".locks"  # scrapy crawlall keeps one lock file per site here

# --- Site profiles -----------------------------------------------------------------------
SITES_DIR = str(Path(__file__).resolve().parent / "sites")  # one TOML file per portal

# --- Politeness --------------------------------------------------------------------------
CONTACT = "set CONTACT to an e-mail address or URL where site owners can reach you"
USER_AGENT = "rongmei/0.1 (archive of China's local media; contact: {contact})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
