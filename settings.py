"""Scrapy settings for rongmei: every default the project's components read lives here."""

BOT_NAME = "rongmei"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
COMMANDS_MODULE = "commands"

# Where site profiles (sites/NAME.toml) are read from.
SITES_DIR = "sites"

# Politeness
ROBOTSTXT_OBEY = True
USER_AGENT = "rongmei/0.1 (+https://github.com/rongmei/rongmei; archive of China's local media)"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
