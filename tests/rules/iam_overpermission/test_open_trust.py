"""TG-IAM-005 (rules/iam_overpermission/open_trust.py)."""
from ..snippets import check


def test_a_role_anyone_may_assume_fails_critical() -> None:
    [finding] = check("TG-IAM-005", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*'}]}}]
    """)
    assert finding.severity.value == "critical" and "Principal '*'" in finding.message


def test_a_role_only_ecs_tasks_may_assume_passes() -> None:
    assert check("TG-IAM-005", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*'}]}}]
    """) == []
