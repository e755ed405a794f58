"""TG-REG-002 (rules/multi_region/outside_home_region.py, account scans)."""
from ..snippets import check_live


def test_an_address_billing_in_another_region_fails() -> None:
    [finding] = check_live("TG-REG-002", """
        - {type: AWS::EC2::EIP, id: eipalloc-1, region: eu-west-1, properties: {Domain: vpc}, observed: {association_id: x}}
    """)
    assert "eu-west-1, outside the home region us-east-1" in finding.message


def test_billing_in_the_home_region_passes() -> None:
    assert check_live("TG-REG-002", """
        - {type: AWS::EC2::EIP, id: eipalloc-1, properties: {Domain: vpc}, observed: {association_id: x}}
    """) == []
