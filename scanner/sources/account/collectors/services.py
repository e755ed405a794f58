"""Smaller billable things: certificates, KMS keys, secrets, log groups, alarms, hosted zones."""
from __future__ import annotations

from typing import Any

from ....model import Resource
from ..collector import CollectContext, Collector, ListingCollector

_CERTIFICATE_STATUSES = ["PENDING_VALIDATION", "ISSUED", "INACTIVE", "EXPIRED", "VALIDATION_TIMED_OUT", "REVOKED", "FAILED"]


class Certificates(Collector):
    name = "certificates"
    service = "acm"
    types = ("AWS::CertificateManager::Certificate",)
    calls = (("acm", "ListCertificates"), ("acm", "DescribeCertificate"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        summaries = ctx.pages("acm", "ListCertificates", "CertificateSummaryList", missing=self.types,
                              CertificateStatuses=_CERTIFICATE_STATUSES) or []
        found = []
        for summary in summaries:
            arn = summary["CertificateArn"]
            answer = ctx.call("acm", "DescribeCertificate", missing=self.types, CertificateArn=arn)
            if answer is None:
                continue
            certificate = answer["Certificate"]
            validation = (certificate.get("DomainValidationOptions") or [{}])[0].get("ValidationMethod")
            found.append(
                ctx.resource(
                    "AWS::CertificateManager::Certificate",
                    arn,
                    {"DomainName": certificate.get("DomainName"), "ValidationMethod": validation},
                    arn=arn,
                    observed={
                        "status": certificate.get("Status"),
                        "not_after": certificate.get("NotAfter"),
                        "in_use_by": certificate.get("InUseBy", []),
                        "renewal_eligibility": certificate.get("RenewalEligibility"),
                        "type": certificate.get("Type"),
                    },
                )
            )
        return found


class KmsKeys(Collector):
    name = "kms"
    service = "kms"
    types = ("AWS::KMS::Key",)
    calls = (("kms", "ListKeys"), ("kms", "DescribeKey"), ("kms", "GetKeyPolicy"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        keys = ctx.pages("kms", "ListKeys", "Keys", missing=self.types) or []
        return [key for key in ctx.each(keys, lambda key: self._key(ctx, key["KeyId"])) if key is not None]

    def _key(self, ctx: CollectContext, key_id: str) -> Resource | None:
        answer = ctx.call("kms", "DescribeKey", missing=self.types, KeyId=key_id)
        metadata = (answer or {}).get("KeyMetadata")
        if not metadata or metadata.get("KeyManager") != "CUSTOMER" or metadata.get("KeyState") not in ("Enabled", "Disabled"):
            return None  # AWS managed keys are free and their policies are AWS's
        properties = {"Description": metadata.get("Description"), "KeySpec": metadata.get("KeySpec"),
                      "KeyUsage": metadata.get("KeyUsage"), "Enabled": metadata.get("Enabled")}
        policy = ctx.call("kms", "GetKeyPolicy", missing=self.types, KeyId=metadata["KeyId"], PolicyName="default")
        if policy and policy.get("Policy"):
            properties["KeyPolicy"] = policy["Policy"]
        return ctx.resource("AWS::KMS::Key", metadata["KeyId"], properties, arn=metadata.get("Arn"),
                            observed={"manager": metadata.get("KeyManager"), "state": metadata.get("KeyState")})


class Secrets(Collector):
    """Secrets (never their values: GetSecretValue is refused by the read-only guard) and their
    resource policies (GetResourcePolicy)."""

    name = "secrets"
    service = "secretsmanager"
    types = ("AWS::SecretsManager::Secret", "AWS::SecretsManager::ResourcePolicy")
    calls = (("secretsmanager", "ListSecrets"), ("secretsmanager", "GetResourcePolicy"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        items = [i for i in ctx.pages("secretsmanager", "ListSecrets", "SecretList", missing=self.types) or [] if not i.get("DeletedDate")]
        return [resource for read in ctx.each(items, lambda item: self._secret(ctx, item)) for resource in read]

    def _secret(self, ctx: CollectContext, item: dict[str, Any]) -> list[Resource]:
        arn = item["ARN"]
        found = [ctx.resource("AWS::SecretsManager::Secret", arn, {"Name": item.get("Name"), "KmsKeyId": item.get("KmsKeyId")},
                              arn=arn, tags=item.get("Tags"), aliases=[item.get("Name", "")])]
        policy = ctx.call("secretsmanager", "GetResourcePolicy", missing=self.types, SecretId=arn)
        if policy and policy.get("ResourcePolicy"):
            found.append(ctx.resource("AWS::SecretsManager::ResourcePolicy", arn,
                                      {"SecretId": arn, "ResourcePolicy": policy["ResourcePolicy"]}, arn=arn))
        return found


class LogGroups(ListingCollector):
    name = "log-groups"
    types = ("AWS::Logs::LogGroup",)
    listing = ("logs", "DescribeLogGroups", "logGroups")

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        properties = {k: v for k, v in (("LogGroupName", item["logGroupName"]), ("RetentionInDays", item.get("retentionInDays")),
                                        ("KmsKeyId", item.get("kmsKeyId"))) if v is not None}
        return ctx.resource("AWS::Logs::LogGroup", item["logGroupName"], properties,
                            arn=str(item.get("arn", "")).removesuffix(":*") or None,
                            observed={"stored_bytes": item.get("storedBytes", 0)})


class Alarms(ListingCollector):
    name = "alarms"
    types = ("AWS::CloudWatch::Alarm",)
    listing = ("cloudwatch", "DescribeAlarms", "MetricAlarms")

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        return ctx.resource("AWS::CloudWatch::Alarm", item["AlarmName"], {"AlarmName": item["AlarmName"]}, arn=item.get("AlarmArn"))


class HostedZones(ListingCollector):
    name = "route53"
    types = ("AWS::Route53::HostedZone",)
    listing = ("route53", "ListHostedZones", "HostedZones")
    is_global = True

    def read(self, ctx: CollectContext, item: dict[str, Any]) -> Resource | None:
        zone_id = item["Id"].rsplit("/", 1)[-1]
        private = (item.get("Config") or {}).get("PrivateZone", False)
        return ctx.resource("AWS::Route53::HostedZone", zone_id,
                            {"Name": item.get("Name"), "HostedZoneConfig": {"PrivateZone": private}},
                            arn=f"arn:{ctx.partition}:route53:::hostedzone/{zone_id}", region="")
