"""A fault-injecting HTTP proxy in front of moto_server, for fault tests only (the guide allows this):
chosen API operations get an HTML error page, garbage, an expired-token answer, or never finish;
everything else is relayed to moto unchanged. It listens on a free loopback port."""
from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HTML_500 = (b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body>"
            b"<h1>Internal Server Error</h1><p>The server encountered an internal error \x1b[31m and was unable"
            b" to complete your request.</p>" + b"<p>stack frame</p>" * 200 + b"</body></html>")
GARBAGE = bytes(range(256)) * 8
ACCESS_DENIED = (b'<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>'
                 b"<Message>User is not authorized to perform: sts:AssumeRole</Message></Error>"
                 b"<RequestId>fault</RequestId></ErrorResponse>")
THROTTLED = (b'<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code>'
             b"<Message>Request limit exceeded.</Message></Error></Errors><RequestID>fault</RequestID></Response>")
EXPIRED_TOKEN = (b'<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>ExpiredToken</Code>'
                 b"<Message>The security token included in the request is expired</Message></Error></Errors>"
                 b"<RequestID>fault</RequestID></Response>")


def operation_of(headers, body: bytes, path: str) -> str:
    """The API operation a request calls: X-Amz-Target (JSON APIs) or Action= (query APIs); '' otherwise."""
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    query = parse_qs(urlsplit(path).query)
    if "Action" in query:
        return query["Action"][0]
    try:
        form = parse_qs(body.decode("utf-8", "replace"))
    except ValueError:
        return ""
    return form.get("Action", [""])[0]


@dataclass
class FaultProxy:
    upstream: str  # http://127.0.0.1:PORT of moto_server
    faults: dict[str, str] = field(default_factory=dict)  # operation -> html500 | garbage | expired | denied | throttle | hang | trickle
    after: dict[str, int] = field(default_factory=dict)  # operation -> how many calls pass before the fault starts
    only_if: dict[str, str] = field(default_factory=dict)  # operation -> the fault hits only requests whose body holds this
    times: dict[str, int] = field(default_factory=dict)  # operation -> how many calls the fault hits, then it passes
    faulted: dict[str, int] = field(default_factory=dict)
    faulted_keys: list[str] = field(default_factory=list)  # the access key of each request a fault hit
    spare_key: str | None = None  # requests signed with this access key are never faulted
    seen: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        proxy = self
        upstream = urlsplit(self.upstream)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = operation_of(self.headers, body, self.path)
                count = proxy.seen.get(operation, 0) + 1
                proxy.seen[operation] = count
                fault = proxy.faults.get(operation)
                wanted = proxy.only_if.get(operation)
                if wanted is not None and wanted.encode() not in body:
                    fault = None
                key = self.headers.get("Authorization", "").partition("Credential=")[2].split("/")[0]
                if key and key == proxy.spare_key:
                    fault = None
                if fault and operation in proxy.times and proxy.faulted.get(operation, 0) >= proxy.times[operation]:
                    fault = None
                if fault and count > proxy.after.get(operation, 0):
                    proxy.faulted[operation] = proxy.faulted.get(operation, 0) + 1
                    proxy.faulted_keys.append(key)
                    return self._fault(fault)
                connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "host")}
                headers["Host"] = upstream.netloc
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            def _fault(self, fault: str) -> None:
                if fault == "hang":
                    proxy._stop.wait(600)
                    return
                if fault == "trickle":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/xml")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    while not proxy._stop.wait(10):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                    return
                status, kind, body = {
                    "html500": (500, "text/html", HTML_500),
                    "garbage": (200, "text/xml", GARBAGE),
                    "expired": (403, "text/xml", EXPIRED_TOKEN),
                    "denied": (403, "text/xml", ACCESS_DENIED),
                    "throttle": (503, "text/xml", THROTTLED),
                }[fault]
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        time.sleep(0.05)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
