"""TG-LEFT-001 (rules/leftover_resource/still_present.py, account --expect-clean)."""
from ..snippets import check_live

CLUSTER = "[{type: AWS::ECS::Cluster, id: arn:aws:ecs:us-east-1:123456789012:cluster/lab, properties: {ClusterName: lab}}]"


def test_a_cluster_left_after_cleanup_fails() -> None:
    [finding] = check_live("TG-LEFT-001", CLUSTER, expect_clean=True)
    assert "ECS cluster lab is still present" in finding.message


def test_without_expect_clean_or_with_a_free_gateway_endpoint_nothing_fails() -> None:
    assert check_live("TG-LEFT-001", CLUSTER) == []
    assert check_live("TG-LEFT-001", "[{type: AWS::EC2::VPCEndpoint, id: vpce-1, properties: {VpcEndpointType: Gateway}}]",
                      expect_clean=True) == []
