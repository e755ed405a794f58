"""TG-TLS-002 (rules/weak_tls/missing_certificate.py)."""
from ..snippets import check


def test_an_https_listener_without_certificate_fails() -> None:
    [finding] = check("TG-TLS-002", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
          Listener:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: {Ref: Alb}
              Port: 443
              Protocol: HTTPS
              SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """)
    assert "has no certificate" in finding.message


def test_an_https_listener_with_a_certificate_passes() -> None:
    assert check("TG-TLS-002", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
          Listener:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: {Ref: Alb}
              Port: 443
              Protocol: HTTPS
              SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
              Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1}]
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """) == []
