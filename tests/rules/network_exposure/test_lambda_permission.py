"""TG-PUB-006 (rules/network_exposure/lambda_permission.py)."""
from ..snippets import check, check_live


def _permission(extra: str) -> str:
    return f"""
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties: {{Runtime: python3.12, Handler: index.h, Role: arn:aws:iam::123456789012:role/x, Code: {{ZipFile: x}}}}
          Permission:
            Type: AWS::Lambda::Permission
            Properties: {{FunctionName: {{Ref: Fn}}, Action: 'lambda:InvokeFunction', {extra}}}
    """


def test_anyone_invoking_fails() -> None:
    [finding] = check("TG-PUB-006", _permission("Principal: '*'"))
    assert "the permission lets anyone" in finding.message and "function Fn" in finding.message


def test_a_service_principal_without_source_fails() -> None:
    [finding] = check("TG-PUB-006", _permission("Principal: s3.amazonaws.com"))
    assert "any AWS account's s3.amazonaws.com" in finding.message


def test_a_service_principal_with_source_arn_or_account_passes() -> None:
    assert check("TG-PUB-006", _permission("Principal: s3.amazonaws.com, SourceArn: 'arn:aws:s3:::uploads'")) == []
    assert check("TG-PUB-006", _permission("Principal: sns.amazonaws.com, SourceAccount: {Ref: 'AWS::AccountId'}")) == []


def test_live_permissions_are_read_from_the_function_policy() -> None:
    assert check_live("TG-PUB-006", """
        - {type: AWS::Lambda::Permission, id: fn/public, properties: {FunctionName: fn, Action: 'lambda:InvokeFunction', Principal: '*'}}
    """)
