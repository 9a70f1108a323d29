"""One JSON error shape for the API; a friendly HTML page for the site. No tracebacks."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from mlmasters.errors import MlmastersError, Problem

log = logging.getLogger("mlmasters.web")

_CODES = {400: "bad_request", 401: "token_required", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 422: "invalid_input",
          500: "internal_error", 503: "unavailable"}  # fmt: skip


class ProblemOut(BaseModel):
    message: str
    field: str | None = None
    file: str | None = None
    line: int | None = None
    hint: str | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    problems: list[ProblemOut]
    hint: str | None = None


class ErrorResponse(BaseModel):
    """The one error shape of the JSON API."""

    error: ErrorDetail


#: Documented on every API route, so clients (and schemathesis) know the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (400, "Bad request"),
        (401, "Token required (saved profiles on a server exposed beyond loopback)"),
        (403, "Forbidden (e.g. a stale form token)"),
        (404, "Not found"),
        (413, "Request body too large"),
        (422, "Invalid input"),
        (503, "Data snapshot unavailable, or the request ran past its time budget"),
    )
}


def error_body(
    status: int,
    message: str,
    problems: list[Problem] | None = None,
    hint: str | None = None,
    code: str | None = None,
) -> dict[str, object]:
    return {
        "error": {
            "code": code or _CODES.get(status, "error"),
            "message": message,
            "problems": [p.to_dict() for p in problems or []],
            "hint": hint,
        }
    }


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def _render(request: Request, status: int, body: dict[str, object]) -> Response:
    if _wants_json(request):
        return JSONResponse(body, status_code=status)
    templates = request.app.state.templates
    err = body["error"]
    return HTMLResponse(
        templates.get_template("error.html").render(request=request, status=status, error=err),
        status_code=status,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MlmastersError)
    async def _mlm(request: Request, exc: MlmastersError) -> Response:
        body = exc.to_dict()
        return _render(request, exc.http_status, body)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            where = ".".join(loc[1:]) if len(loc) > 1 else ".".join(loc)
            problems.append(Problem(str(e.get("msg", "invalid")), field=where or None))
        body = error_body(422, "the request is not valid", problems)
        return _render(request, 422, body)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        msg = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and msg == "Not Found":
            msg = f"nothing at {request.url.path}"
        return _render(request, exc.status_code, error_body(exc.status_code, msg))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        body = error_body(500, "internal error; the problem was logged on the server")
        return _render(request, 500, body)
