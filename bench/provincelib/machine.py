"""What a result was measured on: machine, commit, date, database backend."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "bench" / "results"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return 0.0


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def backend_of(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def describe(url: str) -> dict:
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD")
        + (" (+ uncommitted changes)" if dirty else ""),
        "backend": backend_of(url),
        "database": url.split("@")[-1],
        "machine": {
            "nproc": os.cpu_count(),
            "memory_gib": _memory_gib(),
            "cpu": _cpu_model(),
            "python": platform.python_version(),
            #: Other work on the machine skews the figures: the 1/5/15-minute load averages.
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
    }


def header_lines(info: dict) -> list[str]:
    m = info["machine"]
    data = ", ".join(f"{k} {v:,}" for k, v in info.get("data", {}).items())
    return [
        f"- date: {info['date']}, commit {info['commit']}",
        f"- database: {info['backend']} ({info['database']})",
        f"- machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}, "
        f"load average {' / '.join(map(str, m.get('load_average', [])))} at the end",
    ] + ([f"- data: {data}"] if data else [])
