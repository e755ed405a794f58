"""Partial access, bad credentials, and the APIs moto lacks (tested with botocore's Stubber)."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import boto3
import pytest
from botocore.stub import Stubber

from tierguard.rules import ACCOUNT, RuleContext, catalogue
from tierguard.scanner.config import Config
from tierguard.scanner.facts import ScanFacts
from tierguard.scanner.model import Inventory
from tierguard.scanner.sources.account.collector import CollectContext
from tierguard.scanner.sources.account.collectors.budgets import Budgets
from tierguard.scanner.sources.account.session import AccountSession, CallLog

from .conftest import MOTO_GAPS, aws_environment, run_tierguard, start_moto_server

LIMITED_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["sts:GetCallerIdentity", "ec2:Describe*", "elasticloadbalancing:Describe*"],
                   "Resource": "*"}],
}


@pytest.fixture(scope="module")
def enforcing_moto():
    """A moto_server that enforces IAM after set-up, and the keys of a user who may read only some APIs."""
    process, endpoint = start_moto_server({"INITIAL_NO_AUTH_ACTION_COUNT": "4"})
    try:
        session = boto3.Session(region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
        iam = session.client("iam", endpoint_url=endpoint)
        iam.create_user(UserName="auditor")
        iam.put_user_policy(UserName="auditor", PolicyName="partial", PolicyDocument=json.dumps(LIMITED_POLICY))
        key = iam.create_access_key(UserName="auditor")["AccessKey"]
        session.client("sts", endpoint_url=endpoint).get_caller_identity()  # uses up the last unauthenticated action
        yield endpoint, key["AccessKeyId"], key["SecretAccessKey"]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run(endpoint: str, key: str, secret: str, workdir: Path, *args: str):
    environment = aws_environment(endpoint, key, secret)
    return run_tierguard("account", "--no-checkov", *[a for gap in MOTO_GAPS for a in ("--skip", gap)], *args,
                         cwd=workdir, env=environment)


def test_partial_access_is_an_incomplete_scan_that_names_the_gaps(enforcing_moto, workdir: Path) -> None:
    endpoint, key, secret = enforcing_moto
    run = _run(endpoint, key, secret, workdir)
    assert run.code == 3, run.output
    assert "Traceback" not in run.output
    errors = run.report["scan"]["errors"]
    assert run.report["scan"]["complete"] is False
    named = {e["message"].split(":", 2)[0] + ":" + e["message"].split(":", 2)[1].split(" ")[0] for e in errors}
    assert "iam:GetAccountAuthorizationDetails" in named and "rds:DescribeDBInstances" in named
    assert all(e["where"] == "123456789012/us-east-1" and e["kind"] == "incomplete" for e in errors)
    otherwise = {e["message"].split(":", 1)[0] for e in errors if "access denied" not in e["message"]}
    # moto answers its REST-JSON services with a signature error instead of AccessDenied once IAM is enforced
    assert otherwise <= {"opensearch", "lambda", "apigateway"}, errors
    # what was allowed was scanned: EC2 and ELB collectors reported nothing missing
    assert not [e for e in errors if e["message"].startswith(("ec2:", "elbv2:"))]
    # a denied Budgets API is a gap, not "no budget"
    assert not [f for f in run.report["findings"] if f["category"] == "missing-budget"]
    assert "Scan incomplete" in run.stdout and "iam:GetAccountAuthorizationDetails" in run.stdout


def test_an_invalid_token_is_one_sentence_and_exit_2(enforcing_moto, workdir: Path) -> None:
    endpoint, _, _ = enforcing_moto
    run = _run(endpoint, "AKIAIOSFODNN7EXAMPLE", "not-the-secret", workdir)
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [
        "tierguard: error: the AWS credentials were rejected by sts:GetCallerIdentity (InvalidClientTokenId)"
    ]


def test_no_credentials_is_one_sentence_and_exit_2(workdir: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    environment.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true",
                       AWS_DEFAULT_REGION="us-east-1")
    exe = Path(sys.executable).with_name("tierguard")
    done = subprocess.run([str(exe), "account"], cwd=workdir, env=environment, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "tierguard: error: no AWS credentials found (set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID)"
    ]


def test_an_unknown_profile_and_a_bad_region_are_usage_errors(workdir: Path) -> None:
    environment = {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    run = run_tierguard("account", "--profile", "nope", cwd=workdir, env=environment)
    assert run.code == 2 and "AWS profile 'nope' was not found" in run.stderr
    from_env = run_tierguard("account", cwd=workdir, env={**environment, "AWS_PROFILE": "nope"})
    assert from_env.code == 2 and "AWS profile 'nope' (from the AWS_PROFILE environment variable)" in from_env.stderr
    for typo, says in (("redshfit", "did you mean redshift?"), ("ec2:DescribeNatGateway", "did you mean ec2:DescribeNatGateways?"),
                       ("ec2:RunInstances", "is not a call the scan makes"), ("zzzzz", "one of: acm,")):
        run = run_tierguard("account", "--skip", typo, cwd=workdir, env=environment)
        assert run.code == 2 and run.stderr.count("\n") == 1 and says in run.stderr, run.stderr  # before any call


def _stubbed_budgets(responses: list[tuple[str, dict]]):
    session = AccountSession(boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name="us-east-1"), CallLog())
    client = session.client("budgets", "us-east-1")
    stubber = Stubber(client)
    for operation, answer in responses:
        stubber.add_response(operation, answer)
    return session, stubber


NOTIFICATION = {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 1.0, "ThresholdType": "ABSOLUTE_VALUE"}


def _budget(actual: str = "0.42", forecast: str = "3.10") -> dict:
    return {"Budgets": [{
        "BudgetName": "lab-monthly", "BudgetLimit": {"Amount": "5", "Unit": "USD"}, "TimeUnit": "MONTHLY", "BudgetType": "COST",
        "CalculatedSpend": {"ActualSpend": {"Amount": actual, "Unit": "USD"}, "ForecastedSpend": {"Amount": forecast, "Unit": "USD"}},
    }]}


def _findings(resources):
    inventory = Inventory(resources)
    ctx = RuleContext(inventory, Config(), ACCOUNT, ScanFacts.at(dt.datetime.now(dt.timezone.utc), accounts=["123456789012"]))
    return [f for rule in catalogue(ACCOUNT) for f in rule.evaluate(ctx)]


def test_budget_subscribers_are_read_live() -> None:
    """moto does not implement DescribeSubscribersForNotification: this call is tested with a Stubber."""
    subscriber = {"SubscriptionType": "SNS", "Address": "arn:aws:sns:us-east-1:123456789012:billing"}
    session, stubber = _stubbed_budgets([
        ("describe_budgets", _budget()),
        ("describe_notifications_for_budget", {"Notifications": [NOTIFICATION]}),
        ("describe_subscribers_for_notification", {"Subscribers": [subscriber]}),
    ])
    with stubber:
        ctx = CollectContext(session, "123456789012", "us-east-1", dt.datetime.now(dt.timezone.utc))
        [budget] = Budgets().collect(ctx)
        stubber.assert_no_pending_responses()
    assert ctx.errors == []
    assert budget.prop("NotificationsWithSubscribers") == [{"Notification": NOTIFICATION, "Subscribers": [subscriber]}]
    assert budget.observed == {"actual_spend": "0.42", "forecast_spend": "3.10"}
    assert _findings([budget]) == []  # a 5 USD monthly budget alerting at 1 USD to a subscriber: correct


def test_spend_above_the_limit_comes_from_the_budgets_api() -> None:
    session, stubber = _stubbed_budgets([
        ("describe_budgets", _budget(actual="6.20", forecast="11.00")),
        ("describe_notifications_for_budget", {"Notifications": [NOTIFICATION]}),
        ("describe_subscribers_for_notification", {"Subscribers": [{"SubscriptionType": "EMAIL", "Address": "learner@example.com"}]}),
    ])
    with stubber:
        [budget] = Budgets().collect(CollectContext(session, "123456789012", "us-east-1", dt.datetime.now(dt.timezone.utc)))
    [over] = _findings([budget])
    assert over.rule_id == "TG-OVB-002" and "6.20 USD, above the 5 USD limit" in over.message


def test_a_failed_subscriber_call_is_a_gap_not_a_finding() -> None:
    session, stubber = _stubbed_budgets([
        ("describe_budgets", _budget()),
        ("describe_notifications_for_budget", {"Notifications": [NOTIFICATION]}),
    ])
    stubber.add_client_error("describe_subscribers_for_notification", service_error_code="AccessDeniedException",
                             http_status_code=403)
    with stubber:
        ctx = CollectContext(session, "123456789012", "us-east-1", dt.datetime.now(dt.timezone.utc))
        [budget] = Budgets().collect(ctx)
    assert [e.message for e in ctx.errors] == [
        "budgets:DescribeSubscribersForNotification (IAM budgets:ViewBudget): access denied (AccessDeniedException)"
    ]
    assert _findings([budget]) == []


def test_an_html_error_page_is_one_clean_line_in_the_terminal_and_reports(aws, moto_server, workdir: Path) -> None:
    """Issue 11.6: an endpoint answering 500 with an HTML page: service:Action, HTTP status, a short message."""
    from .fault_proxy import FaultProxy

    with FaultProxy(moto_server, faults={"DescribeNatGateways": "html500"}) as proxy:
        environment = aws_environment(proxy.endpoint)
        run = run_tierguard("account", "--no-checkov", "--format", "json,md,html",
                            *[a for gap in MOTO_GAPS for a in ("--skip", gap)], cwd=workdir, env={**environment,
                                                                                              "AWS_MAX_ATTEMPTS": "1"})
    assert run.code == 1 and run.report["scan"]["complete"] is False, run.output  # 1: this account has no budget
    [error] = [e for e in run.report["scan"]["errors"] if "DescribeNatGateways" in e["message"]]
    assert error["message"] == "ec2:DescribeNatGateways: failed (HTTP 500: 500 Internal Server Error)"
    for text in (run.stdout, (workdir / "tierguard-report" / "tierguard.md").read_text(),
                 (workdir / "tierguard-report" / "tierguard.html").read_text()):
        assert "stack frame" not in text and "<h1>" not in text and "\x1b" not in text
    assert "ec2:DescribeNatGateways: failed (HTTP 500: 500 Internal Server Error)" in run.stdout


def test_an_answer_a_collector_declares_as_absence_is_no_gap_in_the_scan() -> None:
    """Issue 12.3: NoSuchBucketPolicy means "no policy", not "could not see"; AccessDenied stays a gap."""
    from tierguard.scanner.sources.account.collector import Collector

    class BucketPolicies(Collector):
        name, service, types = "bucket-policies", "s3", ("AWS::S3::BucketPolicy",)
        calls = (("s3", "GetBucketPolicy"),)
        absent: ClassVar[dict[tuple[str, str], tuple[str, ...]]] = {("s3", "GetBucketPolicy"): ("NoSuchBucketPolicy",)}

    session = AccountSession(boto3.Session(aws_access_key_id="stub", aws_secret_access_key="stub", region_name="us-east-1"),
                             CallLog())
    stubber = Stubber(session.client("s3", "us-east-1"))
    stubber.add_client_error("get_bucket_policy", service_error_code="NoSuchBucketPolicy", http_status_code=404)
    stubber.add_client_error("get_bucket_policy", service_error_code="AccessDenied", http_status_code=403)
    with stubber:
        ctx = CollectContext(session, "123456789012", "us-east-1", dt.datetime.now(dt.timezone.utc),
                             absent=BucketPolicies.absent_codes())
        assert ctx.call("s3", "GetBucketPolicy", missing=BucketPolicies.types, Bucket="quiet") == {}
        assert ctx.errors == [] and ctx.uncollected == set()
        assert ctx.call("s3", "GetBucketPolicy", missing=BucketPolicies.types, Bucket="locked") is None
    assert [e.message for e in ctx.errors] == ["s3:GetBucketPolicy: access denied (AccessDenied)"]
    assert ctx.uncollected == {"AWS::S3::BucketPolicy"}
