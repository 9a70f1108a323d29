"""A throwaway PostgreSQL cluster for tests and benchmarks: Debian's own server binaries,
a data directory and a Unix socket in a temporary directory, no TCP, stopped at the end.

    with PostgresCluster() as pg:
        url = pg.create_database("t1")   # postgresql+psycopg://postgres@/t1?host=/tmp/...
        ...

Why by hand and not a plugin. pytest-postgresql (on PyPI) needs no network either — it
drives the locally installed ``pg_ctl`` — but it would be one more dependency (with mirakuru
and port-for) for about 150 lines, and it does not fit here:
- CI runs as root, and PostgreSQL refuses to run as root. The plugin runs ``pg_ctl`` as the
  current user; this class runs ``initdb``/``pg_ctl`` as the ``postgres`` system user (via
  ``runuser``) when it is root, and as the current user otherwise.
- It listens on a TCP port (found with port-for); this cluster has only a socket in its own
  directory (``listen_addresses=''``), so parallel runs and other engineers cannot collide.
- It starts the server with ``-F`` (fsync off); the durability tests want the server as
  deployed (``fsync=on``).
- The benchmarks import this class too (``sys.path`` at the repository root), outside pytest.

Where the binaries are: the highest version under ``/usr/lib/postgresql/*/bin`` (Debian's
``postgresql`` package; ``make test`` installs it, see the Makefile), or the directory in
``MLMASTERS_PG_BINDIR``. The driver is psycopg 3 (the ``dev`` and ``postgres`` extras).
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from types import TracebackType

SUPERUSER = "postgres"  # the database role initdb creates, whoever runs the server
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def find_bindir() -> Path | None:
    """The directory of ``initdb``/``pg_ctl``: the highest installed Debian version."""
    override = os.environ.get("MLMASTERS_PG_BINDIR")
    if override:
        return Path(override) if (Path(override) / "initdb").exists() else None
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")

    def version(path: str) -> tuple[int, ...]:
        parts = Path(path).parent.parent.name.split(".")
        return tuple(int(p) for p in parts if p.isdigit())

    return Path(max(found, key=version)).parent if found else None


def unavailable() -> str | None:
    """Why a cluster cannot be started here (None when it can)."""
    if find_bindir() is None:
        return (
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
            "`make pytest` installs Debian's postgresql package, or run "
            "`apt-get install --no-install-recommends postgresql`"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is missing: pip install 'psycopg[binary]>=3.1'"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root, and there is no `postgres` system user to run the server"
        if shutil.which("runuser") is None:
            return "running as root, and `runuser` (util-linux) is missing"
    return None


class PostgresCluster:
    """One ``initdb``'d cluster in a temporary directory; ``start()`` then ``stop()``."""

    def __init__(self, parent: str | Path = "/tmp") -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError(unavailable() or "PostgreSQL is not installed")
        self.bindir = bindir
        self._parent = Path(parent)
        self.base: Path | None = None
        self._running = False
        self._as_root = os.geteuid() == 0

    # -- paths -----------------------------------------------------------------------------
    @property
    def _dir(self) -> Path:
        if self.base is None:
            raise RuntimeError("the cluster is not started")
        return self.base

    @property
    def datadir(self) -> Path:
        return self._dir / "data"

    @property
    def socketdir(self) -> Path:
        return self._dir / "sock"

    @property
    def logfile(self) -> Path:
        return self._dir / "server.log"

    # -- processes -------------------------------------------------------------------------
    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """A server binary, as the ``postgres`` system user when we are root."""
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        env.pop("PGDATA", None)
        proc = subprocess.run(
            cmd,
            cwd=self._dir,  # postgres can enter it (not so root's home or the work tree)
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if proc.returncode != 0:
            log = self.logfile.read_text(errors="replace")[-2000:] if self.logfile.exists() else ""
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({proc.returncode}):\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}{log}"
            )
        return proc

    def start(self) -> PostgresCluster:
        # A fresh directory right under /tmp, whose parents the postgres user can traverse
        # (pytest's tmp_path is under a 0o700 directory of root's). It and the socket's
        # directory stay 0o700, owned by whoever runs the server: with trust auth on the
        # socket, no other user of the machine may reach it (root can, being root).
        self.base = Path(tempfile.mkdtemp(prefix="mlm-pg-", dir=self._parent))
        self.socketdir.mkdir(mode=0o700)
        if self._as_root:
            pw = pwd.getpwnam("postgres")
            for path in (self.base, self.socketdir):
                os.chown(path, pw.pw_uid, pw.pw_gid)
        atexit.register(self.stop)  # a run that dies still stops its server
        try:
            self._run(
                "initdb",
                "-D", str(self.datadir),
                "-U", SUPERUSER,
                "--auth-local=trust",  # the socket only, in a directory of its own
                "--auth-host=reject",  # and no TCP at all (listen_addresses='')
                "-E", "UTF8",
                "--no-locale",
                "--no-sync",  # a throwaway cluster's initial files need no fsync
            )  # fmt: skip
            options = (
                f"-k {self.socketdir} -c listen_addresses='' -c fsync=on "
                "-c max_connections=200 -c shared_buffers=32MB"
            )
            self._run(
                "pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w", "-t", "60",
                "-o", options, "start",
            )  # fmt: skip
        except BaseException:
            self.stop()
            raise
        self._running = True
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are ended) and remove its files."""
        if self.base is None:
            return
        try:
            if (self.datadir / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "stop")
        finally:
            self._running = False
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None
            atexit.unregister(self.stop)

    def __enter__(self) -> PostgresCluster:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- databases -------------------------------------------------------------------------
    def url(self, dbname: str = "postgres") -> str:
        """The SQLAlchemy URL of a database of this cluster (psycopg 3, over the socket)."""
        return f"postgresql+psycopg://{SUPERUSER}@/{dbname}?host={self.socketdir}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=str(self.socketdir), dbname="postgres", user=SUPERUSER, autocommit=True
        ) as con:
            con.execute(sql.encode())

    def create_database(self, name: str | None = None) -> str:
        """A new empty database (a unique name when none is given); its URL."""
        if not self._running:
            raise RuntimeError("the cluster is not started")
        name = name or f"t_{uuid.uuid4().hex[:16]}"
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any session still connected to it."""
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        if self._running:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
