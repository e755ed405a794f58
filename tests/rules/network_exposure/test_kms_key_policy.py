"""TG-PUB-005 (rules/network_exposure/kms_key_policy.py)."""
from ..snippets import check


def _key(statement: str) -> str:
    return f"""
        Resources:
          Key:
            Type: AWS::KMS::Key
            Properties:
              KeyPolicy: {{Statement: [{statement}]}}
    """


def test_anyone_decrypting_fails_critical() -> None:
    [finding] = check("TG-PUB-005", _key("{Effect: Allow, Principal: {AWS: '*'}, Action: ['kms:Decrypt'], Resource: '*'}"))
    assert finding.severity.value == "critical"


def test_the_cdk_default_key_policy_and_a_caller_account_condition_pass() -> None:
    root = "{'Fn::Join': ['', ['arn:', {Ref: 'AWS::Partition'}, ':iam::', {Ref: 'AWS::AccountId'}, ':root']]}"
    assert check("TG-PUB-005", _key(f"{{Effect: Allow, Principal: {{AWS: {root}}}, Action: 'kms:*', Resource: '*'}}")) == []
    assert check("TG-PUB-005", _key("{Effect: Allow, Principal: {AWS: '*'}, Action: 'kms:Decrypt', Resource: '*', "
                                    "Condition: {StringEquals: {'kms:CallerAccount': '123456789012'}}}")) == []
