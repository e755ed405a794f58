"""TG-LB-001 (rules/idle_load_balancer/no_listener.py)."""
from ..snippets import check


def test_a_load_balancer_without_listener_fails() -> None:
    [finding] = check("TG-LB-001", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Type: application, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
    """)
    assert "has no listener" in finding.message


def test_a_load_balancer_with_a_listener_passes() -> None:
    assert check("TG-LB-001", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Type: application, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
          Https:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: {Ref: Alb}
              Port: 443
              Protocol: HTTPS
              Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1}]
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """) == []
