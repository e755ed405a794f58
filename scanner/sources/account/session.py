"""boto3 sessions for the scan: the usual credential chain, optional role assumption, the
read-only guard, adaptive retries, and an API-call counter.

AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) are honoured by botocore itself, so the scan
can point at any AWS-compatible endpoint such as moto_server.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import boto3
from botocore.config import Config as BotoConfig
from botocore.credentials import ReadOnlyCredentials
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
from .shared_clients import AccountRetries, SharedClients, bound

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

    def __getstate__(self) -> dict[str, Any]:  # a worker process sends the counts, not the lock
        return {"counts": self.counts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.counts = state["counts"]
        self.lock = threading.Lock()

    def record(self, model: Any, context: dict[str, Any] | None = None, **_: Any) -> None:
        region = (context or {}).get("client_region") or "?"
        with self.lock:
            self.counts[(model.service_model.service_name, model.name, region)] += 1


class AccountSession:
    """One account's credentials and clients: the caller's own boto3 session, with thread-safe, cached client
    creation; or (`member`) an assumed role's credentials, read through the clients its process shares among
    such accounts (shared_clients.py), under `bound()`."""

    def __init__(self, session: boto3.Session, calls: CallLog, max_attempts: int | None = None,
                 member_of: AccountSession | None = None, credentials: ReadOnlyCredentials | None = None) -> None:
        self.session = session  # a member's: the caller's, for its settings only (never its credentials)
        self.calls = calls
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        self.account_id = ""
        self.partition = "aws"  # from the caller's ARN: aws, aws-cn, aws-us-gov…
        self._members: SharedClients | None = None  # the caller's: created for the first member it assumes
        self._shared: SharedClients | None = None  # a member's: its process's clients
        self.credentials = credentials  # a member's, signing its calls on the shared clients
        self.retries: AccountRetries | None = None  # a member's retry and throttling state
        self._config: BotoConfig
        if member_of is not None:
            self._config = member_of._config
            self.partition = member_of.partition
            self._shared = member_of.shared_clients()
            self.retries = AccountRetries(total_attempts(self._config))
            return
        self._config = client_config(max_attempts)
        readonly.install(session._session)
        session._session.register("before-parse", refuse_html_answers, unique_id="tierguard-html-answers")
        session._session.register("before-call", calls.record, unique_id="tierguard-call-log")

    @classmethod
    def member(cls, caller: AccountSession, credentials: ReadOnlyCredentials, calls: CallLog) -> AccountSession:
        """An account reached with sts:AssumeRole from `caller`."""
        return cls(caller.session, calls, member_of=caller, credentials=credentials)

    def shared_clients(self) -> SharedClients:
        """The clients of the member accounts this session assumes roles in."""
        with self._lock:
            if self._members is None:
                self._members = SharedClients(self.session._session.get_component("data_loader"), self._config, new_client,
                                              refuse_html_answers)
            return self._members

    def bound(self) -> contextlib.AbstractContextManager[None]:
        """While a thread reads this account (a member's shared clients sign with its credentials)."""
        return bound(self) if self._shared is not None else contextlib.nullcontext()

    def client(self, service: str, region: str) -> Any:
        if self._shared is not None:
            return self._shared.client(service, region)
        key = (service, region)
        with self._lock:  # boto3 sessions are not thread-safe; clients are
            if key not in self._clients:
                self._clients[key] = new_client(self.session._session, service, region, self._config)
            return self._clients[key]


def new_client(botocore_session: Any, service: str, region: str, config: BotoConfig) -> Any:
    client = botocore_session.create_client(service, region_name=region, config=config)
    if service == "s3control" and _custom_endpoint("s3control"):
        client.meta.events.register("before-send.s3-control", _path_style_account)
    return client


def total_attempts(config: BotoConfig) -> int:
    """Attempts per request, the first included (botocore's max_attempts counts the retries only)."""
    retries = config.retries or {}
    return int(retries.get("total_max_attempts") or int(retries.get("max_attempts", 4)) + 1)


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


def assume(base: AccountSession, role_arn: str, region: str, calls: CallLog) -> AccountSession:
    """A session in another account through sts:AssumeRole."""
    sts = base.client("sts", region)
    answer = sts.assume_role(RoleArn=role_arn, RoleSessionName="tierguard-scan", DurationSeconds=3600)
    credentials = answer["Credentials"]
    # Read through the clients shared by every member (shared_clients.py): a client per account and service
    # would cost more CPU than the account's calls themselves.
    account = AccountSession.member(base, ReadOnlyCredentials(
        credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]), calls)
    with account.bound():
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
