"""The Jinja environment the pages and the report render with.

Templates are the package's ``web/templates`` folder (read as files: nothing of the web app is
imported). Filters: ``money`` (USD, a true minus sign), ``value``, ``chance``, ``plural``
(present.py), ``plain`` (a choice's plain name) and ``plain_html`` (plain words, given the
person's answers); globals: the version and ``back_to_even``. The web app adds its own
globals on top (web/app.py).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from mlmasters._version import __version__
from mlmasters.models.roi.verdict import back_to_even
from mlmasters.present import chance, money, plural, value
from mlmasters.render.plain import plain_html
from mlmasters.render.words import choice_name


def _money(v: Any) -> str:
    return money(v, minus="−")


def _plain_html(html: Any, profile: Any = None) -> Markup:
    return Markup(plain_html(str(html), profile))


def templates_env() -> Environment:
    """A new environment over the shipped templates, with the shared filters."""
    root = Path(str(files("mlmasters").joinpath("web", "templates")))
    env = Environment(
        loader=FileSystemLoader(root),
        autoescape=select_autoescape(["html", "xml"]),
        auto_reload=False,  # templates ship in the package: no stat() of each file per render
    )
    env.filters["money"] = _money
    env.filters["value"] = value
    env.filters["chance"] = chance
    env.filters["plural"] = plural
    env.filters["plain"] = choice_name
    env.filters["plain_html"] = _plain_html
    env.globals["version"] = __version__
    env.globals["back_to_even"] = back_to_even
    return env
