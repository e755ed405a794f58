"""TG-NET-001 (rules/network_exposure/private_subnet_to_igw.py)."""
from ..snippets import check


def test_a_private_subnet_routed_to_the_internet_gateway_fails() -> None:
    [finding] = check("TG-NET-001", """
        Resources:
          Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
          Igw: {Type: AWS::EC2::InternetGateway}
          Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: {Ref: Vpc}}}
          Subnet:
            Type: AWS::EC2::Subnet
            Properties: {VpcId: {Ref: Vpc}, CidrBlock: 10.0.1.0/24, Tags: [{Key: aws-cdk:subnet-type, Value: Private}]}
          Association:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties: {SubnetId: {Ref: Subnet}, RouteTableId: {Ref: Table}}
          Default:
            Type: AWS::EC2::Route
            Properties: {RouteTableId: {Ref: Table}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: {Ref: Igw}}
    """)
    assert "labelled private but routes 0.0.0.0/0" in finding.message


def test_a_public_subnet_routed_to_the_internet_gateway_passes() -> None:
    assert check("TG-NET-001", """
        Resources:
          Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
          Igw: {Type: AWS::EC2::InternetGateway}
          Table: {Type: AWS::EC2::RouteTable, Properties: {VpcId: {Ref: Vpc}}}
          Subnet:
            Type: AWS::EC2::Subnet
            Properties: {VpcId: {Ref: Vpc}, CidrBlock: 10.0.1.0/24, Tags: [{Key: aws-cdk:subnet-type, Value: Public}]}
          Association:
            Type: AWS::EC2::SubnetRouteTableAssociation
            Properties: {SubnetId: {Ref: Subnet}, RouteTableId: {Ref: Table}}
          Default:
            Type: AWS::EC2::Route
            Properties: {RouteTableId: {Ref: Table}, DestinationCidrBlock: 0.0.0.0/0, GatewayId: {Ref: Igw}}
    """) == []
