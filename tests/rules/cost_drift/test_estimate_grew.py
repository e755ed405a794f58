"""TG-DRIFT-001 (rules/cost_drift/estimate_grew.py): compared with a baseline."""
from ..snippets import check

BEFORE = "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n"
AFTER = BEFORE + "  Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}}\n"


def test_growth_past_the_allowed_increase_fails() -> None:
    [finding] = check("TG-DRIFT-001", AFTER, baseline=BEFORE, max_cost_increase="5")
    assert "more than the allowed 5 USD" in finding.message


def test_growth_within_the_allowed_increase_passes() -> None:
    assert check("TG-DRIFT-001", AFTER, baseline=BEFORE, max_cost_increase="50") == []
    assert check("TG-DRIFT-001", BEFORE, baseline=BEFORE, max_cost_increase="0") == []
