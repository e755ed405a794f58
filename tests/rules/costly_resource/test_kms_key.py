"""TG-COST-005 (rules/costly_resource/kms_key.py)."""
from ..snippets import check, check_live


def test_a_customer_managed_key_fails() -> None:
    [finding] = check("TG-COST-005", """
        Resources:
          Key: {Type: AWS::KMS::Key, Properties: {KeyPolicy: {Statement: []}}}
    """)
    assert "1 USD a month" in finding.message


def test_an_aws_managed_key_passes_live() -> None:
    assert check_live("TG-COST-005", "[{type: AWS::KMS::Key, id: k1, properties: {}, observed: {manager: AWS}}]") == []
