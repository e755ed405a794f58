"""TG-PUB-002 (rules/network_exposure/s3_bucket_acl.py)."""
from ..snippets import check

OPEN = "{BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false}"


def _bucket(acl: str, block: str = f"PublicAccessBlockConfiguration: {OPEN}") -> str:
    return f"""
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              AccessControl: {acl}
              OwnershipControls: {{Rules: [{{ObjectOwnership: ObjectWriter}}]}}
              {block}
    """


def test_public_read_write_fails_critical() -> None:
    [finding] = check("TG-PUB-002", _bucket("PublicReadWrite"))
    assert finding.severity.value == "critical" and "read and write" in finding.message


def test_authenticated_read_means_every_aws_account_holder() -> None:
    [finding] = check("TG-PUB-002", _bucket("AuthenticatedRead"))
    assert "every AWS account holder" in finding.message


def test_a_private_acl_passes_and_a_blocked_one_is_a_note() -> None:
    assert check("TG-PUB-002", _bucket("Private")) == []
    [note] = check("TG-PUB-002", _bucket("PublicRead", "PublicAccessBlockConfiguration: {IgnorePublicAcls: true}"))
    assert note.severity.value == "info" and "IgnorePublicAcls" in note.message
