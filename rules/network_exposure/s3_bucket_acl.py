"""TG-PUB-002: an S3 bucket's ACL grants AllUsers or AuthenticatedUsers."""
from __future__ import annotations

from collections.abc import Iterable

from ...scanner.model import Category, Resource, Severity
from ..base import Hit, Rule, RuleContext
from ..shared.s3 import acl_blocked, bucket_name, website

# Canned ACLs that let everyone (or every AWS account holder) in; live grants are read into the same names.
PUBLIC_ACLS = {
    "PublicRead": ("read", "everyone (AllUsers)"),
    "PublicReadWrite": ("write", "everyone (AllUsers)"),
    "AuthenticatedRead": ("read", "every AWS account holder (AuthenticatedUsers)"),
}


class PublicBucketAcl(Rule):
    id = "TG-PUB-002"
    title = "S3 bucket ACL open to everyone"
    category = Category.NETWORK_EXPOSURE
    severity = Severity.HIGH
    resource_types = ("AWS::S3::Bucket",)
    checkov = ("CKV_AWS_20", "CKV_AWS_57")
    rationale = (
        "A PublicRead or PublicReadWrite ACL lets anyone list and read (or overwrite) the bucket's objects; "
        "AuthenticatedRead means any of the millions of AWS account holders, not your account."
    )
    remediation = (
        "Remove AccessControl (buckets default to private, ACLs disabled with ObjectOwnership BucketOwnerEnforced) "
        "and keep Block Public Access on; serve public files through CloudFront instead."
    )
    link = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html"

    def check(self, resource: Resource, ctx: RuleContext) -> Iterable[Hit]:
        acl = resource.prop("AccessControl")
        if not isinstance(acl, str) or acl not in PUBLIC_ACLS:
            return
        level, who = PUBLIC_ACLS[acl]
        served = ", served as a static website" if website(resource) else ""
        text = f"ACL {acl} lets {who} {'read and write' if level == 'write' else 'read'} bucket {bucket_name(resource)}{served}"
        shield = acl_blocked(resource, ctx.inventory)
        if shield:
            yield Hit(f"{text}, but {shield}: not an exposure", detail="neutralized", severity=Severity.INFO)
        else:
            yield Hit(text, detail=acl, severity=Severity.CRITICAL if level == "write" else Severity.HIGH)
