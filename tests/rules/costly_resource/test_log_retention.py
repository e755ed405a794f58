"""TG-COST-007 (rules/costly_resource/log_retention.py)."""
from ..snippets import check


def test_a_log_group_kept_forever_fails() -> None:
    [finding] = check("TG-COST-007", "Resources:\n  Logs: {Type: AWS::Logs::LogGroup}\n")
    assert "retention" in finding.message.lower()


def test_a_log_group_with_retention_passes() -> None:
    assert check("TG-COST-007", "Resources:\n  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 7}}\n") == []
