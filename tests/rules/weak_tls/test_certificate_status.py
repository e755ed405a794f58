"""TG-TLS-003 (rules/weak_tls/certificate_status.py, account scans)."""
import datetime as dt

from ..snippets import check_live

CERT = """
    - type: AWS::CertificateManager::Certificate
      id: arn:aws:acm:us-east-1:123456789012:certificate/1
      properties: {DomainName: tickets.example.com}
      observed: {status: %s, not_after: "%s", type: AMAZON_ISSUED, renewal_eligibility: INELIGIBLE}
"""


def _in_days(days: int) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")


def test_pending_validation_and_expired_certificates_fail() -> None:
    assert check_live("TG-TLS-003", CERT % ("PENDING_VALIDATION", _in_days(300)))
    [expired] = check_live("TG-TLS-003", CERT % ("ISSUED", _in_days(-3)))
    assert "expired" in expired.message and expired.severity.value == "high"


def test_an_issued_certificate_valid_for_months_passes() -> None:
    assert check_live("TG-TLS-003", CERT % ("ISSUED", _in_days(200))) == []
