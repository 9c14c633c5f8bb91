"""The records and the knowledge every other package shares: the items a crawl yields and
the archive keeps, URL keys, Chinese text and dates, the label vocabulary, durations.

Imports nothing of the project: everything else stands on it.
"""
