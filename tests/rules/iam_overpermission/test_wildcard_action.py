"""TG-IAM-001 (rules/iam_overpermission/wildcard_action.py)."""
from ..snippets import check


def test_star_on_star_is_administrator_access() -> None:
    [finding] = check("TG-IAM-001", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}]
    """)
    assert finding.severity.value == "critical" and "full administrator access" in finding.message


def test_a_service_wildcard_on_every_resource_fails_high() -> None:
    [finding] = check("TG-IAM-001", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:*', Resource: '*'}]}}]
    """)
    assert finding.severity.value == "high" and "every action of s3" in finding.message


def test_named_actions_on_named_resources_pass() -> None:
    assert check("TG-IAM-001", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::config/*'}]}}]
    """) == []
