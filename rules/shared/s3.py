"""S3 buckets as the exposure rules read them: which bucket a policy belongs to, and which Block
Public Access setting (bucket level, or live the account level) neutralizes a public policy or ACL.

Templates: a bucket whose template does not set PublicAccessBlockConfiguration gets S3's default for
new buckets (all four settings on, since April 2023), so a public policy or ACL in the same template
is blocked (deploying it fails). Live: the bucket's setting (GetPublicAccessBlock) or the account's
(s3control GetPublicAccessBlock), whichever blocks.
"""
from __future__ import annotations

from typing import Any

from ...scanner.model import Inventory, Origin, Resource, as_dict

BUCKET = "AWS::S3::Bucket"
ACCOUNT_BLOCK = "AWS::S3::AccountPublicAccessBlock"  # AWS Config's name for the account-level setting
SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def bucket_of(policy: Resource, inventory: Inventory) -> Resource | None:
    return inventory.resolve(policy.prop("Bucket"), BUCKET)


def bucket_name(bucket: Resource | None, fallback: Any = None) -> str:
    if bucket is not None:
        name = bucket.prop("BucketName")
        return str(name) if isinstance(name, str) and name else bucket.display_name
    return str(fallback) if isinstance(fallback, str) else "a bucket outside the scanned set"


def policy_blocked(bucket: Resource | None, inventory: Inventory) -> str | None:
    """The setting that neutralizes a public bucket policy: RestrictPublicBuckets; in a template also
    BlockPublicPolicy (CloudFormation's PutBucketPolicy is refused)."""
    deploy_time = ("BlockPublicPolicy",) if bucket is not None and bucket.origin is Origin.TEMPLATE else ()
    return _blocked(bucket, inventory, ("RestrictPublicBuckets", *deploy_time))


def acl_blocked(bucket: Resource | None, inventory: Inventory) -> str | None:
    """The setting that neutralizes a public ACL: IgnorePublicAcls; in a template also BlockPublicAcls."""
    deploy_time = ("BlockPublicAcls",) if bucket is not None and bucket.origin is Origin.TEMPLATE else ()
    return _blocked(bucket, inventory, ("IgnorePublicAcls", *deploy_time))


def _blocked(bucket: Resource | None, inventory: Inventory, settings: tuple[str, ...]) -> str | None:
    if bucket is None:
        return None
    configured = bucket.prop("PublicAccessBlockConfiguration")
    if bucket.origin is Origin.TEMPLATE and configured is None:
        return "S3's default Block Public Access for new buckets (the template does not turn it off) blocks it"
    for setting in settings:
        if _on(as_dict(configured).get(setting)):
            return f"the bucket's Block Public Access setting {setting} blocks it"
    if bucket.origin is Origin.LIVE:
        for account_block in inventory.of_type(ACCOUNT_BLOCK):
            if account_block.account != bucket.account:
                continue
            for setting in settings:
                if _on(account_block.prop(setting)):
                    return f"the account's S3 Block Public Access setting {setting} blocks it"
    return None


def _on(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def website(bucket: Resource | None) -> bool:
    return bucket is not None and isinstance(bucket.prop("WebsiteConfiguration"), dict)
