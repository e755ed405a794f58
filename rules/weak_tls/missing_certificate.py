"""TG-TLS-002: an HTTPS/TLS listener without a certificate."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity, as_list
from ..base import Hit, Rule, RuleContext
from ..shared.elb import LISTENER, protocol_of


class ListenerWithoutCertificate(Rule):
    id = "TG-TLS-002"
    title = "HTTPS listener without certificate"
    category = Category.WEAK_TLS
    severity = Severity.HIGH
    resource_types = (LISTENER,)
    rationale = "An HTTPS listener needs an ACM certificate; without one, HTTPS cannot work."
    remediation = "Request an ACM certificate with DNS validation and set it in the listener's Certificates."
    link = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        if protocol_of(resource) not in ("HTTPS", "TLS"):
            return
        certificates = [c for c in as_list(resource.prop("Certificates")) if isinstance(c, dict) and c.get("CertificateArn")]
        if not certificates:
            yield Hit(f"{protocol_of(resource)} listener on port {resource.prop('Port', default='?')} has no certificate")
