"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, listening on loopback only.

PostgreSQL refuses to run as root (CI runs as root), so the server then runs as the `postgres` system user
that the Debian package creates (or `nobody`).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder holding initdb/pg_ctl/postgres: on PATH, else the newest Debian install."""
    initdb = shutil.which("initdb")
    if initdb and os.path.exists(os.path.join(os.path.dirname(os.path.realpath(initdb)), "postgres")):
        return Path(os.path.realpath(initdb)).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="recoupe-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = None  # run as ourselves unless we are root
        if os.geteuid() == 0:
            self.user = next(u for u in ("postgres", "nobody") if _user_exists(u))
            os.chmod(self.root, 0o755)
            os.makedirs(self.data, mode=0o700)
            pw = pwd.getpwnam(self.user)
            os.chown(self.data, pw.pw_uid, pw.pw_gid)

    def _run(self, *args: str) -> None:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        res = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True, user=self.user, env=env,
            cwd=self.root, timeout=120,
        )
        if res.returncode != 0:
            log = self.root / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {res.stderr.strip()} {res.stdout.strip()} {tail}")

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "recoupe", "--auth=trust", "--encoding=UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # Loopback only, no Unix socket; durability off is fine for a throwaway test server.
        opts = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        log = self.root / "log"
        if self.user:
            log.touch()
            pw = pwd.getpwnam(self.user)
            os.chown(log, pw.pw_uid, pw.pw_gid)
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(log), "-w", "-t", "60", "start")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://recoupe@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 STRATEGY file_copy")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False
