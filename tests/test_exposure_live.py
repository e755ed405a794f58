"""Public exposure on a live account (issue 13): each shape, failing and compliant, planted in moto_server
and read back by the collectors over HTTP; a missing policy is "no policy", never a gap in the scan."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import boto3
import pytest
from botocore.stub import Stubber

from tierguard.scanner.audit import AccountScanOptions, scan_account
from tierguard.scanner.config import Config
from tierguard.scanner.sources.account import AccountOptions
from tierguard.scanner.sources.account.collector import CollectContext
from tierguard.scanner.sources.account.collectors.messaging import Functions
from tierguard.scanner.sources.account.session import AccountSession, CallLog, _path_style_account

from .conftest import MOTO_GAPS

ACCOUNT = "123456789012"
PUBLIC = {"Effect": "Allow", "Principal": "*"}
OPEN_BLOCK = {"BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False}


def _policy(*statements) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _plant(session: boto3.Session) -> None:
    s3 = session.client("s3")
    for name in ("site", "vpce-only", "blocked", "acl-public"):
        s3.create_bucket(Bucket=name)
    s3.put_bucket_website(Bucket="site", WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})
    s3.put_bucket_policy(Bucket="site", Policy=_policy({**PUBLIC, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}))
    s3.put_bucket_policy(Bucket="vpce-only", Policy=_policy({**PUBLIC, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vpce-only/*",
                                                             "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c"}}}))
    s3.put_bucket_policy(Bucket="blocked", Policy=_policy({**PUBLIC, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::blocked/*"}))
    s3.put_public_access_block(Bucket="blocked", PublicAccessBlockConfiguration={**OPEN_BLOCK, "RestrictPublicBuckets": True})
    everyone = 'uri="http://acs.amazonaws.com/groups/global/AllUsers"'
    s3.put_bucket_acl(Bucket="acl-public", GrantRead=everyone, GrantWrite=everyone)  # public-read-write, spelled out

    sqs = session.client("sqs")
    open_queue = sqs.create_queue(QueueName="open-queue")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=open_queue, Attributes={"Policy": _policy({**PUBLIC, "Action": "sqs:SendMessage"})})
    fed_queue = sqs.create_queue(QueueName="fed-by-sns")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=fed_queue, Attributes={"Policy": _policy({
        "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
        "Condition": {"ArnEquals": {"aws:SourceArn": f"arn:aws:sns:us-east-1:{ACCOUNT}:orders"}}})})

    sns = session.client("sns")
    sns.create_topic(Name="orders")  # the default policy: this account only (AWS:SourceOwner)
    open_topic = sns.create_topic(Name="open-topic")["TopicArn"]
    sns.set_topic_attributes(TopicArn=open_topic, AttributeName="Policy",
                             AttributeValue=_policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Subscribe"}))

    kms = session.client("kms")
    kms.create_key(Description="default policy")
    kms.create_key(Description="anyone decrypts", Policy=_policy({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt",
                                                                 "Resource": "*"}))

    role = session.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def h(event, context):\n    return 1\n")
    lam = session.client("lambda")
    for name in ("open-fn", "s3-fed", "no-policy"):
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="index.h", Code={"ZipFile": code.getvalue()})
    lam.add_permission(FunctionName="open-fn", StatementId="anyone", Action="lambda:InvokeFunction", Principal="*")
    lam.add_permission(FunctionName="s3-fed", StatementId="uploads", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
                       SourceArn="arn:aws:s3:::uploads", SourceAccount=ACCOUNT)

    ecr = session.client("ecr")
    for name in ("open-repo", "org-repo", "plain-repo"):
        ecr.create_repository(repositoryName=name)
    ecr.set_repository_policy(repositoryName="open-repo", policyText=_policy({"Sid": "pull", **PUBLIC, "Action": "ecr:BatchGetImage"}))
    ecr.set_repository_policy(repositoryName="org-repo", policyText=_policy({
        "Sid": "pull", **PUBLIC, "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}))

    secrets = session.client("secretsmanager")
    leaked = secrets.create_secret(Name="leaked", SecretString="not-a-real-secret")["ARN"]
    secrets.put_resource_policy(SecretId=leaked, ResourcePolicy=_policy({"Effect": "Allow", "Principal": {"AWS": "*"},
                                                                        "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    secrets.create_secret(Name="kept", SecretString="not-a-real-secret")

    apigateway = session.client("apigateway")
    apigateway.create_rest_api(name="open-api", policy=_policy({**PUBLIC, "Action": "execute-api:Invoke", "Resource": "*"}))
    apigateway.create_rest_api(name="vpce-api", policy=_policy({**PUBLIC, "Action": "execute-api:Invoke", "Resource": "*",
                                                                "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}))


@pytest.fixture
def exposed(aws):
    _plant(aws)
    return scan_account(AccountScanOptions(AccountOptions(skip=MOTO_GAPS), use_checkov=False),
                        Config(runtime_hours=Decimal(72)))


def _exposures(result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        if finding.rule_id.startswith("TG-PUB-") and finding.severity.value != "info":
            found.setdefault(finding.rule_id, set()).add(finding.subject.label.split(" ", 1)[1].split(" (")[0])
    return found


def test_every_public_shape_is_found_and_every_compliant_one_passes(exposed) -> None:
    assert exposed.errors == []  # absent policies (NoSuchBucketPolicy, ResourceNotFoundException…) are no gaps
    found = _exposures(exposed)
    assert found.get("TG-PUB-001") == {"site"}
    assert found.get("TG-PUB-002") == {"acl-public"}
    assert {label.rsplit("/", 1)[-1] for label in found.get("TG-PUB-003", set())} == {"open-queue"}
    assert {label.rsplit(":", 1)[-1] for label in found.get("TG-PUB-004", set())} == {"open-topic"}
    assert len(found.get("TG-PUB-005", set())) == 1
    assert {label.split(":function:")[-1].split("/")[0] for label in found.get("TG-PUB-006", set())} == {"open-fn"}
    assert found.get("TG-PUB-008") == {"open-repo"}
    assert len(found.get("TG-PUB-009", set())) == 1
    assert found.get("TG-PUB-011") == {"open-api"}
    assert "TG-PUB-012" in found  # moto's account has no account-level Block Public Access


def test_severities_and_what_protects_a_neutralized_policy(exposed) -> None:
    by_rule = {}
    for finding in exposed.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    [site] = [f for f in by_rule["TG-PUB-001"] if f.severity.value != "info"]
    assert site.severity.value == "high" and "static website" in site.message
    [blocked] = [f for f in by_rule["TG-PUB-001"] if f.severity.value == "info"]
    assert "bucket blocked" in blocked.message and "RestrictPublicBuckets" in blocked.message
    [acl] = by_rule["TG-PUB-002"]
    assert acl.severity.value == "critical"  # public-read-write
    assert {f.severity.value for f in by_rule["TG-PUB-009"]} == {"critical"}  # reading a secret


def test_account_level_block_public_access_protects_every_bucket(aws) -> None:
    _plant(aws)
    s3control = aws.client("s3control")
    s3control.meta.events.register("before-send.s3-control", _path_style_account)  # moto serves it by path
    s3control.put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration={k: True for k in OPEN_BLOCK})
    result = scan_account(AccountScanOptions(AccountOptions(skip=MOTO_GAPS), use_checkov=False), Config())
    found = _exposures(result)
    assert "TG-PUB-001" not in found and "TG-PUB-002" not in found and "TG-PUB-012" not in found
    notes = {f.subject.label.split(" ")[1]: f.message for f in result.findings if f.rule_id in ("TG-PUB-001", "TG-PUB-002")}
    assert "the account's S3 Block Public Access setting RestrictPublicBuckets" in notes["site"]
    assert "the account's S3 Block Public Access setting IgnorePublicAcls" in notes["acl-public"]
    assert "the bucket's Block Public Access setting RestrictPublicBuckets" in notes["blocked"]  # its own comes first


def test_function_urls_are_read_with_their_auth_type() -> None:
    """moto does not implement ListFunctionUrlConfigs: the call is tested with botocore's Stubber."""
    session = AccountSession(boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name="us-east-1"), CallLog())
    stubber = Stubber(session.client("lambda", "us-east-1"))
    arn = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:hook"
    stubber.add_response("list_functions", {"Functions": [{"FunctionName": "hook", "FunctionArn": arn, "Runtime": "python3.12"}]})
    stubber.add_client_error("get_policy", service_error_code="ResourceNotFoundException", http_status_code=404)
    stubber.add_response("list_function_url_configs", {"FunctionUrlConfigs": [{
        "FunctionUrl": "https://abc.lambda-url.us-east-1.on.aws/", "FunctionArn": arn, "AuthType": "NONE",
        "CreationTime": "2026-01-01T00:00:00Z", "LastModifiedTime": "2026-01-01T00:00:00Z"}]})
    with stubber:
        ctx = CollectContext(session, ACCOUNT, "us-east-1", dt.datetime.now(dt.timezone.utc), absent=Functions.absent_codes())
        resources = Functions().collect(ctx)
    assert ctx.errors == []
    [url] = [r for r in resources if r.type == "AWS::Lambda::Url"]
    assert url.properties == {"TargetFunctionArn": arn, "AuthType": "NONE"}
