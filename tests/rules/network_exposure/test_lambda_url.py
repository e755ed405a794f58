"""TG-PUB-007 (rules/network_exposure/lambda_url.py)."""
from ..snippets import check


def _url(auth: str) -> str:
    return f"""
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties: {{Runtime: python3.12, Handler: index.h, Role: arn:aws:iam::123456789012:role/x, Code: {{ZipFile: x}}}}
          Url:
            Type: AWS::Lambda::Url
            Properties: {{TargetFunctionArn: {{'Fn::GetAtt': [Fn, Arn]}}, AuthType: {auth}}}
    """


def test_a_url_without_authentication_fails() -> None:
    [finding] = check("TG-PUB-007", _url("NONE"))
    assert "function Fn has a URL with AuthType NONE" in finding.message


def test_an_iam_authenticated_url_passes() -> None:
    assert check("TG-PUB-007", _url("AWS_IAM")) == []
