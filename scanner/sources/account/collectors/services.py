"""Smaller billable things: certificates, KMS keys, secrets, log groups, alarms, hosted zones."""
from __future__ import annotations

from ....model import Resource
from ..collector import CollectContext, Collector

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
    calls = (("kms", "ListKeys"), ("kms", "DescribeKey"))

    def collect(self, ctx: CollectContext) -> list[Resource]:
        keys = ctx.pages("kms", "ListKeys", "Keys", missing=self.types) or []
        found = []
        for key in keys:
            answer = ctx.call("kms", "DescribeKey", missing=self.types, KeyId=key["KeyId"])
            metadata = (answer or {}).get("KeyMetadata")
            if not metadata or metadata.get("KeyManager") != "CUSTOMER" or metadata.get("KeyState") not in ("Enabled", "Disabled"):
                continue
            found.append(
                ctx.resource("AWS::KMS::Key", metadata["KeyId"],
                             {"Description": metadata.get("Description"), "KeySpec": metadata.get("KeySpec"),
                              "KeyUsage": metadata.get("KeyUsage"), "Enabled": metadata.get("Enabled")},
                             arn=metadata.get("Arn"), observed={"manager": metadata.get("KeyManager"), "state": metadata.get("KeyState")})
            )
        return found


class Secrets(Collector):
    name = "secrets"
    service = "secretsmanager"
    types = ("AWS::SecretsManager::Secret",)
    calls = (("secretsmanager", "ListSecrets"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        secrets = ctx.pages("secretsmanager", "ListSecrets", "SecretList", missing=self.types) or []
        return [
            ctx.resource("AWS::SecretsManager::Secret", s["ARN"], {"Name": s.get("Name"), "KmsKeyId": s.get("KmsKeyId")},
                         arn=s["ARN"], tags=s.get("Tags"), aliases=[s.get("Name", "")])
            for s in secrets
            if not s.get("DeletedDate")
        ]


class LogGroups(Collector):
    name = "log-groups"
    service = "logs"
    types = ("AWS::Logs::LogGroup",)
    calls = (("logs", "DescribeLogGroups"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        groups = ctx.pages("logs", "DescribeLogGroups", "logGroups", missing=self.types) or []
        return [
            ctx.resource("AWS::Logs::LogGroup", g["logGroupName"],
                         {k: v for k, v in (("LogGroupName", g["logGroupName"]), ("RetentionInDays", g.get("retentionInDays")),
                                            ("KmsKeyId", g.get("kmsKeyId"))) if v is not None},
                         arn=str(g.get("arn", "")).removesuffix(":*") or None, observed={"stored_bytes": g.get("storedBytes", 0)})
            for g in groups
        ]


class Alarms(Collector):
    name = "alarms"
    service = "cloudwatch"
    types = ("AWS::CloudWatch::Alarm",)
    calls = (("cloudwatch", "DescribeAlarms"),)

    def collect(self, ctx: CollectContext) -> list[Resource]:
        alarms = ctx.pages("cloudwatch", "DescribeAlarms", "MetricAlarms", missing=self.types) or []
        return [ctx.resource("AWS::CloudWatch::Alarm", a["AlarmName"], {"AlarmName": a["AlarmName"]}, arn=a.get("AlarmArn"))
                for a in alarms]


class HostedZones(Collector):
    name = "route53"
    service = "route53"
    types = ("AWS::Route53::HostedZone",)
    calls = (("route53", "ListHostedZones"),)
    is_global = True

    def collect(self, ctx: CollectContext) -> list[Resource]:
        zones = ctx.pages("route53", "ListHostedZones", "HostedZones", missing=self.types) or []
        return [
            ctx.resource("AWS::Route53::HostedZone", z["Id"].rsplit("/", 1)[-1],
                         {"Name": z.get("Name"), "HostedZoneConfig": {"PrivateZone": (z.get("Config") or {}).get("PrivateZone", False)}},
                         arn=f"arn:aws:route53:::hostedzone/{z['Id'].rsplit('/', 1)[-1]}", region="")
            for z in zones
        ]
