"""Scrapy settings for rongmei: every default the project's components read lives here,
grouped by component. Override any of them with -s NAME=VALUE."""

import os
from pathlib import Path

BOT_NAME = "rongmei"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
COMMANDS_MODULE = "commands"

# --- Archive -----------------------------------------------------------------------------
ARCHIVE = "archive.db"  # the SQLite file the crawl writes
ARCHIVE_ENABLED = True
ARCHIVE_SINK = "sqlite"  # or "redis": a worker of a scaled-out crawl (set by the add-on)
ARCHIVE_BATCH_SIZE = 100  # items per write transaction
ARCHIVE_PAGES = True  # keep raw responses (pages table) so `scrapy reextract` can re-read

# --- Pipelines ---------------------------------------------------------------------------
CLEAN_ENABLED = True
VALIDATE_ENABLED = True
VALIDATE_MIN_BODY_CHARS = 10
# A page of more elements than this is recorded as a failure, not read: reading costs time per
# element, and the biggest real article pages hold a few thousand (0: no limit).
EXTRACT_MAX_ELEMENTS = 100_000
DEDUPE_ENABLED = True
ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.attachments.AttachmentsPipeline": 800,
    "pipelines.archive.ArchivePipeline": 900,
}

# --- Attachments (pipelines/attachments.py): documents articles link to (附件) -------------
# Every attachment is recorded in the archive; downloading them is a choice.
ATTACHMENTS_DOWNLOAD = False  # download them (Scrapy's FilesPipeline) into ATTACHMENTS_STORE
ATTACHMENTS_STORE = "attachments"  # a folder, or s3://, gs://, ftp:// as for FILES_STORE
ATTACHMENTS_MAX_SIZE = 20 * 1024 * 1024  # bytes; a larger file is not downloaded (0: no cap)
MEDIA_ALLOW_REDIRECTS = True  # download scripts often redirect to the file itself

# --- Digital editions (数字报) --------------------------------------------------------------
EDITION_DAYS = 0  # issues of the newest this many days (a profile's edition_days); 0: all

# --- Incremental crawls (scrapers/incremental.py) ------------------------------------------
INCREMENTAL_ENABLED = True  # skip articles the archive holds already
INCREMENTAL_STOP_AFTER = 1  # stop paging a list after this many pages of known articles
SPIDER_MIDDLEWARES = {"scrapers.incremental.IncrementalMiddleware": 900}

# --- Safety ------------------------------------------------------------------------------
# Requests off the portal, or to 127.x, 10.x, 192.168.x ... (links, redirects) are refused.
PORTAL_BOUNDARY_ENABLED = True
DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.PortalBoundaryMiddleware": 50,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapers.middlewares.LoopSafeRedirectMiddleware": 600,
    "scrapers.render.RenderMiddleware": 580,  # after redirects, before retries
    "scrapers.warc_recorder.WarcRecorder": 980,  # next to the downloader: responses as sent
}

# --- Pages that need a browser (scrapers/render.py, scrapers/browser.py) -----------------
# A JavaScript check at the door (521, 412, 202 ...) is passed in Chromium, whose cookies
# then go with ordinary requests to that host; app shells are rendered. Off: both are
# recorded as blocked. None: on when RENDER_BROWSER exists. The browser starts only when a
# page needs it.
RENDER_ENABLED = None
RENDER_BROWSER = "/usr/bin/chromium"  # Debian's chromium package; never a downloaded one
RENDER_TIMEOUT = 20.0  # seconds a page may take in the browser (its check, its list)
RENDER_MAX_PAGES = 2  # pages open in the browser at once

# --- Web archive files (webarchive/; scrapers/warc_recorder.py) ---------------------------
WARC_ENABLED = False  # write every response of a crawl to WARC files in WARC_DIR
WARC_DIR = "warcs"
WARC_MAX_BYTES = 1_000_000_000  # a new file once one passes this size (1 GB, as is usual)
WARC_PREFIX = "rongmei"  # file names: PREFIX-TIMESTAMP-SERIAL-HOST-PID.warc.gz

# --- Progress ------------------------------------------------------------------------------
PROGRESS_INTERVAL = 30  # seconds between progress lines in the log (0: off)
LOGSTATS_INTERVAL = 30.0
PROMPT_SHUTDOWN_ENABLED = True  # Ctrl-C: requests not yet sent are dropped, not sent slowly
EXTENSIONS = {
    "scrapers.progress.ProgressLog": 500,
    "scrapers.shutdown.PromptShutdown": 510,
    "scrapers.alarms.AlarmMail": 520,
}

# --- Scheduling ----------------------------------------------------------------------------
LOCKS_DIR = ".locks"  # scrapy crawlall keeps one lock file per site here

# --- Alarms (scrapers/alarms.py, rules in archive/alarms.py) -------------------------------
ALARMS_ENABLED = True  # check a site's alarms when a crawl of it ends
ALARM_MAIL_TO: list[str] = []  # who gets alarm e-mails; empty: alarms in the log and report
ALARM_ERROR_RATE = 0.2  # a crawl that lost more than this share of its pages
ALARM_UNDATED_SHARE = 0.5  # new articles without a date, where earlier ones had one
ALARM_STALE_FACTOR = 2.0  # no completed crawl for this many times the profile's `every`
# Alarm mail goes out through Scrapy's MAIL_HOST, MAIL_PORT, MAIL_FROM, MAIL_USER, MAIL_PASS,
# MAIL_TLS, MAIL_SSL (defaults: localhost:25, from scrapy@localhost, no login).
MAIL_FROM = "rongmei@localhost"

# --- Scale-out on Redis (cluster/) -----------------------------------------------------------
# With REDIS_URL (redis://host:6379/0), `scrapy crawl portal` is one worker of a crawl
# shared through Redis, and `scrapy archive-writer` writes the archive. Unset: one machine.
REDIS_URL = os.environ.get("REDIS_URL") or None
REDIS_PREFIX = "rongmei"  # every key the project keeps in Redis starts with it
REDIS_PARAMS = {"socket_timeout": 10, "socket_connect_timeout": 10, "retry_on_timeout": True}
REDIS_HEARTBEAT = 5.0  # seconds between a worker's heartbeats; 3 missed: the worker is gone
SHARED_DELAY_ENABLED = True  # DOWNLOAD_DELAY per host across all workers, not per worker
SCHEDULER_QUEUE_CLASS = "scrapy_redis.queue.PriorityQueue"
ARCHIVE_WRITER_LOCK_SECONDS = 30.0  # a killed archive writer's lock expires after this

# --- Site profiles -----------------------------------------------------------------------
SITES_DIR = str(Path(__file__).resolve().parent / "sites")  # one TOML file per portal

# --- Politeness --------------------------------------------------------------------------
# Add-ons: the site profile's [politeness] (sites/politeness.py), CONTACT in the User-Agent,
# and the scale-out add-on that makes a crawl a worker when REDIS_URL is set.
ADDONS = {
    "cluster.addon.ScaleOut": 0,
    "sites.politeness.ProfilePoliteness": 10,
    "scrapers.contact.ContactUserAgent": 20,
    "scrapers.render.Rendering": 30,
}
CONTACT = ""  # an e-mail address or URL where site owners can reach you: set it with -s
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

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
