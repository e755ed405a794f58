"""TG-IAM-004 (rules/iam_overpermission/admin_managed_policy.py)."""
from ..snippets import check, check_live


def test_administrator_access_attached_fails() -> None:
    [finding] = check("TG-IAM-004", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*'}]}}]
              ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
    """)
    assert finding.severity.value == "critical" and "AdministratorAccess" in finding.message


def test_a_narrow_aws_managed_policy_passes() -> None:
    assert check("TG-IAM-004", """
        Resources:
          TaskRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}
              Policies: [{PolicyName: app, PolicyDocument: {Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: 'arn:aws:s3:::x/*'}]}}]
              ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
    """) == []


def test_roles_aws_manages_itself_pass_live() -> None:
    assert check_live("TG-IAM-004", """
        - type: AWS::IAM::Role
          id: AWSReservedSSO_Admin
          region: ""
          properties: {ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]}
          observed: {aws_managed_path: true}
    """) == []
