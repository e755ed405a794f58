"""IAM, once per account: roles, users, groups and customer managed policies in one paginated call."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector

# Roles AWS creates and manages itself (service-linked, IAM Identity Center permission sets).
AWS_MANAGED_PATHS = ("/aws-service-role/", "/aws-reserved/")


class Iam(Collector):
    name = "iam"
    service = "iam"
    types = ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::ManagedPolicy")
    calls = (("iam", "GetAccountAuthorizationDetails"),)
    is_global = True

    def collect(self, ctx: CollectContext) -> list[Resource]:
        pages = ctx.page_list("iam", "GetAccountAuthorizationDetails", missing=self.types,
                              Filter=["User", "Role", "Group", "LocalManagedPolicy"])
        if pages is None:
            return []
        found: list[Resource] = []
        attached: dict[str, dict[str, list[str]]] = {}
        for page in pages:
            for role in page.get("RoleDetailList", []):
                found.append(self._principal(ctx, "AWS::IAM::Role", role, "RoleName", "RolePolicyList", attached))
            for user in page.get("UserDetailList", []):
                found.append(self._principal(ctx, "AWS::IAM::User", user, "UserName", "UserPolicyList", attached))
            for group in page.get("GroupDetailList", []):
                found.append(self._principal(ctx, "AWS::IAM::Group", group, "GroupName", "GroupPolicyList", attached))
        for page in pages:
            for policy in page.get("Policies", []):
                document = next((v.get("Document") for v in policy.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None)
                entities = attached.get(policy["Arn"], {})
                found.append(
                    ctx.resource(
                        "AWS::IAM::ManagedPolicy",
                        policy.get("PolicyName") or policy["Arn"].rsplit("/", 1)[-1],
                        {
                            "ManagedPolicyName": policy.get("PolicyName"),
                            "PolicyDocument": document,
                            "Roles": entities.get("Roles", []),
                            "Users": entities.get("Users", []),
                            "Groups": entities.get("Groups", []),
                        },
                        arn=policy["Arn"],
                        aliases=[policy.get("PolicyId", "")],
                        region="",
                    )
                )
        return found

    def _principal(self, ctx: CollectContext, kind: str, entry: dict[str, Any], name_key: str, inline_key: str,
                   attached: dict[str, dict[str, list[str]]]) -> Resource:
        name = entry[name_key]
        managed = [p["PolicyArn"] for p in entry.get("AttachedManagedPolicies", [])]
        for arn in managed:
            attached.setdefault(arn, {}).setdefault(kind.split("::")[-1] + "s", []).append(name)
        properties: dict[str, Any] = {
            name_key: name,
            "Path": entry.get("Path", "/"),
            "Policies": [
                {"PolicyName": p.get("PolicyName", f"inline-{index + 1}"), "PolicyDocument": p.get("PolicyDocument")}
                for index, p in enumerate(entry.get(inline_key, []))
            ],
            "ManagedPolicyArns": managed,
        }
        if kind == "AWS::IAM::Role":
            properties["AssumeRolePolicyDocument"] = entry.get("AssumeRolePolicyDocument")
        if kind == "AWS::IAM::User":
            properties["Groups"] = entry.get("GroupList", [])
        return ctx.resource(
            kind,
            name,
            properties,
            arn=entry.get("Arn"),
            tags=entry.get("Tags"),
            aliases=[entry.get("RoleId") or entry.get("UserId") or entry.get("GroupId") or ""],
            observed={"aws_managed_path": str(entry.get("Path", "/")).startswith(AWS_MANAGED_PATHS)},
            region="",
        )
