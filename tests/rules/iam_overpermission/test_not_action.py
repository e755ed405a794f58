"""TG-IAM-002 (rules/iam_overpermission/not_action.py)."""
from ..snippets import check


def test_allow_with_not_action_fails() -> None:
    [finding] = check("TG-IAM-002", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, NotAction: 'iam:*', Resource: '*'}]}}]
    """)
    assert "every action except iam:*" in finding.message


def test_deny_with_not_action_passes() -> None:
    assert check("TG-IAM-002", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Deny, NotAction: 's3:GetObject', Resource: '*'}]}}]
    """) == []
