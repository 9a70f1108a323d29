"""Lazy public names of a package (PEP 562 ``__getattr__``), shared by ``mlmasters`` and
``mlmasters.batch``: a table says in which module each name lives, and the first use of a
name imports the modules (by plain imports, in the package's own ``_modules``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from types import ModuleType
from typing import Any


def attribute(
    namespace: MutableMapping[str, Any],
    package: str,
    name: str,
    home: Mapping[str, str],
    modules: Callable[[], Mapping[str, ModuleType]],
) -> Any:
    """``name`` from its module, kept in the package's ``namespace`` (later look-ups do not
    come here). A name outside ``home`` raises AttributeError: submodule imports probe the
    package first (``from mlmasters import profile``) and then load the submodule."""
    where = home.get(name)
    if where is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(modules()[where], name)
    namespace[name] = value
    return value
