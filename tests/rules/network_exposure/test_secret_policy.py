"""TG-PUB-009 (rules/network_exposure/secret_policy.py)."""
from ..snippets import check


def _secret(statement: str) -> str:
    return f"""
        Resources:
          Secret: {{Type: AWS::SecretsManager::Secret}}
          Policy:
            Type: AWS::SecretsManager::ResourcePolicy
            Properties:
              SecretId: {{Ref: Secret}}
              ResourcePolicy: {{Statement: [{statement}]}}
    """


def test_anyone_reading_the_secret_fails_critical() -> None:
    [finding] = check("TG-PUB-009", _secret("{Effect: Allow, Principal: {AWS: '*'}, Action: 'secretsmanager:GetSecretValue', Resource: '*'}"))
    assert finding.severity.value == "critical" and "secret Secret" in finding.message


def test_a_named_role_passes() -> None:
    assert check("TG-PUB-009", _secret("{Effect: Allow, Principal: {AWS: 'arn:aws:iam::123456789012:role/app'}, "
                                        "Action: 'secretsmanager:GetSecretValue', Resource: '*'}")) == []
