"""TG-DEP-001 (rules/other/not_deployed.py, account --templates)."""
from ..snippets import check_live

TEMPLATES = "[{name: AppStack, region: us-east-1, account: null, file: app.template.json}]"


def test_a_template_stack_that_is_not_deployed_is_listed() -> None:
    [finding] = check_live("TG-DEP-001", "[]", templates=TEMPLATES)
    assert "is not deployed in us-east-1" in finding.message and finding.severity.value == "info"


def test_a_deployed_stack_passes() -> None:
    assert check_live("TG-DEP-001", """
        - type: AWS::CloudFormation::Stack
          id: arn:aws:cloudformation:us-east-1:123456789012:stack/AppStack/1
          properties: {StackName: AppStack}
          observed: {status: CREATE_COMPLETE, resources: []}
    """, templates=TEMPLATES) == []
