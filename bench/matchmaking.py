"""Prints how long partner matchmaking takes for 10,000 candidate municipalities.

Run: .venv/bin/python bench/matchmaking.py [--candidates 10000] [--repeat 5] [--seed 1]

No assertions and no database: `partnerhub.solver.matchmaking` is pure Python.
Generated candidates: 0–6 SDGs each (SDG 11 and 17 three times as common as the
rest), 0–4 theme fields out of the 15, one to three working languages (English
and French common, Portuguese rarer), a world region, partners in 0–2 regions,
populations log-uniform between 2,000 and 5 million, 3 % hidden, and the asking
municipality already partnered with 5 of them. Times are for ranking the top 10
(what the page shows) and the full ranking; min and median of the runs.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from partnerhub.solver.matchmaking import Profile, suggest

THEMES = [
    "integrated_urban_development",
    "municipal_services",
    "good_urban_governance",
    "local_economic_development",
    "climate_mitigation",
    "climate_adaptation",
    "water_sanitation",
    "waste_management",
    "energy",
    "mobility",
    "education",
    "health",
    "culture",
    "migration",
    "fair_trade",
]
REGIONS = ["africa", "asia", "latin_america", "eastern_europe"]
LANGUAGES = ["en", "fr", "es", "pt", "ar", "sw"]
LANGUAGE_WEIGHTS = [5, 4, 3, 1, 1, 1]
SDG_WEIGHTS = [3 if goal in (11, 17) else 1 for goal in range(1, 18)]


def candidate(rng: random.Random, number: int, partners_of_asker: set[int]) -> Profile:
    return Profile(
        id=number,
        key=f"municipality {number:05d}",
        sdgs=set(rng.choices(range(1, 18), weights=SDG_WEIGHTS, k=rng.randint(0, 6))),
        themes=set(rng.sample(THEMES, rng.randint(0, 4))),
        languages=set(rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS, k=rng.randint(1, 3))),
        region=rng.choice(REGIONS),
        partner_regions=set(rng.sample(REGIONS, rng.randint(0, 2))),
        population=int(10 ** rng.uniform(3.3, 6.7)),
        partners={0} if number in partners_of_asker else set(),
        hidden=rng.random() < 0.03,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    partners = set(rng.sample(range(1, args.candidates + 1), min(5, args.candidates)))
    started = time.perf_counter()
    candidates = [candidate(rng, n, partners) for n in range(1, args.candidates + 1)]
    built = time.perf_counter() - started
    asker = Profile(
        id=0,
        key="asking town",
        sdgs={6, 11, 13},
        themes={"waste_management", "municipal_services", "climate_adaptation"},
        languages={"de", "fr", "en"},
        region="germany",
        partner_regions={"africa"},
        population=250_000,
        partners=partners,
    )

    print(f"Partner matchmaking: {args.candidates:,} candidate municipalities")
    print(f"(generating the profiles took {built:.3f} s; not part of the times below)")
    result = None
    for label, limit in (("top 10", 10), ("full ranking", None)):
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = suggest(asker, candidates, limit=limit)
            times.append(time.perf_counter() - started)
        print(
            f"  {label:<13} min {min(times):.3f} s, median {statistics.median(times):.3f} s; "
            f"{result.eligible:,} with something in common, excluded {result.excluded}"
        )
    top = suggest(asker, candidates, limit=3)
    for suggestion in top.suggestions:
        reasons = "; ".join(reason.message for reason in suggestion.reasons)
        print(f"  #{suggestion.rank} id {suggestion.id} score {suggestion.score}: {reasons}")


if __name__ == "__main__":
    main()
