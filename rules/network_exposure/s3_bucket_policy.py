"""TG-PUB-001: an S3 bucket policy lets anyone in."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...scanner.model import Resource
from ..base import RuleContext
from ..shared.policy_rule import ResourcePolicyRule
from ..shared.s3 import bucket_name, bucket_of, policy_blocked, website


class PublicBucketPolicy(ResourcePolicyRule):
    id = "TG-PUB-001"
    title = "S3 bucket policy open to anyone"
    resource_types = ("AWS::S3::BucketPolicy",)
    rationale = (
        "A bucket policy with Principal '*' and no narrowing condition publishes the bucket: anyone can read "
        "(or write) it, and every request and byte served bills to you. The most common leak of a small account."
    )
    remediation = (
        "Serve the files through CloudFront with origin access control (a policy for cloudfront.amazonaws.com with "
        "aws:SourceArn of the distribution), or narrow the statement with aws:SourceVpce / aws:PrincipalOrgID; keep "
        "S3 Block Public Access on (in CDK drop publicReadAccess and use S3BucketOrigin.withOriginAccessControl)."
    )
    link = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"

    def documents(self, resource: Resource, ctx: RuleContext) -> Iterable[Any]:
        yield resource.prop("PolicyDocument")

    def protected_resource(self, resource: Resource, ctx: RuleContext) -> str:
        bucket = bucket_of(resource, ctx.inventory)
        served = ", which is served as a static website" if website(bucket) else ""
        return f"bucket {bucket_name(bucket, resource.prop('Bucket'))}{served}"

    def neutralized_by(self, resource: Resource, ctx: RuleContext) -> str | None:
        return policy_blocked(bucket_of(resource, ctx.inventory), ctx.inventory)
