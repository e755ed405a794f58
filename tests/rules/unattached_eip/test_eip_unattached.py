"""TG-EIP-001 (rules/unattached_eip/eip_unattached.py)."""
from ..snippets import check, check_live


def test_an_address_nothing_uses_fails() -> None:
    [finding] = check("TG-EIP-001", """
        Resources:
          Spare: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
    """)
    assert "not associated with anything" in finding.message


def test_the_address_of_a_nat_gateway_passes() -> None:
    assert check("TG-EIP-001", """
        Resources:
          Address: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
          Nat:
            Type: AWS::EC2::NatGateway
            Properties: {SubnetId: subnet-1, AllocationId: {"Fn::GetAtt": [Address, AllocationId]}}
    """) == []


def test_live_association_decides() -> None:
    assert check_live("TG-EIP-001", "[{type: AWS::EC2::EIP, id: eipalloc-1, properties: {Domain: vpc}, observed: {}}]")
    assert check_live("TG-EIP-001", "[{type: AWS::EC2::EIP, id: eipalloc-2, properties: {Domain: vpc}, "
                                    "observed: {association_id: eipassoc-1}}]") == []
