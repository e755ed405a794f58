"""TG-LEFT-002 (rules/leftover_resource/unmanaged.py, account --templates)."""
from ..snippets import check_live

TEMPLATES = "[{name: AppStack, region: us-east-1, account: null, file: app.template.json}]"


def test_a_nat_gateway_no_stack_manages_fails() -> None:
    [finding] = check_live("TG-LEFT-002", "[{type: AWS::EC2::NatGateway, id: nat-1, properties: {}}]", templates=TEMPLATES)
    assert "no template and no CloudFormation stack accounts for it" in finding.message


def test_a_resource_a_stack_manages_passes() -> None:
    assert check_live("TG-LEFT-002", """
        - {type: AWS::EC2::NatGateway, id: nat-1, properties: {},
           tags: {"aws:cloudformation:stack-name": AppStack, "aws:cloudformation:logical-id": Nat}}
    """, templates=TEMPLATES) == []
