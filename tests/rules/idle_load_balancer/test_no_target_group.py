"""TG-LB-002 (rules/idle_load_balancer/no_target_group.py)."""
from ..snippets import check


def test_listeners_that_never_forward_fail() -> None:
    [finding] = check("TG-LB-002", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Type: application, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
          Fixed:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: {Ref: Alb}
              Port: 80
              Protocol: HTTP
              DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "503"}}]
    """)
    assert "no request reaches a target group" in finding.message


def test_a_listener_rule_that_forwards_passes() -> None:
    assert check("TG-LB-002", """
        Resources:
          Alb:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internet-facing, Type: application, Subnets: [subnet-1, subnet-2]}
          Group:
            Type: AWS::ElasticLoadBalancingV2::TargetGroup
            Properties: {Port: 3000, Protocol: HTTP, VpcId: vpc-1, TargetType: ip}
          Fixed:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties:
              LoadBalancerArn: {Ref: Alb}
              Port: 80
              Protocol: HTTP
              DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "404"}}]
          Api:
            Type: AWS::ElasticLoadBalancingV2::ListenerRule
            Properties:
              ListenerArn: {Ref: Fixed}
              Priority: 1
              Conditions: [{Field: path-pattern, Values: [/api/*]}]
              Actions: [{Type: forward, TargetGroupArn: {Ref: Group}}]
    """) == []
