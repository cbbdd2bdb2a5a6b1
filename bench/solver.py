"""Prints how the workshop-assignment and selection solvers do on generated instances.

Run: .venv/bin/python bench/solver.py [--repeat N] [--sizes 100,300,1000,2000]
         [--group-sizes 100,300] [--per-slot 10]

No assertions and no database: the solver package is pure Python. Instances:
N participants, 3 slots with 10 workshops each (30 in all), Zipf-like
popularity (the k-th most popular workshop of a slot is drawn with weight
1/k), room sizes independent of popularity so that popular workshops are
oversubscribed, 15 % more places than participants per slot, a fifth of the
workshops in German, French or Spanish only, 95 % of participants ranking
five workshops per slot (mostly in languages they speak), 40 % of them in
partnerships of two or three with similar tastes. Greedy is first come, first
served in registration order, what organisers do by hand today.
"""

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from partnerhub.solver import (
    Nominee,
    Participant,
    Quotas,
    Workshop,
    assign_workshops,
    greedy_assignment,
    select_participants,
)

SLOTS = 3
PER_SLOT = 10
LANGUAGES = ["de", "fr", "es"]


def generate(n: int, seed: int = 0, per_slot: int = PER_SLOT):
    rng = random.Random(seed)
    participants = []
    group_of = {}
    i = 0
    while i < n:  # a partnership of 2-3 starts with probability 0.22: ~40 % are in one
        size = rng.choice([2, 2, 3]) if rng.random() < 0.22 else 1
        if size > 1:
            for member in range(i, min(n, i + size)):
                group_of[member] = f"g{i}"
        i += size
    for pid in range(n):
        languages = {"en"}
        if rng.random() < 0.6:
            languages.add("de")
        if rng.random() < 0.15:
            languages.add("fr")
        if rng.random() < 0.1:
            languages.add("es")
        participants.append(Participant(pid, frozenset(languages), group_of.get(pid)))

    workshops = []
    popularity = {}
    for slot in range(SLOTS):
        ids = [f"s{slot}w{j}" for j in range(per_slot)]
        rng.shuffle(ids)  # popularity rank independent of the id
        rooms = [rng.uniform(0.5, 1.5) for _ in ids]
        places = math.ceil(1.15 * n)
        for rank, (wid, room) in enumerate(zip(ids, rooms, strict=True), start=1):
            capacity = max(1, round(places * room / sum(rooms)))
            language = rng.choice(LANGUAGES) if rng.random() < 0.2 else None
            workshops.append(Workshop(wid, slot, capacity, language))
            popularity[wid] = 1 / rank
    by_slot = {slot: [w for w in workshops if w.slot == slot] for slot in range(SLOTS)}

    preferences = {}
    leader_lists = {}
    for participant in participants:
        per_slot_prefs = {}
        for slot in range(SLOTS):
            if rng.random() < 0.05:
                continue
            group = participant.group
            if group is not None and (group, slot) in leader_lists and rng.random() < 0.6:
                ranked = list(leader_lists[group, slot])
                if rng.random() < 0.5 and len(ranked) >= 2:
                    a, b = rng.sample(range(len(ranked)), 2)
                    ranked[a], ranked[b] = ranked[b], ranked[a]
            else:
                pool = [
                    w
                    for w in by_slot[slot]
                    if w.language is None
                    or w.language in participant.languages
                    or rng.random() < 0.1
                ]
                ranked = []
                weights = [popularity[w.id] for w in pool]
                while pool and len(ranked) < 5:
                    pick = rng.choices(range(len(pool)), weights=weights)[0]
                    ranked.append(pool.pop(pick).id)
                    weights.pop(pick)
            if group is not None:
                leader_lists.setdefault((group, slot), ranked)
            per_slot_prefs[slot] = ranked
        preferences[participant.id] = per_slot_prefs
    order = [p.id for p in participants]
    rng.shuffle(order)  # registration order
    return participants, workshops, preferences, order


def timed(function, repeat):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return result, min(times), statistics.median(times)


def fmt_mean(value):
    return f"{value:.3f}" if value is not None else "-"


def bench_assignment(sizes, repeat, group_sizes, per_slot, group_limit):
    print(
        f"Workshop assignment (3 slots x {per_slot} workshops; counts are (participant, slot) "
        f"pairs; times min/median of {repeat} runs)"
    )
    header = (
        f"{'n':>5} {'solver':<24} {'min s':>8} {'median s':>9} {'status':>8} {'gap':>5} "
        f"{'mean rank':>9} {'1st':>6} {'worst':>5} {'unplaced':>8} {'split grp':>9}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        participants, workshops, preferences, order = generate(n, seed=n, per_slot=per_slot)
        rows = []
        greedy, g_min, g_med = timed(
            lambda p=participants, w=workshops, pr=preferences, o=order: greedy_assignment(
                p, w, pr, order=o
            ),
            repeat,
        )
        rows.append(("greedy (first come)", greedy, g_min, g_med))
        for policy in ("rank_maximal", "fair"):
            result, t_min, t_med = timed(
                lambda policy=policy, p=participants, w=workshops, pr=preferences: assign_workshops(
                    p, w, pr, policy=policy, seed=1
                ),
                repeat,
            )
            rows.append((f"{policy} (flow)", result, t_min, t_med))
        if n in group_sizes:
            for policy in ("rank_maximal", "fair"):
                result, t_min, t_med = timed(
                    lambda policy=policy, p=participants, w=workshops, pr=preferences: (
                        assign_workshops(
                            p, w, pr, policy=policy, group_weight=1, seed=1, time_limit=group_limit
                        )
                    ),
                    1,
                )
                rows.append((f"{policy} w=1 (CP-SAT)", result, t_min, t_med))
        for label, result, t_min, t_med in rows:
            profile = result.profile
            gap = "-" if result.gap is None else f"{result.gap:.0%}"
            print(
                f"{n:>5} {label:<24} {t_min:>8.3f} {t_med:>9.3f} {result.report.status[:8]:>8} "
                f"{gap:>5} {fmt_mean(profile.mean_rank):>9} {profile.first_choices:>6} "
                f"{profile.worst_rank or '-':>5} {profile.unplaced:>8} "
                f"{result.groups.split:>4}/{result.groups.group_slots:<4}"
            )
        base = greedy.profile
        best, fair = rows[1][1].profile, rows[2][1].profile
        print(
            f"{'':>5} vs greedy: rank_maximal {best.first_choices - base.first_choices:+d} "
            f"1st choices, {best.unplaced - base.unplaced:+d} unplaced; "
            f"fair {fair.first_choices - base.first_choices:+d} 1st choices, "
            f"{fair.unplaced - base.unplaced:+d} unplaced"
        )
        flows = rows[1:3]
        target = 0.1 if n <= 300 else 2.0 if n <= 2000 else None
        checks = [
            ("gap 0", all(r.gap == 0.0 for _, r, _, _ in flows)),
            ("more 1st (rank_maximal)", best.first_choices > base.first_choices),
            ("fewer unplaced (fair)", fair.unplaced < base.unplaced or base.unplaced == 0),
            ("fewer unplaced (rank_maximal)", best.unplaced < base.unplaced or base.unplaced == 0),
        ]
        if target is not None:
            checks.append((f"< {target} s (min)", max(t for _, _, t, _ in flows) < target))
        print(f"{'':>5} targets: " + ", ".join(f"{k} {'yes' if ok else 'NO'}" for k, ok in checks))
    print()


def nominee_pool(size=400, seed=400):
    rng = random.Random(seed)
    south = ["GH", "TZ", "ZA", "BR", "IN", "VN", "MX", "SN", "PE", "UA"]
    north = ["FR", "NL", "JP", "SE", "US"]
    pool = []
    for i in range(size):
        origin = rng.choices(
            ["germany", "global_south", "other_industrialised"], weights=[45, 40, 15]
        )[0]
        country = {"germany": "DE", "global_south": rng.choice(south)}.get(
            origin, rng.choice(north)
        )
        municipality = f"{country}-{rng.randrange(40 if country == 'DE' else 8)}"
        pool.append(Nominee(i, origin, country, municipality, round(rng.uniform(0, 10), 1)))
    return pool


def bench_selection(repeat):
    pool = nominee_pool()
    quotas = Quotas(
        min_size=25,
        max_size=35,
        origin_shares={"germany": (0.30, 0.45), "global_south": (0.40, None)},
        required_countries=frozenset({"GH", "VN", "PE"}),
        max_per_municipality=2,
    )
    print("Dialogue-event selection: pool of 400, 25-35 places, Germany 30-45 %,")
    print("Global South >= 40 %, Ghana, Viet Nam and Peru required, <= 2 per municipality")
    for mode in ("score", "lottery"):
        result, t_min, t_med = timed(
            lambda mode=mode: select_participants(pool, quotas, mode=mode, seed=2026), repeat
        )
        print(
            f"  {mode:<8} min {t_min:.3f} s, median {t_med:.3f} s; {result.status}, "
            f"{len(result.selected)} selected {result.counts}, gap {result.gap}, "
            f"objective {result.objective:.4f}"
        )
        for explanation in result.explanations:
            print(f"           {explanation.code}: {explanation.message}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="100,300,1000,2000")
    parser.add_argument(
        "--group-sizes", default="100,300", help="sizes to run the CP-SAT group mode (weight 1) on"
    )
    parser.add_argument("--per-slot", type=int, default=PER_SLOT, help="workshops per slot")
    parser.add_argument(
        "--group-time-limit", type=float, default=60.0, help="CP-SAT seconds per assignment"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    group_sizes = {int(size) for size in args.group_sizes.split(",") if size}
    bench_assignment(sizes, args.repeat, group_sizes, args.per_slot, args.group_time_limit)
    bench_selection(args.repeat)


if __name__ == "__main__":
    main()
