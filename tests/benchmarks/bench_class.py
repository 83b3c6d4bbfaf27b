"""Benchmark: a class of 30 browser tabs connecting within 10 s to one
``nn-explorer serve`` on this machine (loopback only, bounded in count and
time).

One session is opened first and left on its home screen (the teacher's, or
a student who came early); then ``--sessions`` websocket clients connect, one
every ``--within / --sessions`` seconds. While they start, the first session
presses ``?`` every half second and times the help overlay's arrival. Prints
the time from each client's connect to its first screen (p50/p95/max), how
many failed, the already-open session's key latency (p50/p95/max), and,
once every session has imported PyTorch (or after ``--settle`` seconds), the
total and per-session PSS and USS of the session processes.

    python tests/benchmarks/bench_class.py [--sessions 30] [--within 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]  # tests/, root

import aiohttp  # noqa: E402

from bench_memory import rollup  # noqa: E402
from e2etools import Served, descendants  # noqa: E402

HOME = "Folding"  # the home screen's first lesson
HELP = "Keys ·"  # the help overlay's title


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def has_torch(pid: int) -> bool:
    try:
        return "libtorch_cpu" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


class Tab:
    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url, self.data = session, url, b""

    async def open(self) -> None:
        self.ws = await self.session.ws_connect(self.url + "?width=120&height=40")
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.data += message.data

    async def wait_for(self, needle: str, timeout: float, since: int = 0) -> float | None:
        t0 = time.perf_counter()
        raw = needle.encode()
        while raw not in self.data[since:]:
            if time.perf_counter() - t0 > timeout:
                return None
            await asyncio.sleep(0.005)
        return time.perf_counter() - t0

    async def key(self, key: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", key]))

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def class_run(http: aiohttp.ClientSession, url: str, sessions: int, within: float, timeout: float) -> dict:
    if True:  # (the tabs stay open until the caller closes ``http``)
        first = Tab(http, url)
        await first.open()
        if await first.wait_for(HOME, timeout) is None:
            raise RuntimeError("the first session never painted")
        await asyncio.sleep(3.0)  # it imports PyTorch on its home screen
        keys: list[float] = []
        missed = 0
        done = asyncio.Event()

        async def press_keys() -> None:
            nonlocal missed
            while not done.is_set():
                since = len(first.data)
                await first.key("?")
                took = await first.wait_for(HELP, 5.0, since)
                if took is None:
                    missed += 1
                else:
                    keys.append(took)
                await asyncio.sleep(0.1)
                await first.key("\x1b")
                await asyncio.sleep(0.4)

        async def student(i: int) -> float | None:
            await asyncio.sleep(i * within / sessions)
            tab = Tab(http, url)
            t0 = time.perf_counter()
            try:
                await tab.open()
                took = await tab.wait_for(HOME, timeout)
            except aiohttp.ClientError:
                took = None
            tabs.append(tab)
            return None if took is None else time.perf_counter() - t0

        tabs: list[Tab] = []
        presser = asyncio.ensure_future(press_keys())
        firsts = await asyncio.gather(*(student(i) for i in range(sessions)))
        done.set()
        await presser
        return {"firsts": firsts, "keys": keys, "missed": missed, "tabs": tabs, "first": first}


async def main_async(args) -> None:
    served = Served("--max-sessions", str(args.sessions + 1), "--idle-timeout", "30")
    http = aiohttp.ClientSession()
    try:
        t0 = time.perf_counter()
        result = await class_run(http, served.url.replace("http", "ws") + "/ws", args.sessions, args.within,
                                 args.timeout)
        ok = [t for t in result["firsts"] if t is not None]
        failed = len(result["firsts"]) - len(ok)
        print(f"{args.sessions} sessions connecting within {args.within:.0f} s (plus one already open), "
              f"{time.perf_counter() - t0:.0f} s in all")
        print(f"  time to first screen: p50 {statistics.median(ok):.1f} s, p95 {pct(ok, 0.95):.1f} s, "
              f"max {max(ok):.1f} s; failed {failed}")
        ms = [k * 1000 for k in result["keys"]]
        print(f"  the open session's key ('?' to help) while they start: {len(ms)} keys, p50 "
              f"{statistics.median(ms):.0f} ms, p95 {pct(ms, 0.95):.0f} ms, max {max(ms):.0f} ms, "
              f"unanswered within 5 s {result['missed']}")
        # until every session has imported PyTorch: the total stops growing (or --settle runs out)
        t_settle, last = time.perf_counter() + args.settle, -1.0
        while time.perf_counter() < t_settle:
            await asyncio.sleep(2.0)
            total = sum(rollup(p).get("Pss", 0) for p in descendants(served.proc.pid))
            if abs(total - last) < 0.01 * total:
                break
            last = total
        pids = [p for p in descendants(served.proc.pid) if rollup(p).get("Rss", 0) > 50]
        if not pids:
            print("  no session processes found to measure")
            return
        rolls = [rollup(p) for p in pids]
        pss = [r.get("Pss", 0) for r in rolls]
        uss = [r.get("Private_Clean", 0) + r.get("Private_Dirty", 0) for r in rolls]
        print(f"  {len(pids)} session processes ({sum(has_torch(p) for p in pids)} with libtorch mapped), "
              f"on their home screens: total PSS {sum(pss) / 1024:.1f} GB, per session PSS median "
              f"{statistics.median(pss):.0f} MB, USS median {statistics.median(uss):.0f} MB")
        for tab in [result["first"], *result["tabs"]]:
            await tab.close()
    finally:
        await http.close()
        served.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--within", type=float, default=10.0)
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds a session may take to paint")
    ap.add_argument("--settle", type=float, default=120.0, help="seconds to wait for every PyTorch import")
    args = ap.parse_args()
    if not 1 <= args.sessions <= 64:
        raise SystemExit("bench_class: --sessions must be 1..64")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
