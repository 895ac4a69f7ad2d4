"""How the benchmark measures: child processes observed from outside, percentiles, machine load.

Every figure that a user would feel (a build, a cold ``qa ask``, the chat's first screen) is
measured on a separate process started here, so it includes interpreter start-up and imports
and its peak RSS is that process's own (``wait4`` returns the child's resource usage). The
chat and ``qa ask`` run on a pseudo-terminal, as under a user's terminal emulator, and are
timed until recognisable text appears in what they write to it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Terminal escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-byte escapes): removed
#: before looking for text, since a screen update interleaves text with styling.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_]"
    rb"|\x1b[()][0-9A-Za-z]"
)
_SPACE = re.compile(r"\s+")


@dataclass
class ProcessResult:
    """One child process: wall time from spawn to exit, peak RSS, exit status, its output."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    stdout: str
    stderr: str


def python() -> str:
    """The interpreter running the benchmark (the project's venv)."""
    return sys.executable


def _reap(proc: subprocess.Popen) -> float:
    """Wait for ``proc`` with ``wait4`` and return its own peak RSS in MiB.

    ``resource.getrusage(RUSAGE_CHILDREN)`` would give the maximum over all children so far,
    so a small build measured after a big one would report the big one's memory.
    """
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return round(usage.ru_maxrss / 1024, 1)  # kilobytes on Linux


def _has_exited(proc: subprocess.Popen) -> bool:
    """Whether ``proc`` has ended, without reaping it (its resource usage stays readable)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def run_measured(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 7200
) -> ProcessResult:
    """Run ``cmd`` to completion: wall time from spawn to exit, and the child's peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            rss = _reap(proc)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if seconds >= timeout:
        raise RuntimeError(f"timed out after {timeout:.0f} s: {' '.join(cmd)}")
    return ProcessResult(seconds, rss, proc.returncode, stdout, stderr)


def run_json(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 7200
) -> tuple[dict, ProcessResult]:
    """Run a benchmark worker that prints one JSON object as its last stdout line."""
    result = run_measured(cmd, env=env, cwd=cwd, timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd[:6])} … failed (exit {result.returncode}):\n{tail}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(cmd[:6])} … printed no JSON result")
    return json.loads(lines[-1]), result


@dataclass
class TerminalRun:
    """A program observed on a pseudo-terminal: when each awaited text first appeared."""

    seen: dict[str, float] = field(default_factory=dict)  # marker -> seconds since spawn
    exited: float | None = None  # seconds since spawn, if it ended by itself
    peak_rss_mb: float = float("nan")
    screen: str = ""  # everything it wrote, escape sequences removed


def run_on_terminal(
    cmd: Sequence[str],
    markers: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120.0,
    size: tuple[int, int] = (40, 120),
    wait_exit: bool = False,
) -> TerminalRun:
    """Spawn ``cmd`` on a new pty and time, from just before the spawn, each marker's appearance.

    Markers are compared with all whitespace removed on both sides, so a line wrapped by the
    program (rich wraps at the terminal width) still matches. The program is stopped
    (SIGTERM, then SIGKILL) once every marker was seen, unless ``wait_exit``.
    """
    master, slave = os.openpty()
    rows, cols = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    wanted = {m: _SPACE.sub("", m) for m in markers}
    run = TerminalRun()
    raw = bytearray()
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True, close_fds=True
    )
    os.close(slave)
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                if not chunk:
                    break
                now = time.perf_counter() - started
                raw += chunk
                _answer_queries(master, chunk)
                text = _SPACE.sub("", _ESCAPES.sub(b"", bytes(raw)).decode("utf-8", "replace"))
                for marker, squeezed in wanted.items():
                    if marker not in run.seen and squeezed in text:
                        run.seen[marker] = now
                if len(run.seen) == len(wanted) and not wait_exit:
                    break
            elif _has_exited(proc):
                break
    finally:
        if _has_exited(proc):
            run.exited = time.perf_counter() - started
        else:
            _stop(proc)
        os.close(master)
    run.peak_rss_mb = _reap(proc)
    run.screen = _ESCAPES.sub(b"", bytes(raw)).decode("utf-8", "replace")
    return run


def _answer_queries(master: int, chunk: bytes) -> None:
    """Reply to a cursor-position query as a terminal would (some programs wait for it)."""
    if b"\x1b[6n" in chunk:
        os.write(master, b"\x1b[1;1R")


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the program's process group; SIGKILL it if it is still there after 5 s."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if _has_exited(proc):
            return
        time.sleep(0.02)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (numpy's default), without importing numpy."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def load_average() -> float:
    """The one-minute load average: how busy the machine was while a figure was taken."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return float("nan")


def rss_now_mb() -> float:
    """This process's current resident set (VmRSS), in MiB."""
    return _proc_status_mb("VmRSS")


def peak_rss_mb() -> float:
    """This process's peak resident set so far (VmHWM), in MiB."""
    return _proc_status_mb("VmHWM")


def _proc_status_mb(field: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return float("nan")
