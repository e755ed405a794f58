"""TG-PUB-012 (rules/network_exposure/account_block_public_access.py, account scans)."""
from ..snippets import check_live

BLOCK = "[{type: AWS::S3::AccountPublicAccessBlock, id: '123456789012', region: '', properties: %s}]"


def test_settings_off_at_account_level_are_listed() -> None:
    [finding] = check_live("TG-PUB-012", BLOCK % "{BlockPublicAcls: true, IgnorePublicAcls: true}")
    assert "BlockPublicPolicy, RestrictPublicBuckets are off" in finding.message and finding.severity.value == "low"


def test_all_four_on_passes() -> None:
    assert check_live("TG-PUB-012", BLOCK % "{BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, "
                                             "RestrictPublicBuckets: true}") == []
