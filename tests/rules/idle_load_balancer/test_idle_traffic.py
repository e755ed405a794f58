"""TG-LB-003 (rules/idle_load_balancer/idle_traffic.py, account scans)."""
from ..snippets import check_live


def test_no_healthy_target_fails() -> None:
    [finding] = check_live("TG-LB-003", """
        - type: AWS::ElasticLoadBalancingV2::LoadBalancer
          id: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1
          properties: {Type: application, Scheme: internet-facing}
          observed: {target_groups: 1, targets: 1, healthy_targets: 0, requests_per_day: 5000}
        - type: AWS::ElasticLoadBalancingV2::Listener
          id: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lab/1/l
          properties:
            LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1
            Protocol: HTTPS
            Port: 443
            DefaultActions: [{Type: forward, TargetGroupArn: tg}]
    """)
    assert "healthy" in finding.message


def test_a_busy_healthy_load_balancer_passes() -> None:
    assert check_live("TG-LB-003", """
        - type: AWS::ElasticLoadBalancingV2::LoadBalancer
          id: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1
          properties: {Type: application, Scheme: internet-facing}
          observed: {target_groups: 1, targets: 1, healthy_targets: 1, requests_per_day: 5000}
        - type: AWS::ElasticLoadBalancingV2::Listener
          id: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lab/1/l
          properties:
            LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lab/1
            Protocol: HTTPS
            Port: 443
            DefaultActions: [{Type: forward, TargetGroupArn: tg}]
    """) == []
