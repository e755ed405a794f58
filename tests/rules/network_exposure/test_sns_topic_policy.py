"""TG-PUB-004 (rules/network_exposure/sns_topic_policy.py)."""
from ..snippets import check


def _topic(statement: str) -> str:
    return f"""
        Resources:
          Topic: {{Type: AWS::SNS::Topic}}
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
            Properties:
              Topics: [{{Ref: Topic}}]
              PolicyDocument: {{Statement: [{statement}]}}
    """


def test_anyone_subscribing_fails() -> None:
    [finding] = check("TG-PUB-004", _topic("{Effect: Allow, Principal: {AWS: '*'}, Action: 'sns:Subscribe', Resource: '*'}"))
    assert "sns:Subscribe" in finding.message and "topic Topic" in finding.message


def test_the_own_account_passes() -> None:
    assert check("TG-PUB-004", _topic(
        "{Effect: Allow, Principal: {AWS: {'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:root'}}, Action: 'sns:Publish', Resource: '*'}")) == []
