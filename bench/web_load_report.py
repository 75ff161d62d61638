"""What bench/web_load.py prints: each run's figures, and the scaling from one run to the
next with OK or MISS against the target."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from web_load_users import Figures

TARGET_MS = 200.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Outcome:
    """One configuration's run, for the comparison at the end."""

    processes: int
    requests_per_second: float
    cpu_ms_per_request: float
    pages95: float
    saves95: float
    errors: int
    lost: int

    @property
    def ok(self) -> bool:
        return (
            self.pages95 < TARGET_MS and self.saves95 < TARGET_MS and not self.errors
            and not self.lost
        )  # fmt: skip


@dataclass(frozen=True)
class Cpu:
    """CPU seconds used during the load."""

    server: float
    database: float
    """The PostgreSQL backends of the run's database (those connected at the end)."""
    generator: float
    """This script: the simulated users' threads."""


def show(figures: Figures, idle: dict[str, list[float]], seconds: float, lost: int,
         cpu: Cpu, processes: int, args: argparse.Namespace) -> Outcome:  # fmt: skip
    base = percentile(figures.latency["static"], 0.5)
    print(
        f"\n{args.users} users, {args.reports} reports, think time {args.think} s, "
        f"{processes} server process(es) × {args.server_threads} threads, "
        f"PostgreSQL, {seconds:.0f} s"
    )
    rate = figures.requests / seconds
    per_request = 1000 * cpu.server / max(1, figures.requests)
    print(f"  requests: {figures.requests} ({rate:.1f} per second)")
    print(
        f"  CPU in {seconds:.0f} s (the cores give {seconds * (os.cpu_count() or 1):.0f} s): "
        f"server {cpu.server:.1f} s ({per_request:.1f} ms per request), PostgreSQL "
        f"{cpu.database:.1f} s, load generator {cpu.generator:.1f} s"
    )
    print(
        f"  {'':<24} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p50 × base':>11} {'p95 × base':>11}"
    )
    rows = [
        ("pages", figures.latency["page"]),
        ("saves", figures.latency["save"]),
        *sorted((k, v) for k, v in figures.latency.items() if k.startswith("page: ")),
        *(
            [("logins (before the load)", figures.latency["login-post"])]
            if figures.latency["login-post"]
            else []
        ),
        ("baseline: static file", figures.latency["static"]),
        ("baseline: login page", figures.latency["login"]),
        ("idle: static file", idle["static"]),
        ("idle: login page", idle["login"]),
    ]
    for name, values in rows:
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(
            f"  {name:<24} {len(values):>7} {p50:>9.1f} {p95:>9.1f} "
            f"{p50 / base:>11.1f} {p95 / base:>11.1f}"
        )
    print(f"  (base = the static file's p50 under load, {base:.1f} ms)")
    print(f"  errors: {len(figures.errors)}")
    for message in sorted(set(figures.errors))[:10]:
        print(f"    {message}")
    print(f"  conflicts (409): {figures.conflicts} in {figures.conflict_rounds} rounds of two "
          "concurrent saves of the same unit")  # fmt: skip
    print(f"  lost updates: {lost}")
    return Outcome(
        processes,
        rate,
        per_request,
        percentile(figures.latency["page"], 0.95),
        percentile(figures.latency["save"], 0.95),
        len(figures.errors),
        lost,
    )


def compare(outcomes: list[Outcome], args: argparse.Namespace) -> None:
    """The scaling from the first configuration to each other, and the verdicts."""
    first = outcomes[0]
    print(f"\nScaling at {args.users} users (think time {args.think} s):")
    print(f"  {'processes':<10} {'req/s':>7} {'× first':>8} {'CPU ms/req':>11} "
          f"{'pages p95':>10} {'saves p95':>10} {'errors':>7} {'lost':>5}  target")  # fmt: skip
    for o in outcomes:
        verdict = "OK" if o.ok else "MISS"
        print(
            f"  {o.processes:<10} {o.requests_per_second:>7.1f} "
            f"{o.requests_per_second / first.requests_per_second:>8.2f} "
            f"{o.cpu_ms_per_request:>11.1f} {o.pages95:>10.1f} {o.saves95:>10.1f} "
            f"{o.errors:>7} {o.lost:>5}  {verdict}"
        )
    print(f"  target: p95 < {TARGET_MS:.0f} ms for pages and saves, no errors, none lost "
          "(issue #15: with two processes)")  # fmt: skip
