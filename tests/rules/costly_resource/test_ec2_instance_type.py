"""TG-COST-002 (rules/costly_resource/ec2_instance_type.py)."""
from ..snippets import check


def test_an_instance_type_outside_the_free_tier_fails() -> None:
    [finding] = check("TG-COST-002", """
        Resources:
          Box: {Type: AWS::EC2::Instance, Properties: {InstanceType: m5.xlarge, ImageId: ami-1}}
    """)
    assert "m5.xlarge is not free-tier eligible" in finding.message


def test_a_micro_instance_passes() -> None:
    assert check("TG-COST-002", """
        Resources:
          Box: {Type: AWS::EC2::Instance, Properties: {InstanceType: t3.micro, ImageId: ami-1}}
    """) == []
