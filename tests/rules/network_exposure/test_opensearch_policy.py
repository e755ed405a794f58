"""TG-PUB-010 (rules/network_exposure/opensearch_policy.py)."""
from ..snippets import check


def _domain(extra: str = "") -> str:
    return f"""
        Resources:
          Search:
            Type: AWS::OpenSearchService::Domain
            Properties:
              AccessPolicies: {{Statement: [{{Effect: Allow, Principal: {{AWS: '*'}}, Action: 'es:ESHttpGet', Resource: '*'}}]}}
              {extra}
    """


def test_a_public_domain_anyone_may_query_fails() -> None:
    [finding] = check("TG-PUB-010", _domain())
    assert "es:ESHttpGet" in finding.message


def test_a_vpc_domain_is_only_a_note() -> None:
    [note] = check("TG-PUB-010", _domain("VPCOptions: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}"))
    assert note.severity.value == "info" and "inside its VPC" in note.message


def test_an_ip_limited_domain_passes() -> None:
    assert check("TG-PUB-010", """
        Resources:
          Search:
            Type: AWS::OpenSearchService::Domain
            Properties:
              AccessPolicies:
                Statement:
                  - {Effect: Allow, Principal: {AWS: '*'}, Action: 'es:*', Resource: '*',
                     Condition: {IpAddress: {'aws:SourceIp': ['203.0.113.7/32']}}}
    """) == []
