"""TG-DB-001 (rules/paid_database/paid_database.py)."""
from ..snippets import check


def test_an_rds_instance_fails() -> None:
    [finding] = check("TG-DB-001", """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: 20}
    """)
    assert "postgres, db.t3.micro" in finding.message


def test_an_instance_of_a_cluster_is_reported_once_on_the_cluster() -> None:
    findings = check("TG-DB-001", """
        Resources:
          Cluster:
            Type: AWS::RDS::DBCluster
            Properties: {Engine: aurora-postgresql}
          Writer:
            Type: AWS::RDS::DBInstance
            Properties: {Engine: aurora-postgresql, DBInstanceClass: db.t4g.medium, DBClusterIdentifier: {Ref: Cluster}}
    """)
    assert [f.subject.logical_id for f in findings] == ["Cluster"]


def test_dynamodb_passes() -> None:
    assert check("TG-DB-001", """
        Resources:
          Table:
            Type: AWS::DynamoDB::Table
            Properties: {BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: id, KeyType: HASH}],
                         AttributeDefinitions: [{AttributeName: id, AttributeType: S}]}
    """) == []
