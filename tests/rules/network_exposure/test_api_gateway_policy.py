"""TG-PUB-011 (rules/network_exposure/api_gateway_policy.py)."""
from ..snippets import check


def _api(extra: str = "", condition: str = "") -> str:
    return f"""
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: orders
              Policy: {{Statement: [{{Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', Resource: '*'{condition}}}]}}
              {extra}
    """


def test_an_api_anyone_may_invoke_fails() -> None:
    [finding] = check("TG-PUB-011", _api())
    assert "execute-api:Invoke" in finding.message and finding.severity.value == "high"


def test_a_private_api_or_a_vpc_endpoint_condition_passes() -> None:
    [note] = check("TG-PUB-011", _api("EndpointConfiguration: {Types: [PRIVATE]}"))
    assert note.severity.value == "info"
    assert check("TG-PUB-011", _api(condition=", Condition: {StringEquals: {'aws:SourceVpce': 'vpce-1'}}")) == []
