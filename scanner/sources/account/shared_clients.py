"""One botocore client per service and region, shared by every member account a process scans.

Creating a client costs botocore about 3 ms of CPU (a class with a method per operation, a copy of the
session's event handlers, a connection pool): 56 of them per account (28 services x 2 regions) were most
of the CPU an organization scan spent, and under the GIL that CPU, not the network, set the pace. Clients
are thread-safe; what differs between accounts is only whose credentials sign a request, whose calls are
counted, and whose throttling slows whom. So a thread reading an account binds it (`bound`), and:

- the shared clients' credentials are those of the account bound to the calling thread; a call made with
  no account bound fails with NoCredentialsError: never another account's credentials;
- each call is counted in the bound account's CallLog;
- retries and adaptive rate limiting stay per account, service and region, as with a client per account
  (AWS throttles each account on its own): botocore's own standard and adaptive retry handlers are set up
  once per account, service and region, and the shared client hands each event to the bound account's.

The caller's own account keeps its own boto3 session; this serves the accounts reached by sts:AssumeRole.
"""
from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.config import Config as BotoConfig
from botocore.credentials import CredentialProvider, CredentialResolver, Credentials, ReadOnlyCredentials
from botocore.exceptions import NoCredentialsError
from botocore.retries import adaptive, standard

from . import readonly

if TYPE_CHECKING:
    from .session import AccountSession

# The account the current thread (or task) reads; set by `bound`, copied into per-item pools.
_BOUND: contextvars.ContextVar[AccountSession | None] = contextvars.ContextVar("tierguard_bound_account", default=None)


def bound_account() -> AccountSession:
    account = _BOUND.get()
    if account is None:
        raise NoCredentialsError()  # a call outside any account: refused, never signed as someone else
    return account


@contextlib.contextmanager
def bound(account: AccountSession) -> Iterator[None]:
    token = _BOUND.set(account)
    try:
        yield
    finally:
        _BOUND.reset(token)


class _BoundCredentials(Credentials):
    """Whatever account is bound to the calling thread; botocore's signer asks for them on every request."""

    def __init__(self) -> None:
        super().__init__("bound-per-thread", "bound-per-thread", method="custom-tierguard-bound")

    def get_frozen_credentials(self) -> ReadOnlyCredentials:
        frozen = bound_account().credentials
        if frozen is None:
            raise NoCredentialsError()
        return frozen


class _BoundProvider(CredentialProvider):
    METHOD = "custom-tierguard-bound"
    CANONICAL_NAME = "custom-tierguard-bound"

    def load(self) -> Credentials:
        return _BoundCredentials()


class _EventCapture:
    """Stands in for a client's event system while botocore sets up its own retry handlers on it, so that
    the same handlers can be kept per account and called by the shared client."""

    def __init__(self, service_model: Any) -> None:
        self.meta = SimpleNamespace(events=self, service_model=service_model)
        self.handlers: dict[str, list[Callable[..., Any]]] = {}

    def register(self, event_name: str, handler: Callable[..., Any], unique_id: str | None = None) -> None:
        self.handlers.setdefault(event_name.split(".", 1)[0], []).append(handler)


class AccountRetries:
    """botocore's standard retry handler and adaptive rate limiter, per (service, region), of one account."""

    def __init__(self, max_attempts: int) -> None:
        self._max_attempts = max_attempts
        self._handlers: dict[tuple[str, str], dict[str, list[Callable[..., Any]]]] = {}
        self._lock = threading.Lock()

    def handlers(self, client: Any, event: str) -> list[Callable[..., Any]]:
        key = (client.meta.service_model.service_name, client.meta.region_name)
        with self._lock:
            if key not in self._handlers:
                capture = _EventCapture(client.meta.service_model)
                standard.register_retry_handler(capture, max_attempts=self._max_attempts)
                adaptive.register_retry_handler(capture)
                self._handlers[key] = capture.handlers
            return self._handlers[key].get(event, [])


class SharedClients:
    """The clients of one process's member accounts, one per service and region."""

    def __init__(self, loader: Any, config: BotoConfig, client_factory: Callable[[Any, str, str, BotoConfig], Any],
                 refuse_html_answers: Callable[..., None]) -> None:
        session = botocore.session.Session()
        session.register_component("data_loader", loader)  # the API models, parsed once per process
        session.register_component("credential_provider", CredentialResolver([_BoundProvider()]))
        readonly.install(session)
        session.register("before-parse", refuse_html_answers, unique_id="tierguard-html-answers")
        session.register("before-call", self._count, unique_id="tierguard-call-log")
        self._session = session
        # botocore's own retry handler on the shared client never retries: the bound account's does
        self._config = config.merge(BotoConfig(retries={"mode": "standard", "total_max_attempts": 1}))
        self._factory = client_factory
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _count(model: Any, context: dict[str, Any] | None = None, **kwargs: Any) -> None:
        bound_account().calls.record(model, context, **kwargs)

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                client = self._factory(self._session, service, region, self._config)
                for event in ("before-send", "needs-retry", "after-call"):
                    client.meta.events.register(event, _dispatcher(client, event))
                self._clients[key] = client
            return self._clients[key]


def _dispatcher(client: Any, event: str) -> Callable[..., Any]:
    def dispatch(**kwargs: Any) -> Any:
        account = _BOUND.get()
        if account is None or account.retries is None:
            return None
        answer = None
        for handler in account.retries.handlers(client, event):
            response = handler(**kwargs)
            if answer is None:
                answer = response  # botocore takes the first answer that is not None (a retry delay)
        return answer

    return dispatch
