"""A throwaway PostgreSQL cluster for tests and benchmarks, started from the Debian binaries.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system
user (its folder is made under /tmp and handed to that user); as anyone else it runs as
that user. It listens on 127.0.0.1 on a free port, with password (scram) authentication,
and `stop()` removes it.

    cluster = Cluster.start()        # or Cluster.start(fsync=False) for tests
    url = cluster.create_database()  # postgresql://yutu:...@127.0.0.1:PORT/yutu_1
    cluster.stop()
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

USER, PASSWORD = "yutu", "moon-secret"
SUPERUSER, SUPER_PASSWORD = "postgres", "far-side"


def binaries() -> Path | None:
    """The folder of PostgreSQL's server binaries (newest version), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    def __init__(self, folder: Path, port: int, bindir: Path) -> None:
        self.folder = folder
        self.port = port
        self.bindir = bindir
        self._names = itertools.count(1)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @staticmethod
    def _as_owner(command: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    @classmethod
    def start(cls, *, fsync: bool = True, port: int | None = None) -> Cluster:
        bindir = binaries()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
        folder = Path(tempfile.mkdtemp(prefix="yutu-pg-", dir="/tmp"))
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        cluster = cls(folder, port or free_port(), bindir)
        try:
            cluster._init(fsync)
        except BaseException:
            cluster.stop()
            raise
        return cluster

    def _run(self, *command: str) -> None:
        subprocess.run(
            self._as_owner(list(command)),
            check=True,
            capture_output=True,
            cwd=self.folder,
            timeout=120,
        )

    def _init(self, fsync: bool) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(SUPER_PASSWORD + "\n")
        if os.geteuid() == 0:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
            "--pwfile", str(pwfile), "-A", "scram-sha-256", "-E", "UTF8", "--locale=C",
            "--no-sync",
        )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            f"-c max_connections=200 -c fsync={'on' if fsync else 'off'}"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip
        self.psql(f"CREATE ROLE {USER} LOGIN CREATEDB PASSWORD '{PASSWORD}'")

    def psql(self, sql: str, database: str = "postgres") -> str:
        env = {**os.environ, "PGPASSWORD": SUPER_PASSWORD}
        done = subprocess.run(
            [str(self.bindir / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-AtXq", "-c", sql],
            check=True, capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        return done.stdout

    def url(self, database: str, user: str = USER, password: str = PASSWORD) -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{database}"

    @property
    def admin_url(self) -> str:
        return self.url("postgres", SUPERUSER, SUPER_PASSWORD)

    def create_database(self) -> str:
        name = f"yutu_{next(self._names)}"
        self.psql(f"CREATE DATABASE {name} OWNER {USER}")
        return self.url(name)

    def pg_ctl(self, action: str) -> None:
        """stop / start / restart the server (same port and data)."""
        extra = ["-m", "immediate"] if action == "stop" else []
        options = (
            ["-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"]
            if action != "stop"
            else []
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
            *options, *extra, "-w", "-t", "60", action,
        )  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "-w", "stop")  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


class External:
    """A server given by YUTU_TEST_POSTGRES_URL (a role that may CREATE DATABASE)."""

    def __init__(self, url: str) -> None:
        self.admin_url = url
        self._names = itertools.count(1)
        self._prefix = f"yutu_test_{os.getpid()}"

    def create_database(self) -> str:
        import asyncio
        import threading

        import asyncpg

        name = f"{self._prefix}_{next(self._names)}"

        async def create() -> None:
            conn = await asyncpg.connect(self.admin_url)
            try:
                await conn.execute(f"DROP DATABASE IF EXISTS {name}")
                await conn.execute(f"CREATE DATABASE {name}")
            finally:
                await conn.close()

        errors: list[BaseException] = []
        thread = threading.Thread(target=lambda: _keep(errors, lambda: asyncio.run(create())))
        thread.start()
        thread.join()
        if errors:
            raise errors[0]
        parts = self.admin_url.rsplit("/", 1)
        query = ""
        if "?" in parts[1]:
            query = "?" + parts[1].split("?", 1)[1]
        return f"{parts[0]}/{name}{query}"

    def stop(self) -> None:
        pass


def _keep(errors: list[BaseException], work: object) -> None:
    try:
        work()  # type: ignore[operator]
    except BaseException as exc:
        errors.append(exc)


def main(argv: list[str]) -> int:
    """`python -m tests.pgserver start` prints the URL of a new cluster's database and the
    cluster's folder; `python -m tests.pgserver stop FOLDER` stops and removes it."""
    if argv[:1] == ["start"]:
        cluster = Cluster.start(fsync=False)
        print(cluster.url("postgres", SUPERUSER, SUPER_PASSWORD), cluster.folder)
        return 0
    if len(argv) == 2 and argv[0] == "stop":
        folder = Path(argv[1])
        bindir = binaries()
        if bindir is not None and folder.name.startswith("yutu-pg-"):
            Cluster(folder, 0, bindir).stop()
        return 0
    print("usage: python -m tests.pgserver start | stop FOLDER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
