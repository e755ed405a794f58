"""TG-COST-004 (rules/costly_resource/container_insights.py)."""
from ..snippets import check


def test_container_insights_enabled_fails() -> None:
    [finding] = check("TG-COST-004", """
        Resources:
          Cluster:
            Type: AWS::ECS::Cluster
            Properties: {ClusterSettings: [{Name: containerInsights, Value: enabled}]}
    """)
    assert "Container Insights bills" in finding.message


def test_a_plain_cluster_passes() -> None:
    assert check("TG-COST-004", "Resources:\n  Cluster: {Type: AWS::ECS::Cluster}\n") == []
