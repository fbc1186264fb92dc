"""The ASGI shell of every fake vendor API: request log and faults around its dispatcher."""

import asyncio
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from simulator.http.faults import (
    FaultInjector,
    drop_connection,
    html_response,
    malformed_response,
    status_response,
    unreadable_response,
)
from simulator.http.requestlog import RequestLog

Dispatch = Callable[[Request, bool], Awaitable[Response]]


class ApiError(Exception):
    """An error answer: HTTP status, a message for the client, optional headers."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers


def relative_path(scope: Scope) -> str:
    """The request path below the API's mount point, e.g. `/spaces/spc_1/counts/`."""
    root, path = scope.get("root_path", ""), scope["path"]
    return (path[len(root) :] if path.startswith(root) else path) or "/"


class VendorApi:
    """One mounted vendor API; `dispatch(request, shift_pages)` answers a request normally."""

    def __init__(self, api: str, dispatch: Dispatch, log: RequestLog, faults: FaultInjector):
        self.api = api
        self.dispatch = dispatch
        self.log = log
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        path = relative_path(scope)
        query = dict(request.query_params)
        status = 0

        async def send_logged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            fault = self.faults.take(self.api, path, query.get("page"))
            if fault and fault.kind == "drop":
                await drop_connection(send)
                return
            if fault and fault.kind == "status":
                response = status_response(fault)
            elif fault and fault.kind == "malformed":
                response = malformed_response()
            elif fault and fault.kind == "html":
                response = html_response()
            elif fault and fault.kind == "unreadable":
                response = unreadable_response()
            else:
                if fault and fault.kind == "delay":
                    await asyncio.sleep(fault.seconds)
                response = await self.dispatch(request, bool(fault and fault.kind == "shift_pages"))
            await response(scope, receive, send_logged)
        finally:
            self.log.append(self.api, request.method, path, query, status)
