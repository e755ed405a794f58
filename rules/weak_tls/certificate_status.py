"""TG-TLS-003 (live): an ACM certificate expired, expiring within 30 days, or not issued."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import ACCOUNT, Hit, Rule, RuleContext

EXPIRING_DAYS = 30


class CertificateNotValid(Rule):
    id = "TG-TLS-003"
    title = "Certificate expired, expiring or not issued"
    category = Category.WEAK_TLS
    severity = Severity.MEDIUM
    resource_types = ("AWS::CertificateManager::Certificate",)
    modes = frozenset({ACCOUNT})
    rationale = (
        "A certificate stuck in pending validation, expired, or "
        "about to expire without automatic renewal breaks HTTPS at the ALB."
    )
    remediation = (
        "Add (or keep) the DNS validation CNAME so ACM can issue and renew the certificate; delete certificates "
        "nothing uses any more."
    )
    link = "https://docs.aws.amazon.com/acm/latest/userguide/troubleshooting-renewal.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        observed = resource.observed
        status = observed.get("status")
        domain = resource.prop("DomainName", default="?")
        in_use = bool(observed.get("in_use_by"))
        use = " and is attached to a listener" if in_use else ""
        if status in ("EXPIRED", "REVOKED", "FAILED", "VALIDATION_TIMED_OUT", "PENDING_VALIDATION", "INACTIVE"):
            severity = Severity.HIGH if status in ("EXPIRED", "REVOKED") and in_use else Severity.MEDIUM
            yield Hit(f"certificate for {domain} is {status.lower().replace('_', ' ')}{use}", detail=status, severity=severity)
            return
        not_after = observed.get("not_after")
        today = ctx.facts.now
        if isinstance(not_after, dt.datetime):
            left = (not_after - today).days
            if left < 0:
                yield Hit(f"certificate for {domain} expired {-left} day(s) ago{use}", detail="expired", severity=Severity.HIGH)
            elif left <= EXPIRING_DAYS:
                renews = observed.get("renewal_eligibility") == "ELIGIBLE" and observed.get("type") == "AMAZON_ISSUED"
                note = " (ACM renews it automatically if its validation record is still in DNS)" if renews else ""
                yield Hit(f"certificate for {domain} expires in {left} day(s){note}", detail="expiring",
                          severity=Severity.LOW if renews else Severity.MEDIUM)
