"""A real HTTP server on 127.0.0.1 for the feed tests: routes the test writes, and every
request's path and headers recorded so a test can see what the client sent."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Route:
    def __init__(self, body: bytes | str = b"", status: int = 200, content_type: str = "text/html; charset=utf-8",
                 headers: dict | None = None, etag: str | None = None, modified: str | None = None,
                 stream: int = 0, hang: float = 0.0):
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status, self.content_type = status, content_type
        self.headers = headers or {}
        self.etag, self.modified, self.stream, self.hang = etag, modified, stream, hang


class FeedServer:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                try:
                    server.answer(self, route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def answer(self, handler, route: Route) -> None:
        if route.hang:
            self.release.wait(route.hang)
            return
        if route.etag and handler.headers.get("If-None-Match") == route.etag or \
                route.modified and handler.headers.get("If-Modified-Since") == route.modified:
            handler.send_response(304)
            handler.end_headers()
            return
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        for k, v in route.headers.items():
            handler.send_header(k, v)
        if route.etag:
            handler.send_header("ETag", route.etag)
        if route.modified:
            handler.send_header("Last-Modified", route.modified)
        if not route.stream:
            handler.send_header("Content-Length", str(len(route.body)))
        handler.end_headers()
        if route.stream:
            # No Content-Length: only counting what arrives can stop it.
            block = b"<p>" + b"x" * 65_000 + b"</p>\n"
            for _ in range(route.stream // len(block)):
                handler.wfile.write(block)
            return
        handler.wfile.write(route.body)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[dict]:
        return [h for p, h in self.requests if p == path]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        time.sleep(0)
