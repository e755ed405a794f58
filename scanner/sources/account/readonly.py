"""Read-only, enforced in code: a botocore hook refuses any operation that is not a read.

Registered on the session before any client exists, so every client (and every retry) goes
through it; the refusal happens before the request is signed and sent.
"""
from __future__ import annotations

from typing import Any

READ_PREFIXES = ("Describe", "List", "Get", "BatchGet", "Lookup")
# Not reads, but they only mint temporary credentials for the scan itself.
ALLOWED_OTHER = {
    ("sts", "AssumeRole"),
    ("sts", "AssumeRoleWithWebIdentity"),
    ("sts", "AssumeRoleWithSAML"),
}
# Reads tierguard must never make either: they return secret material.
FORBIDDEN_READS = {
    ("secretsmanager", "GetSecretValue"),
    ("secretsmanager", "BatchGetSecretValue"),
    ("ssm", "GetParameter"),
    ("ssm", "GetParameters"),
    ("ssm", "GetParametersByPath"),
    ("iam", "GetCredentialReport"),
    ("kms", "GetParametersForImport"),
}


class MutatingCallRefused(RuntimeError):
    """tierguard tried (or was asked) to make a call that is not a plain read."""


def is_read_only(service: str, operation: str) -> bool:
    if (service, operation) in FORBIDDEN_READS:
        return False
    if (service, operation) in ALLOWED_OTHER:
        return True
    return operation.startswith(READ_PREFIXES)


def refuse_mutations(model: Any, **_: Any) -> None:
    """botocore 'before-call' handler."""
    service = model.service_model.service_name  # the boto3 client name: "ec2", "elbv2", "sts"…
    if not is_read_only(service, model.name):
        raise MutatingCallRefused(f"refused {service}:{model.name}: tierguard only reads")


def install(botocore_session: Any) -> None:
    botocore_session.register("before-call", refuse_mutations, unique_id="tierguard-read-only")
