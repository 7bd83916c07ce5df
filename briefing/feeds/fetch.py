"""HTTP for feeds and pages, as a good citizen: http(s) only (redirects too), a timeout and
a size limit on every download, conditional requests, a User-Agent naming briefing, and a
few requests at a time per host."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from briefing import __version__
from briefing.errors import FeedError

USER_AGENT = f"briefing/{__version__} (terminal news reader; feed fetcher)"
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


@dataclass
class Response:
    url: str
    status: int
    body: bytes
    content_type: str
    etag: str | None = None
    modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError(f"{url}: only http and https addresses are fetched", 2)
    return url


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        from urllib.parse import urljoin

        target = urljoin(req.full_url, newurl)
        if urlsplit(target).scheme not in ("http", "https"):
            raise FeedError(f"{req.full_url}: redirected to a {urlsplit(target).scheme or 'non-web'} address; not followed")
        return super().redirect_request(req, fp, code, msg, headers, target)

    def http_error_302(self, req, fp, code, msg, headers):
        from urllib.parse import urljoin

        target = headers.get("Location") or headers.get("URI") or ""
        scheme = urlsplit(urljoin(req.full_url, target)).scheme
        if scheme not in ("http", "https"):
            raise FeedError(f"{req.full_url}: redirected to a {scheme or 'non-web'} address; not followed")
        # urllib counts visits per URL; a chain of distinct URLs is capped here too.
        visited = getattr(req, "redirect_dict", {})
        if sum(visited.values()) >= MAX_REDIRECTS:
            raise FeedError(f"{req.full_url}: too many redirects (a redirect loop?)")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class Fetcher:
    """One per fetch run; thread-safe. ``per_host`` requests at a time go to one host."""

    def __init__(self, timeout: float = 20, per_host: int = 2):
        self.timeout = timeout
        self.per_host = max(1, per_host)
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        # No proxy from the environment: what is fetched is exactly what was asked for.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _Redirects())

    def _slot(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            return self._hosts.setdefault(host, threading.Semaphore(self.per_host))

    def get(self, url: str, limit: int, etag: str | None = None, modified: str | None = None) -> Response:
        check_url(url)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        req = urllib.request.Request(url, headers=headers)
        with self._slot(url):
            try:
                return self._read(req, url, limit)
            except FeedError:
                raise
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return Response(url, 304, b"", "", etag, modified)
                if exc.code in (301, 302, 303, 307, 308):
                    raise FeedError(f"{url}: too many redirects (a redirect loop?)") from None
                raise FeedError(f"{url}: the server answered {exc.code} {exc.reason}") from None
            except urllib.error.URLError as exc:
                raise FeedError(f"{url}: {_reason(exc.reason)}") from None
            except (TimeoutError, socket.timeout):
                raise FeedError(f"{url}: no answer within {self.timeout:g} s") from None
            except (OSError, ValueError) as exc:
                raise FeedError(f"{url}: {_reason(exc)}") from None

    def _read(self, req, url: str, limit: int) -> Response:
        deadline = time.monotonic() + self.timeout
        with self._opener.open(req, timeout=self.timeout) as resp:
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FeedError(f"{url}: {int(length) // 1_000_000 or '<1'} MB is more than the "
                                f"{limit // 1_000_000} MB limit; not downloaded")
            chunks, size = [], 0
            while True:
                # A server trickling bytes forever is as unanswered as a silent one.
                if time.monotonic() > deadline:
                    raise FeedError(f"{url}: not finished within {self.timeout:g} s")
                chunk = resp.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise FeedError(f"{url}: more than the {limit // 1_000_000} MB limit; download stopped")
                chunks.append(chunk)
            return Response(resp.geturl(), resp.status, b"".join(chunks),
                            resp.headers.get("Content-Type", ""), resp.headers.get("ETag"),
                            resp.headers.get("Last-Modified"))


def _reason(reason) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "no answer in time"
    if isinstance(reason, socket.gaierror):
        return "cannot reach the server (no network, or the host name is unknown)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    text = getattr(reason, "strerror", None) or str(reason)
    return " ".join(str(text).split())[:160] or type(reason).__name__
