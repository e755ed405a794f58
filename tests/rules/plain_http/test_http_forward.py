"""TG-HTTP-001 (rules/plain_http/http_forward.py)."""
from ..snippets import check


def test_an_http_listener_that_forwards_fails() -> None:
    [finding] = check("TG-HTTP-001", """
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
              Port: 80
              Protocol: HTTP
              DefaultActions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """)
    assert "forwards to a target group instead of redirecting to HTTPS" in finding.message


def test_an_http_listener_that_redirects_passes() -> None:
    assert check("TG-HTTP-001", """
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
              Port: 80
              Protocol: HTTP
              DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}}]
    """) == []
