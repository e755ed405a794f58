"""TG-NET-002 (rules/network_exposure/public_lb_in_private_subnets.py)."""
from ..snippets import check


def test_an_internet_facing_load_balancer_in_a_subnet_without_internet_route_fails() -> None:
    [finding] = check("TG-NET-002", """
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
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Subnets: [{Ref: Subnet}]}
    """)
    assert "without an internet route or labelled private" in finding.message


def test_an_internet_facing_load_balancer_in_public_subnets_passes() -> None:
    assert check("TG-NET-002", """
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
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Subnets: [{Ref: Subnet}]}
    """) == []
