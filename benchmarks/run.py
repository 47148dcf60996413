"""Time each stage of `crosscheck report` on a folder of articles (default: the bundled fixtures).

    python benchmarks/run.py [PATH] [--repeat N]

Prints a Markdown table: wall time per stage (median of N runs, model loaded once beforehand and
timed separately), articles/second and peak RSS. Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

from crosscheck.extractor import extract
from crosscheck.extractor.nlp import load_model
from crosscheck.loader import load_paths
from crosscheck.pipeline import build_report
from crosscheck.reporters import REPORTERS, RenderOptions
from crosscheck.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(Path(__file__).parent.parent / "fixtures" / "articles"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    started = time.perf_counter()
    load_model(settings.model)
    model_seconds = time.perf_counter() - started
    timings: dict[str, list[float]] = {"load": [], "extract": [], "reconcile": [], "render": []}
    articles = claims = groups = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        loaded = load_paths([Path(args.path)], settings)
        t1 = time.perf_counter()
        extraction = extract(loaded.sources, settings)
        t2 = time.perf_counter()
        report = build_report(loaded, extraction)
        t3 = time.perf_counter()
        REPORTERS["json"].report(report, RenderOptions())
        t4 = time.perf_counter()
        for stage, seconds in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            timings[stage].append(seconds)
        articles, claims, groups = len(report.sources), len(report.claims), len(report.groups)
    total = sum(statistics.median(v) for v in timings.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| articles | model load s | load s | extract s | reconcile s | render s | total s | articles/s "
          f"| claims | groups | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    medians = [f"{statistics.median(timings[s]):.3f}" for s in timings]
    print(f"| {articles} | {model_seconds:.2f} | {' | '.join(medians)} | {total:.3f} | {articles / total:.1f} "
          f"| {claims} | {groups} | {peak_mb:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
