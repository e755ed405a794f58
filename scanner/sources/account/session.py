"""boto3 sessions for the scan: the usual credential chain, optional role assumption, the
read-only guard, adaptive retries, and an API-call counter.

AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) are honoured by botocore itself, so the scan
can point at any AWS-compatible endpoint such as moto_server.
"""
from __future__ import annotations

import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
import botocore.session
from botocore.config import Config as BotoConfig
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError

from . import readonly

USER_AGENT = "tierguard"
# Codes that mean the credentials themselves stopped working (they were checked at start-up,
# so mid-scan this is expiry): nothing more can be read.
_FATAL_CODES = {
    "InvalidClientTokenId",
    "UnrecognizedClientException",
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidAccessKeyId",
}
_XML_CODE = re.compile(r"<Code>([A-Za-z.]+)</Code>")
_DENIED_CODES = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "AuthorizationErrorException",
    "OptInRequired",
    "InvalidAccessException",
}


class EndpointAnswerError(Exception):
    """The endpoint answered with something that is not an AWS response (an HTML error page from a
    proxy or load balancer): its HTTP status and a short text, never the page itself."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"HTTP {status}{short_message(text, status)}")
        self.status = status


def refuse_html_answers(response_dict: dict[str, Any] | None = None, **_: Any) -> None:
    """botocore 'before-parse' handler: an HTML page is reported as its status and title, before a
    protocol parser fails on it with a dump of the body."""
    if not response_dict:
        return
    # By content, not by Content-Type: some AWS-compatible endpoints label JSON answers text/html.
    body = response_dict.get("body") or b""
    head = body[:512].lstrip().lower() if isinstance(body, (bytes, bytearray)) else b""
    if head.startswith((b"<!doctype html", b"<html")):
        raise EndpointAnswerError(int(response_dict.get("status_code") or 0), bytes(body[:65536]).decode("utf-8", "replace"))


class ScanSetupError(Exception):
    """The scan cannot start as asked (bad region name…): one sentence for the user, exit 2."""


class CredentialsProblem(ScanSetupError):
    """No usable credentials: one sentence for the user, exit 2."""


def client_config(max_attempts: int | None = None) -> BotoConfig:
    if max_attempts is None:  # AWS_MAX_ATTEMPTS, as the AWS CLI and SDKs read it
        try:
            max_attempts = max(1, int(os.environ.get("AWS_MAX_ATTEMPTS", "5")))
        except ValueError:
            max_attempts = 5
    return BotoConfig(
        retries={"mode": "adaptive", "max_attempts": max_attempts},
        connect_timeout=5,
        read_timeout=30,
        user_agent_extra=USER_AGENT,
        max_pool_connections=32,
    )


@dataclass
class CallLog:
    """API calls made, by (service, operation, region): the bench compares it with the minimum."""

    counts: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, model: Any, context: dict[str, Any] | None = None, **_: Any) -> None:
        region = (context or {}).get("client_region") or "?"
        with self.lock:
            self.counts[(model.service_model.service_name, model.name, region)] += 1


class AccountSession:
    """One account's boto3 session, with thread-safe, cached client creation."""

    def __init__(self, session: boto3.Session, calls: CallLog, max_attempts: int | None = None) -> None:
        self.session = session
        self.calls = calls
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        self._config = client_config(max_attempts)
        readonly.install(session._session)
        session._session.register("before-parse", refuse_html_answers, unique_id="tierguard-html-answers")
        session._session.register("before-call", calls.record, unique_id="tierguard-call-log")
        self.account_id = ""
        self.partition = "aws"  # from the caller's ARN: aws, aws-cn, aws-us-gov…

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:  # boto3 sessions are not thread-safe; clients are
            if key not in self._clients:
                client = self.session.client(service, region_name=region, config=self._config)
                if service == "s3control" and _custom_endpoint("s3control"):
                    client.meta.events.register("before-send.s3-control", _path_style_account)
                self._clients[key] = client
            return self._clients[key]


def _custom_endpoint(service: str) -> bool:
    """AWS_ENDPOINT_URL (or the service's own variable) points the scan at an AWS-compatible endpoint."""
    specific = f"AWS_ENDPOINT_URL_{service.upper().replace('-', '_')}"
    return bool(os.environ.get(specific) or os.environ.get("AWS_ENDPOINT_URL"))


def _path_style_account(request: Any, **_: Any) -> None:
    """s3control puts the account id in front of the host (123456789012.s3-control…). An AWS-compatible
    endpoint such as moto_server or LocalStack serves it by path and cannot be reached under such a
    name, so with a custom endpoint the prefix is taken off again. Real AWS endpoints are untouched."""
    account = request.headers.get("x-amz-account-id")
    if not account:
        return
    parts = urlsplit(request.url)
    prefix = f"{account.decode() if isinstance(account, bytes) else account}."
    if parts.hostname and parts.hostname.startswith(prefix):
        request.url = urlunsplit(parts._replace(netloc=parts.netloc[len(prefix):]))


def open_session(profile: str | None, region: str, calls: CallLog, max_attempts: int | None = None) -> AccountSession:
    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except ProfileNotFound as exc:
        name = profile or exc.kwargs.get("profile") or os.environ.get("AWS_PROFILE")
        origin = "" if profile else " (from the AWS_PROFILE environment variable)"
        raise CredentialsProblem(
            f"AWS profile {name!r}{origin} was not found in ~/.aws/config or ~/.aws/credentials") from None
    try:
        credentials = session.get_credentials()
    except (BotoCoreError, ValueError) as exc:
        raise CredentialsProblem(f"the AWS credentials could not be loaded: {exc}") from None
    if credentials is None:
        raise CredentialsProblem(
            "no AWS credentials found (set AWS_PROFILE or --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID)"
        )
    account = AccountSession(session, calls, max_attempts)
    identify(account, region)
    return account


ACCOUNT_ID = re.compile(r"^\d{12}$")
_CALLER_ARN = re.compile(r"^arn:([a-z][a-z0-9-]{0,30}):")


def identify(account: AccountSession, region: str) -> None:
    """Set the session's account id and partition, via sts:GetCallerIdentity: also proves the credentials
    work. The id names report files and export paths, so an answer that is not 12 digits is refused."""
    try:
        answer = account.client("sts", region).get_caller_identity()
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        raise CredentialsProblem(f"the AWS credentials were rejected by sts:GetCallerIdentity ({code})") from None
    except (NoCredentialsError, PartialCredentialsError):
        raise CredentialsProblem("no AWS credentials found for the scan") from None
    except EndpointConnectionError as exc:
        raise CredentialsProblem(f"cannot reach AWS STS at {exc.kwargs.get('endpoint_url', '?')}") from None
    except ResponseParserError:
        raise CredentialsProblem("sts:GetCallerIdentity: the endpoint's answer is not a valid AWS response") from None
    except EndpointAnswerError as exc:
        raise CredentialsProblem(f"sts:GetCallerIdentity: the endpoint answered {exc}, not as AWS STS") from None
    except BotoCoreError as exc:
        raise CredentialsProblem(f"the AWS credentials could not be used: {classify_error(exc)[0]}") from None
    account_id = str(answer.get("Account") or "")
    if not ACCOUNT_ID.match(account_id):
        raise CredentialsProblem(f"sts:GetCallerIdentity answered the account id {short_message(account_id, None)[2:]!r}, "
                                 "not 12 digits: not an AWS endpoint tierguard can scan")
    partition = _CALLER_ARN.match(str(answer.get("Arn") or ""))
    account.account_id = account_id
    account.partition = partition.group(1) if partition else "aws"


def assume(base: AccountSession, role_arn: str, region: str, calls: CallLog, max_attempts: int | None = None) -> AccountSession:
    """A session in another account through sts:AssumeRole."""
    sts = base.client("sts", region)
    answer = sts.assume_role(RoleArn=role_arn, RoleSessionName="tierguard-scan", DurationSeconds=3600)
    credentials = answer["Credentials"]
    # A new session would read and parse every service's API model again (EC2's alone is megabytes of JSON):
    # for an organization that is most of the CPU a scan spends. The models are the same in every account,
    # so the caller's loader (and its cache) is shared; credentials, hooks and clients stay per account.
    botocore_session = botocore.session.Session()
    botocore_session.register_component("data_loader", base.session._session.get_component("data_loader"))
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=region,
        botocore_session=botocore_session,
    )
    account = AccountSession(session, calls, max_attempts)
    identify(account, region)
    return account


_TAG = re.compile(r"<[^>]*>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _status_and_code(status: Any, code: str) -> str:
    """'HTTP 500, InternalError': the status, and the AWS error code when the answer had one."""
    parts = [f"HTTP {status}"] if status else []
    if code and not code.isdigit():
        parts.append(code)
    return ", ".join(parts) or "error"


def short_message(message: Any, status: Any) -> str:
    """A short, plain, one-line message: an HTML error page becomes its title (or the HTTP reason),
    control characters never reach the terminal or a report."""
    text = str(message or "")
    if "<" in text and ">" in text:
        title = _TITLE.search(text)
        text = title.group(1) if title else _TAG.sub(" ", text)
    text = " ".join(_CONTROL.sub(" ", text).split())
    if not text or (status and text == str(status)):
        return ""
    return f": {text[:120]}{'…' if len(text) > 120 else ''}"


def error_code(exc: Exception) -> str | None:
    """The AWS error code of a failed call (NoSuchBucketPolicy, AccessDenied…), None when it had none."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "")) or None
    return None


def classify_error(exc: Exception) -> tuple[str, bool]:
    """(one-line reason, fatal?) for an exception from an AWS call."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", "error"))
        embedded = _XML_CODE.search(str(error.get("Message", "")))
        if code.isdigit() and embedded:  # an XML error body answered to a JSON API
            code = embedded.group(1)
        if code in _FATAL_CODES:
            return f"credentials rejected ({code})", True
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in _DENIED_CODES or "denied" in code.lower() or "unauthorized" in code.lower():
            return f"access denied ({code})", False
        if status == 403 and (not code or code.isdigit()):
            return "access denied (HTTP 403)", False
        return f"failed ({_status_and_code(status, code)}{short_message(error.get('Message'), status)})", False
    if isinstance(exc, EndpointConnectionError):
        return f"endpoint unreachable ({exc.kwargs.get('endpoint_url', '?')})", False
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return "no credentials", True
    if isinstance(exc, readonly.MutatingCallRefused):
        return str(exc), False
    if isinstance(exc, EndpointAnswerError):
        return f"failed ({exc})", False
    if isinstance(exc, ResponseParserError):
        return "failed (the endpoint's answer is not a valid AWS response)", False
    if isinstance(exc, (ReadTimeoutError, ConnectTimeoutError)):
        return f"failed (timed out: {exc.kwargs.get('endpoint_url', '?')})", False
    return f"failed ({type(exc).__name__}{short_message(str(exc).splitlines()[0] if str(exc) else '', None)})", False
