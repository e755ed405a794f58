"""TG-PUB-008 (rules/network_exposure/ecr_repository_policy.py)."""
from ..snippets import check


def _repo(statement: str) -> str:
    return f"""
        Resources:
          Repo:
            Type: AWS::ECR::Repository
            Properties:
              RepositoryPolicyText: {{Statement: [{statement}]}}
    """


def test_anyone_pulling_fails() -> None:
    [finding] = check("TG-PUB-008", _repo("{Effect: Allow, Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer']}"))
    assert finding.severity.value == "high" and "repository Repo" in finding.message


def test_the_organization_pulling_passes() -> None:
    assert check("TG-PUB-008", _repo("{Effect: Allow, Principal: '*', Action: 'ecr:BatchGetImage', "
                                      "Condition: {StringEquals: {'aws:PrincipalOrgID': 'o-abc123'}}}")) == []
