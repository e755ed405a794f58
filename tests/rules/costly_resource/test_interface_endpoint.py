"""TG-COST-001 (rules/costly_resource/interface_endpoint.py)."""
from ..snippets import check


def test_an_interface_endpoint_fails() -> None:
    [finding] = check("TG-COST-001", """
        Resources:
          Ecr:
            Type: AWS::EC2::VPCEndpoint
            Properties: {VpcId: vpc-1, VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.ecr.dkr,
                         SubnetIds: [subnet-1, subnet-2]}
    """)
    assert "ecr.dkr in 2 AZ(s)" in finding.message and finding.monthly_usd > 14


def test_the_free_s3_gateway_endpoint_passes() -> None:
    assert check("TG-COST-001", """
        Resources:
          S3:
            Type: AWS::EC2::VPCEndpoint
            Properties: {VpcId: vpc-1, VpcEndpointType: Gateway, ServiceName: com.amazonaws.us-east-1.s3}
    """) == []
