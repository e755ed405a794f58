"""TG-COST-008 (rules/costly_resource/aurora_minimum.py)."""
from ..snippets import check


def test_a_capacity_floor_above_zero_fails() -> None:
    [finding] = check("TG-COST-008", """
        Resources:
          Cluster:
            Type: AWS::RDS::DBCluster
            Properties:
              Engine: aurora-postgresql
              ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 2}
    """)
    assert "minimum capacity 0.5 ACU" in finding.message


def test_scaling_to_zero_passes() -> None:
    assert check("TG-COST-008", """
        Resources:
          Cluster:
            Type: AWS::RDS::DBCluster
            Properties:
              Engine: aurora-postgresql
              ServerlessV2ScalingConfiguration: {MinCapacity: 0, MaxCapacity: 2}
    """) == []
