"""TG-IAM-003 (rules/iam_overpermission/pass_role.py)."""
from ..snippets import check


def test_pass_role_on_any_role_fails() -> None:
    [finding] = check("TG-IAM-003", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:PassRole', Resource: '*'}]}}]
    """)
    assert "iam:PassRole on '*'" in finding.message


def test_pass_role_on_one_role_passes() -> None:
    assert check("TG-IAM-003", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-task'}]}}]
    """) == []
