"""Read-only, enforced in code: a botocore hook refuses every operation the scan has not declared.

The allowed set is exactly the calls the collectors declare (Collector.calls, the same list that
generates iam/tierguard-scan-policy.json), the session's own calls (identity, regions, the organization's
member list, AssumeRole into other accounts) and what botocore's credential providers make to mint the
scan's temporary credentials. Nothing is allowed by prefix: plenty of Get* calls return secrets
(ssm:GetParameterHistory, ec2:GetPasswordData, ecr:GetAuthorizationToken…).

Registered on the session before any client exists, so every client (and every retry) goes through it;
the refusal happens before the request is signed and sent.
"""
from __future__ import annotations

from collections.abc import Collection
from typing import Any

# What a declared call must look like: a collector that declares CreateVpc is refused (catalogue test).
READ_PREFIXES = ("Describe", "List", "Get", "BatchGet", "Lookup")
# Not reads, but they only mint temporary credentials for the scan itself: botocore's credential providers
# (a profile's role_arn, GitHub's OIDC token, SAML, IAM Identity Center) call them through the same session.
CREDENTIAL_CALLS = frozenset({
    ("sts", "AssumeRole"),
    ("sts", "AssumeRoleWithWebIdentity"),
    ("sts", "AssumeRoleWithSAML"),
    ("sso", "GetRoleCredentials"),
    ("sso-oidc", "CreateToken"),
})
# Reads tierguard must never make, declared or not: they return secret material.
FORBIDDEN_READS = frozenset({
    ("secretsmanager", "GetSecretValue"),
    ("secretsmanager", "BatchGetSecretValue"),
    ("ssm", "GetParameter"),
    ("ssm", "GetParameters"),
    ("ssm", "GetParametersByPath"),
    ("ssm", "GetParameterHistory"),
    ("iam", "GetCredentialReport"),
    ("kms", "GetParametersForImport"),
    ("ec2", "GetPasswordData"),
    ("ecr", "GetAuthorizationToken"),
    ("sts", "GetSessionToken"),
    ("sts", "GetFederationToken"),
    ("redshift", "GetClusterCredentials"),
    ("redshift", "GetClusterCredentialsWithIAM"),
    ("lightsail", "GetInstanceAccessDetails"),
})


class MutatingCallRefused(RuntimeError):
    """tierguard tried (or was asked) to make a call it has not declared as one of its reads."""


def looks_like_a_read(service: str, operation: str) -> bool:
    """Whether a declared call is named like a read and is not one that returns secrets."""
    return operation.startswith(READ_PREFIXES) and (service, operation) not in FORBIDDEN_READS


def allowed_calls() -> frozenset[tuple[str, str]]:
    """Every (boto3 service, Operation) the scan may make."""
    from .policy import declared_calls  # the collectors import the session, which imports this module

    return frozenset(call for call in declared_calls() if call not in FORBIDDEN_READS) | CREDENTIAL_CALLS


def is_read_only(service: str, operation: str, allowed: Collection[tuple[str, str]] | None = None) -> bool:
    return (service, operation) in (allowed if allowed is not None else allowed_calls())


def install(botocore_session: Any, allowed: Collection[tuple[str, str]] | None = None) -> None:
    permitted = frozenset(allowed) if allowed is not None else allowed_calls()

    def refuse_undeclared(model: Any, **_: Any) -> None:
        """botocore 'before-call' handler."""
        service = model.service_model.service_name  # the boto3 client name: "ec2", "elbv2", "sts"…
        if (service, model.name) not in permitted:
            raise MutatingCallRefused(f"refused {service}:{model.name}: tierguard makes only the reads it declares")

    botocore_session.register("before-call", refuse_undeclared, unique_id="tierguard-read-only")
