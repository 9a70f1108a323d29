"""CLI command ``serve``: the web app and JSON API under uvicorn, one worker or several.

``register`` adds it to the ``mlmasters`` group; the web modules are imported when it runs.
"""

from __future__ import annotations

import os
from typing import Any

import click

from mlmasters.cli.context import Ctx, pass_ctx


@click.command()
@click.option("--host", envvar="MLMASTERS_HOST", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    envvar="MLMASTERS_PORT",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
)
@click.option(
    "--allow-remote", is_flag=True, help="Allow binding a non-loopback address (prints a warning)."
)
@click.option(
    "--private",
    is_flag=True,
    help="Private spaces on a loopback address too (e.g. behind a reverse proxy on this "
    "machine): saved data need a person's key. Always on beyond loopback.",
)
@click.option(
    "--database-url",
    envvar="MLMASTERS_DATABASE_URL",
    help="Where saved profiles live (SQLAlchemy URL; default SQLite in the data dir).",
)
@click.option(
    "--request-timeout",
    envvar="MLMASTERS_REQUEST_TIMEOUT",
    metavar="SECONDS",
    help="Time budget of one request, 503 beyond (0 = none) [env MLMASTERS_REQUEST_TIMEOUT; "
    "default 20].",
)
@click.option(
    "--workers",
    envvar="MLMASTERS_WORKERS",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes on the shared database; one that dies is restarted "
    "[env MLMASTERS_WORKERS].",
)
@click.option(
    "--forwarded-allow-ips",
    envvar="MLMASTERS_FORWARDED_ALLOW_IPS",
    metavar="IPS",
    help="Reverse proxies (comma-separated addresses or networks, or *) whose "
    "X-Forwarded-For/-Proto are believed [env MLMASTERS_FORWARDED_ALLOW_IPS; default: none].",
)
@pass_ctx
def serve(
    obj: Ctx,
    host: str,
    port: int,
    allow_remote: bool,
    private: bool,
    database_url: str | None,
    request_timeout: str | None,
    workers: int,
    forwarded_allow_ips: str | None,
) -> None:
    """Start the web app and JSON API (http://127.0.0.1:8000 by default).

    Beyond loopback (with --allow-remote), or with --private, saved profiles are private:
    each person makes a space and keeps its key. Logs hold no profile contents: one line a
    request (method, path without its query string, status, duration, worker pid).
    """
    from mlmasters import settings
    from mlmasters.web.factory import ENV, ServeConfig

    budget = settings.parse_request_timeout(request_timeout, "--request-timeout")
    settings.rate_compute()  # the workers read the rate limits: refuse bad ones now
    settings.rate_spaces()

    loopback = _loopback(host, allow_remote)
    trusted = _trusted_proxies(forwarded_allow_ips)
    if not loopback:
        click.echo(f"WARNING: serving on {host}:{port}, reachable from other machines", err=True)

    private = private or not loopback
    if private:
        click.echo("Private spaces: saved profiles need a personal key (/space)", err=True)
    if workers > 1:
        # Open the database once, here: an empty one gets its tables (the workers would race
        # to create them) and a schema version this release cannot use is refused with one
        # message, not by N workers failing and being restarted over and over.
        from mlmasters.storage import Store, default_database_url

        url = database_url or default_database_url(obj.data_dir or settings.default_data_dir())
        Store(url).engine.dispose()
    config = ServeConfig(
        data_dir=str(obj.data_dir) if obj.data_dir else None,
        database_url=database_url,
        private=private,
        signup_code=os.environ.get("MLMASTERS_SIGNUP_CODE") or None,
        request_timeout=budget,
    )
    # The workers inherit it (never on a command line: see web/factory.py).
    os.environ[ENV] = config.to_env()
    import uvicorn

    options = _uvicorn_options(host, port, workers, trusted)
    click.echo(
        f"mlmasters on http://{host}:{port} ({workers} worker{'s' if workers > 1 else ''}; "
        "Ctrl+C to stop)",
        err=True,
    )
    if workers == 1:
        from mlmasters.web.factory import build_app

        uvicorn.run(build_app(config), **options)
    else:
        # uvicorn's supervisor starts the workers (each calls build_app) and restarts one
        # that dies (checked every half second).
        uvicorn.run("mlmasters.web.factory:build_app", factory=True, workers=workers, **options)


def _loopback(host: str, allow_remote: bool) -> bool:
    """Whether ``host`` is a loopback address; a non-loopback one needs ``--allow-remote``."""
    import ipaddress

    from mlmasters.errors import InputError

    loopback = host == "localhost"
    if not loopback:
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            raise InputError(f"--host {host!r} is not an IP address or localhost") from None
    if not loopback and not allow_remote:
        raise InputError(
            f"refusing to bind {host}: it is not a loopback address",
            hint="pass --allow-remote to expose the app on your network",
        )
    return loopback


def _trusted_proxies(forwarded_allow_ips: str | None) -> list[str]:
    """The ``--forwarded-allow-ips`` list, each entry checked as an address or network."""
    import ipaddress

    from mlmasters.errors import InputError, Problem

    trusted = [a.strip() for a in (forwarded_allow_ips or "").split(",") if a.strip()]
    for a in trusted:
        try:
            if a != "*":
                ipaddress.ip_network(a, strict=False)
        except ValueError:
            raise InputError(
                "--forwarded-allow-ips is not a list of addresses",
                [Problem(f"{a!r} is not an IP address or network", field="--forwarded-allow-ips")],
                hint="e.g. 127.0.0.1 for a reverse proxy on this machine",
            ) from None
    return trusted


def _uvicorn_options(host: str, port: int, workers: int, trusted: list[str]) -> dict[str, Any]:
    from mlmasters.web.accesslog import log_config

    return {
        "host": host,
        "port": port,
        # uvicorn's messages at warning; with several workers at info, so that a worker
        # that dies and its replacement show in the log
        "log_config": log_config("info" if workers > 1 else "warning"),
        "access_log": False,  # ours is web/accesslog.py: no query strings
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }


def register(cli: click.Group) -> None:
    cli.add_command(serve)
