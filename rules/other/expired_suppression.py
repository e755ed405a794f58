"""TG-SUP-001: a suppression whose expiry date has passed (it no longer applies)."""
from __future__ import annotations

from collections.abc import Iterator

from ...scanner.findings import Finding, Subject
from ...scanner.model import Category, Severity
from ..base import Hit, Rule, RuleContext, Stage


class ExpiredSuppression(Rule):
    id = "TG-SUP-001"
    title = "Expired suppression"
    category = Category.OTHER
    severity = Severity.LOW
    stage = Stage.RUN  # once, on the whole run
    rationale = (
        "Suppressions carry an expiry date so that 'just for this test' does not become forever. Once expired "
        "it stops applying: the finding it hid fails again, and this tells you why."
    )
    remediation = "Fix the underlying finding, or renew the suppression with a new reason and date."
    link = "https://github.com/tierguard/tierguard#configuration"

    def evaluate(self, ctx: RuleContext) -> Iterator[Finding]:
        today = ctx.facts.today
        for suppression in ctx.facts.suppressions:
            if suppression.expires and suppression.expires < today:
                file, _, line = suppression.origin.partition(":")
                subject = (
                    Subject(type=None, file=file, line=int(line) if line.isdigit() else None)
                    if suppression.origin != "config"
                    else Subject(type=None, file=ctx.config.source or "configuration")
                )
                yield self.finding(
                    subject,
                    Hit(
                        f"the suppression of {suppression.rule} on {suppression.resource} expired on "
                        f"{suppression.expires.isoformat()} ({suppression.reason})",
                        detail=f"{suppression.rule}|{suppression.resource}",
                    ),
                )
