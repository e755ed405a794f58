"""S3 buckets (policy, ACL, Block Public Access, website hosting), the account's S3 Block Public Access,
and ECR repository policies: who can reach what the account stores."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector

BUCKET, BUCKET_POLICY = "AWS::S3::Bucket", "AWS::S3::BucketPolicy"
ACCOUNT_BLOCK = "AWS::S3::AccountPublicAccessBlock"
_GROUPS = {"http://acs.amazonaws.com/groups/global/AllUsers": "all", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "auth"}


class Buckets(Collector):
    """ListBuckets once per account, then per bucket: its region, policy, ACL, Block Public Access and
    website configuration, each asked in the bucket's own region."""

    name = "s3"
    service = "s3"
    types = (BUCKET, BUCKET_POLICY)
    calls = (("s3", "ListBuckets"), ("s3", "GetBucketLocation"), ("s3", "GetBucketPolicy"), ("s3", "GetBucketAcl"),
             ("s3", "GetPublicAccessBlock"), ("s3", "GetBucketWebsite"))
    absent = {
        ("s3", "GetBucketPolicy"): ("NoSuchBucketPolicy",),
        ("s3", "GetPublicAccessBlock"): ("NoSuchPublicAccessBlockConfiguration",),
        ("s3", "GetBucketWebsite"): ("NoSuchWebsiteConfiguration",),
    }
    is_global = True

    def collect(self, ctx: CollectContext) -> list[Resource]:
        buckets = ctx.pages("s3", "ListBuckets", "Buckets", missing=self.types) or []
        return [resource for read in ctx.each(buckets, lambda bucket: self._bucket(ctx, bucket["Name"])) for resource in read]

    def _bucket(self, ctx: CollectContext, name: str) -> list[Resource]:
        found: list[Resource] = []
        location = ctx.call("s3", "GetBucketLocation", missing=self.types, Bucket=name)
        region = _region(location.get("LocationConstraint")) if location is not None else ctx.region
        properties: dict[str, Any] = {"BucketName": name}
        observed: dict[str, Any] = {}
        block = ctx.call("s3", "GetPublicAccessBlock", missing=self.types, region=region, Bucket=name)
        if block is None:
            observed["public_access_block_unknown"] = True
        else:
            properties["PublicAccessBlockConfiguration"] = dict(block.get("PublicAccessBlockConfiguration") or {})
        acl = ctx.call("s3", "GetBucketAcl", missing=self.types, region=region, Bucket=name)
        if acl is not None:
            properties["AccessControl"] = canned_acl(acl.get("Grants") or [])
        website = ctx.call("s3", "GetBucketWebsite", missing=self.types, region=region, Bucket=name)
        if website:
            properties["WebsiteConfiguration"] = {k: v for k, v in website.items() if k != "ResponseMetadata"}
        arn = f"arn:{ctx.partition}:s3:::{name}"
        found.append(ctx.resource(BUCKET, name, properties, arn=arn, region=region, observed=observed))
        policy = ctx.call("s3", "GetBucketPolicy", missing=self.types, region=region, Bucket=name)
        if policy and policy.get("Policy"):
            found.append(ctx.resource(BUCKET_POLICY, name, {"Bucket": name, "PolicyDocument": policy["Policy"]},
                                      arn=arn, region=region))
        return found


def _region(constraint: Any) -> str:
    """GetBucketLocation answers None for us-east-1 and "EU" for the oldest eu-west-1 buckets."""
    if not constraint:
        return "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def canned_acl(grants: list[dict[str, Any]]) -> str:
    """Live grants as the CloudFormation canned ACL they amount to (Private when nothing is public)."""
    reads = {"all": False, "auth": False}
    writes = False
    for grant in grants:
        group = _GROUPS.get(str((grant.get("Grantee") or {}).get("URI", "")))
        if group is None:
            continue
        permission = str(grant.get("Permission", ""))
        if permission in ("READ", "FULL_CONTROL"):
            reads[group] = True
        if permission in ("WRITE", "FULL_CONTROL") and group == "all":
            writes = True
    if writes:
        return "PublicReadWrite"
    if reads["all"]:
        return "PublicRead"
    return "AuthenticatedRead" if reads["auth"] else "Private"


class AccountBlockPublicAccess(Collector):
    """The account-level S3 Block Public Access (s3control), once per account."""

    name = "s3-account"
    service = "s3control"
    types = (ACCOUNT_BLOCK,)
    calls = (("s3control", "GetPublicAccessBlock"),)
    absent = {("s3control", "GetPublicAccessBlock"): ("NoSuchPublicAccessBlockConfiguration",)}
    is_global = True

    def collect(self, ctx: CollectContext) -> list[Resource]:
        answer = ctx.call("s3control", "GetPublicAccessBlock", missing=self.types, AccountId=ctx.account)
        if answer is None:
            return []
        settings = dict(answer.get("PublicAccessBlockConfiguration") or {})
        return [ctx.resource(ACCOUNT_BLOCK, ctx.account, settings, region="", observed={"name": f"account {ctx.account}"})]


class Repositories(Collector):
    name = "ecr"
    service = "ecr"
    types = ("AWS::ECR::Repository",)
    calls = (("ecr", "DescribeRepositories"), ("ecr", "GetRepositoryPolicy"))
    absent = {("ecr", "GetRepositoryPolicy"): ("RepositoryPolicyNotFoundException",)}

    def collect(self, ctx: CollectContext) -> list[Resource]:
        repositories = ctx.pages("ecr", "DescribeRepositories", "repositories", missing=self.types) or []
        return ctx.each(repositories, lambda repository: self._repository(ctx, repository))

    def _repository(self, ctx: CollectContext, repository: dict[str, Any]) -> Resource:
        name = repository["repositoryName"]
        properties: dict[str, Any] = {"RepositoryName": name}
        policy = ctx.call("ecr", "GetRepositoryPolicy", missing=self.types, repositoryName=name)
        if policy and policy.get("policyText"):
            properties["RepositoryPolicyText"] = policy["policyText"]
        return ctx.resource("AWS::ECR::Repository", name, properties, arn=repository.get("repositoryArn"),
                            aliases=[repository.get("repositoryUri", "")])
