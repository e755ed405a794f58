"""TG-SUP-001 (rules/other/expired_suppression.py)."""
from ..snippets import check

NAT = """
    Resources:
      Nat:
        Type: AWS::EC2::NatGateway
        Metadata: {tierguard: {suppress: [{rule: TG-NAT-001, reason: egress test, expires: "%s"}]}}
        Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}
"""


def test_an_expired_suppression_fails_and_stops_applying() -> None:
    [finding] = check("TG-SUP-001", NAT % "2020-01-31")
    assert "expired on 2020-01-31" in finding.message
    [nat] = check("TG-NAT-001", NAT % "2020-01-31")
    assert nat.status.value == "fail"


def test_a_suppression_that_has_not_expired_passes() -> None:
    assert check("TG-SUP-001", NAT % "2999-12-31") == []
