"""rules/shared/resource_policy.py: who a resource policy lets in, conditions weighed (issue 13)."""
from __future__ import annotations

import pytest

from tierguard.rules.shared.resource_policy import public_access
from tierguard.scanner.values import Ref, Symbolic, Unresolved

OWNER = "123456789012"


def _statement(principal, condition=None, effect="Allow", action="s3:GetObject"):
    body = {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*"}
    if condition is not None:
        body["Condition"] = condition
    return {"Statement": [body]}


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::111111111111:root", "*"]},
                                       {"AWS": "arn:aws:iam::*:root"}])
def test_anyone(principal) -> None:
    [grant] = public_access(_statement(principal), OWNER).grants
    assert grant.principal == "anyone ('*')" and grant.level == "read"


def test_not_principal_with_allow_is_anyone() -> None:
    document = {"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*"}]}
    [grant] = public_access(document, OWNER).grants
    assert grant.level == "full"


@pytest.mark.parametrize("condition", [
    {"StringEquals": {"aws:SourceVpce": "vpce-1a2b"}},
    {"StringEquals": {"aws:SourceVpc": "vpc-1"}},
    {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}},
    {"StringEquals": {"aws:PrincipalAccount": "111111111111"}},
    {"StringEquals": {"aws:SourceAccount": "111111111111"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111111111111:distribution/E1"}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"ForAnyValue:StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}},
    {"StringEquals": {"kms:CallerAccount": "111111111111"}},
    {"ArnEquals": {"aws:SourceArn": Ref("s1/Distribution", "Distribution")}},
])
def test_a_narrowing_condition_is_not_an_exposure(condition) -> None:
    assert not public_access(_statement("*", condition), OWNER).public


@pytest.mark.parametrize("condition", [
    {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
    {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "::/0"]}},
    {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}},
    {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}},
    {"StringLike": {"aws:SourceArn": "*"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::*:distribution/*"}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}},
])
def test_a_condition_that_does_not_narrow_who_keeps_it_public(condition) -> None:
    assert public_access(_statement("*", condition), OWNER).public


def test_deny_statements_the_own_account_and_named_accounts_grant_nothing_public() -> None:
    deny = _statement({"AWS": "*"}, {"Bool": {"aws:SecureTransport": "false"}}, effect="Deny", action="s3:*")
    assert not public_access(deny, OWNER).public  # CDK's enforceSSL
    for principal in ({"AWS": f"arn:aws:iam::{OWNER}:root"}, {"AWS": OWNER}, {"AWS": "arn:aws:iam::111111111111:role/x"},
                      {"AWS": Symbolic("arn:aws:iam::${AWS::AccountId}:root")}, {"AWS": Ref("s1/Role", "Role", "Arn")}):
        assert not public_access(_statement(principal), OWNER).public, principal


def test_service_principals_need_a_source_only_where_the_rule_says_so() -> None:
    bare = _statement({"Service": "s3.amazonaws.com"}, action="lambda:InvokeFunction")
    assert not public_access(bare, OWNER).public
    [grant] = public_access(bare, OWNER, unsourced_services=True).grants
    assert grant.principal == "any AWS account's s3.amazonaws.com"
    sourced = _statement({"Service": "s3.amazonaws.com"}, {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::mine"}})
    assert not public_access(sourced, OWNER, unsourced_services=True).public


def test_levels_read_write_full_and_secrets() -> None:
    def level(action):
        return public_access(_statement("*", action=action), OWNER).grants[0].level
    assert level("s3:GetObject") == "read" and level(["s3:ListBucket", "s3:Get*"]) == "read"
    assert level("lambda:InvokeFunction") == "read"
    assert level("s3:PutObject") == "write" and level("sqs:SendMessage") == "write" and level("kms:Decrypt") == "write"
    assert level("secretsmanager:GetSecretValue") == "write"  # reading a secret is critical
    assert level("*") == "full" and level("sqs:*") == "full"


def test_what_cannot_be_known_before_deploy_is_unverifiable_never_safe() -> None:
    unknown = Unresolved({"Ref": "Principal"}, "parameter Principal has no default")
    access = public_access(_statement({"AWS": unknown}), OWNER)
    assert not access.grants and access.unverifiable[0][1] is unknown
    vpce = Unresolved({"Ref": "Endpoint"}, "parameter Endpoint has no default")
    access = public_access(_statement("*", {"StringEquals": {"aws:SourceVpce": vpce}}), OWNER)
    assert not access.grants and access.unverifiable and "condition" in access.unverifiable[0][0]


def test_live_documents_are_json_text() -> None:
    assert public_access('{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage"}]}', OWNER).public
