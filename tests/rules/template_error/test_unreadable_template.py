"""TG-TPL-001 (rules/template_error/unreadable_template.py)."""
from ..snippets import check


def test_a_resource_without_type_fails() -> None:
    [finding] = check("TG-TPL-001", """
        Resources:
          Typeless:
            Properties: {}
    """)
    assert "has no Type" in finding.message


def test_invalid_yaml_fails() -> None:
    [finding] = check("TG-TPL-001", "Resources:\n  A:\n    Type: [unclosed\n")
    assert "is not valid YAML" in finding.message


def test_a_readable_template_passes() -> None:
    assert check("TG-TPL-001", "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n") == []
