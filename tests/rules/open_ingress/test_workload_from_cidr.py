"""TG-SG-002 (rules/open_ingress/workload_from_cidr.py)."""
from ..snippets import check


def test_a_service_reachable_from_a_cidr_fails() -> None:
    [finding] = check("TG-SG-002", """
        Resources:
          AppGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 3000, ToPort: 3000, CidrIp: 10.0.0.0/8}]
          AlbGroup:
            Type: AWS::EC2::SecurityGroup
            Properties: {GroupDescription: alb}
          Service:
            Type: AWS::ECS::Service
            Properties:
              Cluster: lab
              TaskDefinition: app:1
              NetworkConfiguration:
                AwsvpcConfiguration: {Subnets: [subnet-1], SecurityGroups: [{Ref: AppGroup}]}
    """)
    assert "10.0.0.0/8" in finding.message and "load balancer's group" in finding.message


def test_a_service_reachable_only_from_the_load_balancer_group_passes() -> None:
    assert check("TG-SG-002", """
        Resources:
          AppGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: app
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: {Ref: AlbGroup}}]
          AlbGroup:
            Type: AWS::EC2::SecurityGroup
            Properties: {GroupDescription: alb}
          Service:
            Type: AWS::ECS::Service
            Properties:
              Cluster: lab
              TaskDefinition: app:1
              NetworkConfiguration:
                AwsvpcConfiguration: {Subnets: [subnet-1], SecurityGroups: [{Ref: AppGroup}]}
    """) == []
