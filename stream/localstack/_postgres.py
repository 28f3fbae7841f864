"""PostgreSQL 16 from pgserver's bundled binaries, listening on 127.0.0.1 over TCP.

pgserver's own ``get_server`` listens on a unix socket only and by default stops the server at
interpreter exit, so its ``initdb``/``pg_ctl``/``postgres`` binaries are driven directly.
PostgreSQL refuses to run as root: under root the server runs as the ``pgserver`` OS
account, the one pgserver itself creates (``useradd``) for the same reason.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import signal
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ._errors import LocalStackError
from ._process import LOOPBACK, ProcessRef, identify, is_running, log_tail, terminate
from ._servers import ServiceName

DATABASE = "idp"
SUPERUSER = "postgres"
OS_USER = "pgserver"
# A UTF-8 ctype, so lower()/upper() and ILIKE work on Cyrillic and Kazakh letters
# (the C locale leaves them unchanged). C.UTF-8 is on Linux, en_US.UTF-8 on macOS.
_LOCALES = ("C.UTF-8", "C.utf8", "en_US.UTF-8")


@dataclass(frozen=True)
class _Account:
    uid: int
    gid: int


class PostgresServer:
    """One cluster in ``<state>/pgdata``; the service's database is ``idp``.

    Authentication is ``trust``: anyone on this machine may connect as ``postgres``.
    ``fsync=off`` speeds up tests; data survives a stop, restart or server crash, but not
    a crash of the machine.
    """

    name: ServiceName = "postgres"

    def __init__(self, state_dir: Path) -> None:
        self.pgdata = state_dir / "pgdata"
        self.log = state_dir / "postgres.log"
        self._account: _Account | None = None
        self._prepared = False

    @staticmethod
    def url(port: int) -> str:
        return f"postgresql://{SUPERUSER}@{LOOPBACK}:{port}/{DATABASE}"

    def start(self, port: int) -> ProcessRef:
        self._prepare()
        if not (self.pgdata / "PG_VERSION").exists():
            self._initdb()
        options = f"-h {LOOPBACK} -p {port} -k '' -c fsync=off"
        self._pg_ctl(["-l", str(self.log), "-o", options, "-w", "-t", "60", "start"], 70)
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError) as exc:
            raise LocalStackError(f"PostgreSQL started but wrote no pid file: {exc}") from exc
        ref = identify(pid)
        if ref is None:
            raise LocalStackError(f"PostgreSQL exited right after starting\n{log_tail(self.log)}")
        return ref

    def probe(self, port: int) -> None:
        if self._psql(port, "postgres", "SELECT 1") != "1":
            raise ConnectionError("SELECT 1 returned something else")

    def setup(self, port: int) -> None:
        exists = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"
        if self._psql(port, "postgres", exists) != "1":
            self._psql(port, "postgres", f"CREATE DATABASE {DATABASE}")

    def stop(self, ref: ProcessRef | None, grace: float) -> None:
        """Fast shutdown (rolls back open transactions, checkpoints); SIGQUIT/SIGKILL if stuck."""
        if not is_running(ref):
            return
        with contextlib.suppress(LocalStackError):  # terminate() below escalates
            self._pg_ctl(["-m", "fast", "-w", "-t", str(max(1, int(grace))), "stop"], grace + 5)
        terminate(ref, grace=grace, sig=signal.SIGQUIT)

    def _prepare(self) -> None:
        if self._prepared:
            return
        self.pgdata.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.log.touch()
        if os.geteuid() == 0:
            self._account = _server_account()
            # The server account must reach its data folder and log, and run the binaries.
            _grant_traverse(self.pgdata.parent)
            install = _bin_dir().parent
            _grant_traverse(install)
            for sub in ("bin", "lib", "share"):
                _grant_read(install / sub, executable=sub == "bin")
            os.chown(self.pgdata, self._account.uid, self._account.gid)
            os.chown(self.log, self._account.uid, self._account.gid)
        self.pgdata.chmod(0o700)
        self._prepared = True

    def _initdb(self) -> None:
        failures: list[str] = []
        for locale in _LOCALES:
            result = self._run(
                [
                    "initdb",
                    "-D",
                    str(self.pgdata),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    f"--locale={locale}",
                    "--no-sync",
                    "--no-instructions",
                ],
                as_server=True,
                timeout=120,
            )
            if result.returncode == 0:
                return
            failures.append(f"[{locale}] {result.stdout}{result.stderr}".strip())
        raise LocalStackError("initdb failed:\n" + "\n".join(failures))

    def _pg_ctl(self, args: list[str], timeout: float) -> None:
        result = self._run(
            ["pg_ctl", "-D", str(self.pgdata), *args], as_server=True, timeout=timeout
        )
        if result.returncode != 0:
            raise LocalStackError(
                f"pg_ctl {args[-1]} failed: {(result.stdout + result.stderr).strip()}\n"
                f"{log_tail(self.log)}"
            )

    def _psql(self, port: int, database: str, sql: str) -> str:
        result = self._run(
            [
                "psql",
                "-X",
                "-Atq",
                "-h",
                LOOPBACK,
                "-p",
                str(port),
                "-U",
                SUPERUSER,
                "-d",
                database,
                "-c",
                sql,
            ],
            as_server=False,
            timeout=10,
        )
        if result.returncode != 0:
            raise ConnectionError(result.stderr.strip() or f"psql exited {result.returncode}")
        return result.stdout.strip()

    def _run(
        self, argv: list[str], *, as_server: bool, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        # Stray PG* variables (PGPASSWORD, PGSSLMODE, PGDATABASE…) would change what psql does.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["PGCONNECT_TIMEOUT"] = "2"
        account = self._account if as_server else None
        try:
            return subprocess.run(
                [str(_bin_dir() / argv[0]), *argv[1:]],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                cwd="/",  # the server account may not be allowed into the caller's folder
                user=account.uid if account else None,
                group=account.gid if account else None,
                extra_groups=[] if account else None,
            )
        except subprocess.TimeoutExpired as exc:
            raise LocalStackError(
                f"{argv[0]} took longer than {timeout:.0f}s\n{log_tail(self.log)}"
            ) from exc


def _bin_dir() -> Path:
    # find_spec does not import pgserver: its __init__ sets up a runtime folder and a lock
    # file (and warns without XDG_RUNTIME_DIR) that are not used here.
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.submodule_search_locations:
        raise LocalStackError("pgserver is not installed: pip install 'idp-loan-delay[stack]'")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _server_account() -> _Account:
    """The unprivileged account PostgreSQL runs as under root; created on first use."""
    try:
        entry = pwd.getpwnam(OS_USER)
    except KeyError:
        result = subprocess.run(
            ["useradd", "--shell", "/bin/bash", OS_USER], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise LocalStackError(
                f"PostgreSQL cannot run as root and useradd {OS_USER} failed: "
                f"{result.stderr.strip()}"
            ) from None
        entry = pwd.getpwnam(OS_USER)
    return _Account(entry.pw_uid, entry.pw_gid)


def _grant_read(tree: Path, *, executable: bool) -> None:
    """Make a bundled install tree readable (and its binaries runnable) by other accounts."""
    wanted = stat.S_IRGRP | stat.S_IROTH | (stat.S_IXGRP | stat.S_IXOTH if executable else 0)
    for folder, _, files in os.walk(tree):
        _add_mode(Path(folder), stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH)
        for name in files:
            _add_mode(Path(folder) / name, wanted)


def _add_mode(path: Path, bits: int) -> None:
    mode = path.stat().st_mode
    if mode & bits != bits:
        path.chmod(mode | bits)


def _grant_traverse(path: Path) -> None:
    """Add o+x (enter, not list) to path and its parents, as far as they lack it."""
    for folder in (path, *path.parents):
        mode = folder.stat().st_mode
        if not mode & stat.S_IXOTH:
            folder.chmod(mode | stat.S_IXOTH)
