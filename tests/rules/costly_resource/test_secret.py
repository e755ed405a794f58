"""TG-COST-006 (rules/costly_resource/secret.py)."""
from ..snippets import check


def test_a_secret_fails() -> None:
    [finding] = check("TG-COST-006", "Resources:\n  Secret: {Type: AWS::SecretsManager::Secret}\n")
    assert "0.40 USD a month" in finding.message


def test_a_parameter_store_value_passes() -> None:
    assert check("TG-COST-006", """
        Resources:
          Parameter: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: x}}
    """) == []
