"""What every CLI command shares: the ``--json`` and ``--programs`` options, the helpers
that declare options once (``choice``, ``option_group``), the command context (``Ctx``: the
data directory, and the service opened on it) and the validation of option values through
the service's Pydantic models.

The command modules (``cli/commands/*``) and ``cli/main.py`` import it; it imports neither,
so a command registers without importing back into ``main``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")

PROGRAMS_FILE = click.option(
    "--programs",
    "programs_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Add your own programs from a .toml/.json/.jsonl/.csv file (see docs/programs.md).",
)


def choice(*decls: str, choices: tuple[str, ...], help: str | None = None) -> Decorator:
    """An option taking one of ``choices``; the first is the default, shown in ``--help``."""
    return click.option(
        *decls, type=click.Choice(choices), default=choices[0], show_default=True, help=help
    )


def option_group(into: str, factory: Callable[..., Any], *opts: Decorator) -> Decorator:
    """Options declared once for several commands: their values reach the command as one
    argument ``into``, ``factory(**values)``, instead of a parameter each. ``opts`` read top
    to bottom as they would stand above the function."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in names}
            return f(*args, **kwargs, **{into: factory(**values)})

        before = len(getattr(command, "__click_params__", ()))
        decorated: Callable[..., Any] = command
        for o in reversed(opts):
            decorated = o(decorated)
        names = [p.name for p in decorated.__click_params__[before:]]  # type: ignore[attr-defined]
        return decorated

    return decorate


class Ctx:
    """The ``mlmasters`` group's context object: the data directory given (or None)."""

    def __init__(self, data_dir: Path | None):
        self.data_dir = data_dir

    def service(self, programs_file: Path | None = None) -> Any:
        from mlmasters.service import Service

        return Service(self.data_dir, programs_file=programs_file)


pass_ctx = click.make_pass_decorator(Ctx)


def validated(cls: Any, **values: Any) -> Any:
    """Validate CLI values through the service's Pydantic model (one set of rules); a bad
    value is an ``InputError`` that names the option (exit 2)."""
    from pydantic import ValidationError

    from mlmasters.errors import InputError, Problem

    try:
        return cls(**values)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            name = str(e["loc"][0])
            msg, hint = e["msg"], None
            if e["type"] == "string_pattern_mismatch":
                msg = f"{e['input']!r} is not valid"
                info = cls.model_fields.get(name)
                hint = info.description if info is not None else None
            problems.append(Problem(msg, field="--" + name.replace("_", "-"), hint=hint))
        raise InputError("invalid option value", problems) from None
