"""TG-PUB-003 (rules/network_exposure/sqs_queue_policy.py)."""
from ..snippets import check


def _queue(statement: str) -> str:
    return f"""
        Resources:
          Queue: {{Type: AWS::SQS::Queue}}
          QueuePolicy:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [{{Ref: Queue}}]
              PolicyDocument: {{Statement: [{statement}]}}
    """


def test_anyone_sending_fails_critical() -> None:
    [finding] = check("TG-PUB-003", _queue("{Effect: Allow, Principal: '*', Action: 'sqs:SendMessage', Resource: '*'}"))
    assert finding.severity.value == "critical" and "queue Queue" in finding.message


def test_sns_to_sqs_limited_by_source_arn_passes() -> None:
    assert check("TG-PUB-003", _queue(
        "{Effect: Allow, Principal: {Service: sns.amazonaws.com}, Action: 'sqs:SendMessage', Resource: '*', "
        "Condition: {ArnEquals: {'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:orders'}}}")) == []
    assert check("TG-PUB-003", _queue(
        "{Effect: Allow, Principal: '*', Action: 'sqs:SendMessage', Resource: '*', "
        "Condition: {ArnEquals: {'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012:orders'}}}")) == []
