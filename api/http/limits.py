"""Request size limit as plain ASGI middleware: declared and streamed (chunked) bodies alike."""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit"]


class BodyLimit:
    """Answer 413 to a body larger than ``max_bytes``, naming the limit.

    A ``Content-Length`` over the limit is refused before anything is read; a chunked body is
    counted as it arrives and refused once it passes the limit (nothing has been stored then:
    handlers run after the whole body is read).
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self, got: str) -> str:
        return f"request body must be at most {self.max_bytes} bytes, got {got}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            body = json.dumps({"message": self._message(f"content-length {declared.decode('latin-1')}")})
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": body.encode()})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(
                        413, detail=self._message(f"more than {self.max_bytes} bytes (chunked)")
                    )
            return message

        await self.app(scope, counted, send)
