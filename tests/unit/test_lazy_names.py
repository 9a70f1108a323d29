"""The lazy public names of ``mlmasters`` and ``mlmasters.batch``: each listed once in a
``_HOME`` table, resolved from the module named there, and nothing else answered."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mlmasters
import mlmasters.batch


@pytest.mark.parametrize("package", [mlmasters, mlmasters.batch])
def test_every_public_name_has_a_home_and_comes_from_it(package: object) -> None:
    home = package._HOME  # type: ignore[attr-defined]
    names = set(package.__all__) - {"__version__"}  # type: ignore[attr-defined]
    assert set(home) == names
    modules = package._modules()  # type: ignore[attr-defined]
    assert set(home.values()) == set(modules)
    for name, where in home.items():
        value = getattr(package, name)
        if name == "batch" and package is mlmasters:
            assert callable(value)  # the function, or the callable package that runs it
            continue
        assert value is getattr(modules[where], name), name


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = mlmasters.nope  # type: ignore[attr-defined]
    from mlmasters import profile

    assert profile.__name__ == "mlmasters.profile"


def test_importing_the_package_loads_none_of_the_heavy_modules() -> None:
    code = (
        "import sys, mlmasters; "
        "print(sorted(m for m in ('pandas', 'mlmasters.service', 'mlmasters.profile') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
