"""TG-NET-003 (rules/network_exposure/public_database.py)."""
from ..snippets import check


def test_a_publicly_accessible_database_fails() -> None:
    [finding] = check("TG-NET-003", """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: 20, PubliclyAccessible: true}
    """)
    assert "public" in finding.message.lower()


def test_a_private_database_passes() -> None:
    assert check("TG-NET-003", """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties: {Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: 20, PubliclyAccessible: false}
    """) == []
