"""ContactUserAgent: the add-on that puts CONTACT into the User-Agent, so that a portal's
owner can reach whoever crawls it (USER_AGENT's ``{contact}``). A crawl without CONTACT
says so once, naming the setting, and its User-Agent names rongmei alone."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

#: The User-Agent's contact part, where USER_AGENT has one and CONTACT is unset.
_CONTACT_PART = "; contact: {contact}"


class ContactUserAgent:
    #: Warned already in this process (crawlall runs one crawler per site).
    warned = False

    def update_settings(self, settings) -> None:
        agent = settings.get("USER_AGENT", "")
        if "{contact}" not in agent:
            return
        contact = (settings.get("CONTACT") or "").strip()
        if contact:
            formatted = agent.format(contact=contact)
        else:
            formatted = agent.replace(_CONTACT_PART, "").replace("{contact}", "")
            if not ContactUserAgent.warned:
                ContactUserAgent.warned = True
                logger.warning(
                    "CONTACT is not set: portals cannot reach you about this crawl; "
                    "give an e-mail address or URL with -s CONTACT=you@example.org"
                )
        settings.set("USER_AGENT", formatted, priority=settings.getpriority("USER_AGENT"))
