"""TG-TLS-001 (rules/weak_tls/outdated_policy.py)."""
from ..snippets import check


def test_a_policy_that_accepts_tls_1_0_fails() -> None:
    [finding] = check("TG-TLS-001", """
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
              SslPolicy: ELBSecurityPolicy-2016-08
              Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1}]
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """)
    assert "ELBSecurityPolicy-2016-08" in finding.message


def test_no_ssl_policy_means_the_2016_default_and_fails() -> None:
    assert check("TG-TLS-001", """
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
              Certificates: [{CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1}]
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """)


def test_a_tls_1_2_policy_passes() -> None:
    assert check("TG-TLS-001", """
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
