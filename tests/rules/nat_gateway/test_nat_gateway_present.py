"""TG-NAT-001 (rules/nat_gateway/nat_gateway_present.py)."""
from ..snippets import check, check_live


def test_a_nat_gateway_fails() -> None:
    [finding] = check("TG-NAT-001", """
        Resources:
          Nat:
            Type: AWS::EC2::NatGateway
            Properties: {SubnetId: subnet-1, AllocationId: eipalloc-1}
    """)
    assert "every hour" in finding.message and finding.monthly_usd and finding.monthly_usd > 30


def test_a_vpc_without_nat_passes() -> None:
    assert check("TG-NAT-001", """
        Resources:
          Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
          Igw: {Type: AWS::EC2::InternetGateway}
    """) == []


def test_a_live_nat_gateway_fails() -> None:
    assert check_live("TG-NAT-001", """
        - {type: AWS::EC2::NatGateway, id: nat-1, properties: {ConnectivityType: public}, observed: {state: available}}
    """)
