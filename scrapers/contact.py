"""ContactUserAgent: the add-on that puts CONTACT into the User-Agent, so that a portal's
owner can reach whoever crawls it (USER_AGENT's ``{contact}``)."""

from __future__ import annotations


class ContactUserAgent:
    def update_settings(self, settings) -> None:
        agent = settings.get("USER_AGENT", "")
        if "{contact}" in agent:
            formatted = agent.format(contact=settings.get("CONTACT"))
            settings.set("USER_AGENT", formatted, priority=settings.getpriority("USER_AGENT"))
