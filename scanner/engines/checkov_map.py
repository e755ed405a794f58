"""tierguard's own severities and categories for checkov's CloudFormation checks.

Offline, checkov has no severities (they come from its paid platform), so this table decides how
each check counts when it stands alone. Which tierguard rule describes the same problem is declared
on the rule (`Rule.checkov`): the two then become one finding carrying both ids. Hardening that
raises the bill (Multi-AZ, Container Insights, access logs, KMS keys, WAF, Lambda in a VPC that then
needs a NAT gateway …) is `info`: visible, but it never fails a free-tier gate by default.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Category, Severity

C = Category
S = Severity


@dataclass(frozen=True)
class CheckovMapping:
    category: Category
    severity: Severity
    port: int | None = None  # security-group checks: the twin finding must cover this port
    adds_cost: bool = False


def _sg(port: int, severity: Severity) -> CheckovMapping:
    return CheckovMapping(C.OPEN_INGRESS, severity, port=port)


_COST = CheckovMapping(C.OTHER, S.INFO, adds_cost=True)
_HYGIENE = CheckovMapping(C.OTHER, S.LOW)

CHECKOV_MAP: dict[str, CheckovMapping] = {
    # open ingress: checkov covers 22, 3389 and 80 with explicit ports only
    "CKV_AWS_24": _sg(22, S.CRITICAL),
    "CKV_AWS_25": _sg(3389, S.CRITICAL),
    "CKV_AWS_260": _sg(80, S.HIGH),
    "CKV_AWS_100": CheckovMapping(C.OPEN_INGRESS, S.HIGH),
    "CKV_AWS_23": CheckovMapping(C.OTHER, S.INFO),  # rule without description
    # IAM wildcards, trust, escalation
    "CKV_AWS_60": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_61": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_62": CheckovMapping(C.IAM_OVERPERMISSION, S.CRITICAL),
    "CKV_AWS_63": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_107": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_108": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_109": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_110": CheckovMapping(C.IAM_OVERPERMISSION, S.HIGH),
    "CKV_AWS_111": CheckovMapping(C.IAM_OVERPERMISSION, S.MEDIUM),
    "CKV_AWS_40": CheckovMapping(C.IAM_OVERPERMISSION, S.LOW),
    # Principal '*' in a KMS key / ECR policy: checkov does not weigh conditions; when the policy really is
    # public, TG-PUB-005 / TG-PUB-008 carry the finding (merged, at their severity). Alone: a low note.
    "CKV_AWS_33": CheckovMapping(C.NETWORK_EXPOSURE, S.LOW),
    "CKV_AWS_32": CheckovMapping(C.NETWORK_EXPOSURE, S.LOW),
    "CKV_AWS_364": CheckovMapping(C.IAM_OVERPERMISSION, S.MEDIUM),
    # HTTPS and TLS
    "CKV_AWS_2": CheckovMapping(C.PLAIN_HTTP, S.HIGH),
    "CKV_AWS_103": CheckovMapping(C.WEAK_TLS, S.MEDIUM),
    "CKV_AWS_34": CheckovMapping(C.PLAIN_HTTP, S.HIGH),
    "CKV_AWS_83": CheckovMapping(C.PLAIN_HTTP, S.HIGH),
    "CKV_AWS_174": CheckovMapping(C.WEAK_TLS, S.MEDIUM),
    "CKV_AWS_90": CheckovMapping(C.WEAK_TLS, S.MEDIUM),
    "CKV_AWS_105": CheckovMapping(C.WEAK_TLS, S.MEDIUM),
    # network exposure
    "CKV_AWS_17": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_87": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_69": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_89": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_164": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_291": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_88": CheckovMapping(C.NETWORK_EXPOSURE, S.LOW),  # a public IP is how small apps avoid a NAT gateway
    "CKV_AWS_59": CheckovMapping(C.NETWORK_EXPOSURE, S.MEDIUM),
    "CKV_AWS_258": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_366": CheckovMapping(C.NETWORK_EXPOSURE, S.MEDIUM),
    "CKV_AWS_20": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    "CKV_AWS_57": CheckovMapping(C.NETWORK_EXPOSURE, S.HIGH),
    # secrets in plain text
    "CKV_AWS_45": CheckovMapping(C.OTHER, S.HIGH),
    "CKV_AWS_46": CheckovMapping(C.OTHER, S.HIGH),
    "CKV_AWS_384": CheckovMapping(C.OTHER, S.HIGH),
    # a log group without retention grows (and bills) forever: tierguard's costly-resource finding
    "CKV_AWS_66": CheckovMapping(C.COSTLY_RESOURCE, S.LOW),
    # hardening that adds cost: visible, never failing by default
    "CKV_AWS_65": _COST,  # Container Insights: custom metrics and log ingestion
    "CKV_AWS_91": _COST,  # ALB access logs: S3 storage
    "CKV_AWS_92": _COST,
    "CKV_AWS_18": _COST,  # S3 access logs
    "CKV_AWS_86": _COST,
    "CKV_AWS_76": _COST,
    "CKV_AWS_95": _COST,
    "CKV_AWS_73": _COST,  # X-Ray
    "CKV_AWS_120": _COST,  # API Gateway cache: hourly
    "CKV_AWS_68": _COST,  # WAF: 5 USD a month and up
    "CKV_AWS_157": _COST,  # RDS Multi-AZ doubles the bill
    "CKV_AWS_118": _COST,  # RDS enhanced monitoring
    "CKV_AWS_158": _COST,  # log group KMS key: 1 USD a month
    "CKV_AWS_149": _COST,  # Secrets Manager with a CMK
    "CKV_AWS_119": _COST,
    "CKV_AWS_136": _COST,
    "CKV_AWS_7": _COST,
    "CKV_AWS_35": _COST,
    "CKV_AWS_67": _COST,  # CloudTrail in every region
    "CKV_AWS_160": _COST,
    "CKV_AWS_166": _COST,
    "CKV_AWS_187": _COST,
    "CKV_AWS_21": _COST,  # versioning keeps every object version
    "CKV_AWS_28": _COST,  # DynamoDB PITR
    "CKV_AWS_165": _COST,
    "CKV_AWS_117": _COST,  # Lambda in a VPC needs a NAT gateway or endpoints to reach AWS
    "CKV_AWS_116": _COST,
    "CKV_AWS_115": _HYGIENE,
    "CKV_AWS_131": _HYGIENE,
}

DEFAULT_MAPPING = _HYGIENE
POLICY_INDEX = "https://www.checkov.io/5.Policy%20Index/cloudformation.html"


def mapping_for(check_id: str) -> CheckovMapping:
    return CHECKOV_MAP.get(check_id, DEFAULT_MAPPING)
