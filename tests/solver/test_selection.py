"""Participant selection for a dialogue event: score and fair quota lottery.

Hand-checked instances first, then properties against brute force over every
possible panel of small pools (independent of the total-unimodularity argument
the lottery relies on), then the lottery's statistics with a fixed seed.
"""

from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from partnerhub.solver import Nominee, Quotas, check_panel, select_participants
from partnerhub.solver.selection import ORIGINS, lottery_draw

DE, GS, OI = "germany", "global_south", "other_industrialised"


def nominee(i, origin, country, municipality=None, score=0):
    return Nominee(i, origin, country, municipality, score)


# Score. Six nominees, a panel of exactly three, at least a third from the
# Global South. By score alone the panel would be the three Germans (9, 8, 7 =
# 24); the quota forces one Global South nominee in, and the best way is to
# swap the weakest German (7) for the best Global South nominee (5): 9 + 8 + 5 = 22.
SCORE_POOL = [
    nominee("de1", DE, "DE", "Bonn", 9),
    nominee("de2", DE, "DE", "Köln", 8),
    nominee("de3", DE, "DE", "Jena", 7),
    nominee("gh1", GS, "GH", "Accra", 5),
    nominee("gh2", GS, "GH", "Kumasi", 2),
    nominee("fr1", OI, "FR", "Lyon", 1),
]
SCORE_QUOTAS = Quotas(min_size=3, max_size=3, origin_shares={GS: (Fraction(1, 3), None)})


def test_score_mode_picks_the_best_panel_that_meets_the_quotas():
    result = select_participants(SCORE_POOL, SCORE_QUOTAS, mode="score", seed=1)
    assert result.status == "optimal"
    assert result.solver == "cp_sat" and result.solver_status == "OPTIMAL"
    assert result.gap == 0.0
    assert sorted(result.selected) == ["de1", "de2", "gh1"]
    assert result.total_score == 22
    assert result.objective == result.best_bound == 22
    assert result.counts == {DE: 2, GS: 1, OI: 0}
    (binding,) = result.binding
    code, params = binding
    assert code == "quota_binds"
    assert params["quota"] == "origin_min"
    assert params["origin"] == GS
    assert params["min"] == 1
    assert (params["score"], params["score_without"]) == (22, 24)
    assert "22" in binding.message and "24" in binding.message


def test_a_quota_that_does_not_change_the_result_is_not_reported_as_binding():
    quotas = Quotas(
        min_size=3,
        max_size=3,
        origin_shares={GS: (Fraction(1, 3), None), DE: (None, 0.9)},
        required_countries=frozenset({"GH"}),
    )
    result = select_participants(SCORE_POOL, quotas, mode="score", seed=1)
    assert sorted(result.selected) == ["de1", "de2", "gh1"]
    # "At least a third from the Global South", "at most 90 % (2 of 3) from Germany"
    # and "someone from Ghana" each force gh1 in: dropping any one changes nothing.
    assert result.binding == ()


def test_score_ties_are_broken_by_the_seed_reproducibly():
    pool = [nominee(f"n{i}", DE, "DE", f"m{i}", 1) for i in range(8)]
    quotas = Quotas(min_size=3, max_size=3)
    panels = set()
    for seed in range(8):
        first = select_participants(pool, quotas, mode="score", seed=seed)
        again = select_participants(pool, quotas, mode="score", seed=seed)
        assert first.selected == again.selected
        panels.add(first.selected)
    assert len(panels) > 1


# Lottery. Ten nominees: four from the Global South, six from Germany; a panel of
# exactly five with at least 60 % (3) from the Global South. A panel holds 3 or 4
# Global South nominees; with an expected number c of them, each has the chance
# c / 4 and each German (5 - c) / 6. The smallest chance is the Germans' as long
# as c >= 3, so it is largest at c = 3: Germans 1/3, Global South 3/4. Without
# the quota everybody would have 5/10 = 1/2.
LOTTERY_POOL = [nominee(f"gs{i}", GS, "GH", f"g{i}") for i in range(4)] + [
    nominee(f"de{i}", DE, "DE", f"d{i}") for i in range(6)
]
LOTTERY_QUOTAS = Quotas(min_size=5, max_size=5, origin_shares={GS: (0.6, None)})


def test_lottery_chances_are_as_equal_as_the_quotas_allow():
    result = select_participants(LOTTERY_POOL, LOTTERY_QUOTAS, mode="lottery", seed=2026)
    assert result.status == "optimal"
    assert result.seed == 2026
    for i in range(4):
        assert result.probabilities[f"gs{i}"] == pytest.approx(3 / 4, abs=1e-6)
    for i in range(6):
        assert result.probabilities[f"de{i}"] == pytest.approx(1 / 3, abs=1e-6)
    assert result.objective == pytest.approx(1 / 3, abs=1e-6)
    assert len(result.selected) == 5
    assert check_panel(LOTTERY_POOL, LOTTERY_QUOTAS, result.selected) == []
    (binding,) = result.binding
    assert binding.params["origin"] == GS
    assert binding.params["min"] == 3
    assert binding.params["chance"] == pytest.approx(0.75, abs=1e-4)
    assert binding.params["chance_without"] == pytest.approx(0.5, abs=1e-4)
    assert binding.params["min_chance_without"] == pytest.approx(0.5, abs=1e-4)


def test_lottery_municipality_cap_and_required_country():
    # Three Germans from Bonn and at most one per municipality: each has at most 1/3.
    # Two from Ghana and one from Tanzania, with Tanzania required: she is always in.
    pool = [
        nominee("bonn1", DE, "DE", "Bonn"),
        nominee("bonn2", DE, "DE", "Bonn"),
        nominee("bonn3", DE, "DE", "Bonn"),
        nominee("koeln", DE, "DE", "Köln"),
        nominee("accra", GS, "GH", "Accra"),
        nominee("tamale", GS, "GH", "Tamale"),
        nominee("arusha", GS, "TZ", "Arusha"),
    ]
    quotas = Quotas(
        min_size=3, max_size=4, required_countries=frozenset({"TZ"}), max_per_municipality=1
    )
    result = select_participants(pool, quotas, mode="lottery", seed=5)
    chances = result.probabilities
    assert len(result.selected) == 4  # the largest size the quotas allow
    assert chances["arusha"] == pytest.approx(1.0, abs=1e-6)
    assert sum(chances[f"bonn{i}"] for i in (1, 2, 3)) <= 1 + 1e-6
    assert sum(chances.values()) == pytest.approx(4, abs=1e-6)
    # Everyone else equal: three places for Bonn (one at most), Köln, Accra, Tamale.
    # Leximin: Bonn's three share at most one place, 1/3 each at best; the other
    # three share the rest: 3 - 1 = 2 places over Köln, Accra, Tamale = 2/3 each.
    assert chances["bonn1"] == pytest.approx(1 / 3, abs=1e-6)
    assert chances["koeln"] == pytest.approx(2 / 3, abs=1e-6)
    kinds = {e.params["quota"] for e in result.binding}
    assert kinds == {"required_country", "municipality_cap"}


def test_lottery_is_reproducible_from_the_published_seed():
    first = select_participants(LOTTERY_POOL, LOTTERY_QUOTAS, mode="lottery", seed=99)
    again = select_participants(LOTTERY_POOL, LOTTERY_QUOTAS, mode="lottery", seed=99)
    assert first.selected == again.selected
    assert lottery_draw(LOTTERY_POOL, first.probabilities, 99) == first.selected
    drawn = select_participants(LOTTERY_POOL, LOTTERY_QUOTAS, mode="lottery")
    assert isinstance(drawn.seed, int)
    assert lottery_draw(LOTTERY_POOL, drawn.probabilities, drawn.seed) == drawn.selected
    panels = {
        select_participants(LOTTERY_POOL, LOTTERY_QUOTAS, mode="lottery", seed=s).selected
        for s in range(10)
    }
    assert len(panels) > 1


def realistic_pool(size=60, seed=3):
    import random

    rng = random.Random(seed)
    pool = []
    for i in range(size):
        origin = rng.choices(ORIGINS, weights=[4, 4, 2])[0]
        country = {DE: "DE", GS: rng.choice(["GH", "TZ", "BR", "VN"]), OI: "FR"}[origin]
        pool.append(nominee(i, origin, country, f"{country}-{rng.randrange(8)}", rng.randrange(10)))
    return pool


def test_lottery_frequencies_match_the_computed_chances():
    pool = realistic_pool()
    quotas = Quotas(
        min_size=25,
        max_size=30,
        origin_shares={DE: (0.3, 0.45), GS: (0.4, None)},
        required_countries=frozenset({"VN"}),
        max_per_municipality=2,
    )
    result = select_participants(pool, quotas, mode="lottery", seed=0, explain_binding=False)
    draws = 2000
    counts = dict.fromkeys(result.probabilities, 0)
    for seed in range(draws):
        panel = lottery_draw(pool, result.probabilities, seed)
        assert len(panel) == len(result.selected)
        assert check_panel(pool, quotas, panel) == []
        for member in panel:
            counts[member] += 1
    # A frequency over 2000 draws has a standard deviation of at most 0.011; the
    # bound is more than four of them, and the seeds are fixed.
    for member, chance in result.probabilities.items():
        assert abs(counts[member] / draws - chance) < 0.05, member


# Infeasible and invalid input: explained, never raised.


@pytest.mark.parametrize("mode", ["score", "lottery"])
@pytest.mark.parametrize(
    ("pool", "quotas", "code"),
    [
        (SCORE_POOL, Quotas(min_size=7, max_size=9), "too_few_nominees"),
        (
            SCORE_POOL,
            Quotas(min_size=2, max_size=3, required_countries=frozenset({"VN"})),
            "no_nominee_from_required_country",
        ),
        (
            SCORE_POOL,
            Quotas(min_size=3, max_size=3, origin_shares={GS: (1, None)}),
            "too_few_for_origin",
        ),
        (
            SCORE_POOL,
            Quotas(min_size=3, max_size=3, origin_shares={GS: (0.6, None), DE: (0.6, None)}),
            "origin_minimums_exceed_panel",
        ),
        (
            [nominee(i, DE, "DE", "Bonn") for i in range(5)],
            Quotas(min_size=3, max_size=4, max_per_municipality=2),
            "municipality_cap_too_tight",
        ),
    ],
)
def test_infeasible_quotas_are_explained(mode, pool, quotas, code):
    result = select_participants(pool, quotas, mode=mode, seed=1)
    assert result.status == "infeasible"
    assert result.selected == ()
    assert code in [e.code for e in result.explanations]
    assert all(e.message for e in result.explanations)


def test_a_conflict_between_quotas_names_the_quotas_in_the_way():
    # Two from the Global South are needed, but both come from Accra and only
    # one per municipality may come.
    pool = [
        nominee("a", GS, "GH", "Accra"),
        nominee("b", GS, "GH", "Accra"),
        nominee("c", DE, "DE", "Bonn"),
        nominee("d", DE, "DE", "Jena"),
    ]
    quotas = Quotas(min_size=3, max_size=3, origin_shares={GS: (0.6, None)}, max_per_municipality=1)
    result = select_participants(pool, quotas, mode="score", seed=1)
    assert result.status == "infeasible"
    conflicts = {e.params["quota"] for e in result.explanations if e.code == "quota_conflict"}
    assert conflicts == {"origin_min", "municipality_cap"}


@pytest.mark.parametrize(
    ("pool", "quotas", "mode", "code"),
    [
        (SCORE_POOL, SCORE_QUOTAS, "best", "unknown_mode"),
        ([nominee("x", "europe", "DE")], SCORE_QUOTAS, "score", "unknown_origin"),
        ([*SCORE_POOL, SCORE_POOL[0]], SCORE_QUOTAS, "score", "duplicate_nominee"),
        (SCORE_POOL, Quotas(min_size=5, max_size=3), "score", "invalid_size"),
        (SCORE_POOL, Quotas(origin_shares={GS: (0.5, 0.4)}), "score", "invalid_share"),
        (SCORE_POOL, Quotas(origin_shares={GS: (1.5, None)}), "lottery", "invalid_share"),
        (SCORE_POOL, Quotas(origin_shares={"mars": (0.1, None)}), "score", "unknown_origin"),
        (SCORE_POOL, Quotas(max_per_municipality=0), "score", "invalid_municipality_cap"),
        (
            [nominee("x", DE, "DE", "Bonn", float("nan"))],
            SCORE_QUOTAS,
            "score",
            "invalid_score",
        ),
        (
            [nominee("x", DE, "DE", "Bonn"), nominee("y", GS, "GH", "Bonn")],
            SCORE_QUOTAS,
            "lottery",
            "municipality_in_several_countries",
        ),
        (
            [nominee("x", DE, "DE", "Bonn"), nominee("y", GS, "DE", "Jena")],
            SCORE_QUOTAS,
            "lottery",
            "country_with_several_origins",
        ),
    ],
)
def test_invalid_input_is_explained(pool, quotas, mode, code):
    result = select_participants(pool, quotas, mode=mode, seed=1)
    assert result.status == "invalid"
    assert code in [issue.code for issue in result.issues]


def test_check_panel_names_what_a_hand_edited_panel_breaks():
    quotas = Quotas(
        min_size=3,
        max_size=3,
        origin_shares={GS: (Fraction(1, 3), None), DE: (None, 0.5)},
        required_countries=frozenset({"FR"}),
        max_per_municipality=1,
    )
    pool = [*SCORE_POOL, nominee("de4", DE, "DE", "Bonn", 3)]
    problems = check_panel(pool, quotas, ["de1", "de4", "de2", "zz"])
    codes = [p.code for p in problems]
    assert "panel_unknown_nominee" in codes
    assert "panel_size_out_of_range" not in codes  # three known nominees
    broken = {p.params["quota"] for p in problems if p.code == "panel_breaks_quota"}
    assert broken == {"origin_min", "origin_max", "required_country", "municipality_cap"}
    assert check_panel(pool, quotas, ["de1", "gh1", "fr1"]) == []


# Properties against brute force over every panel of small pools.

COUNTRIES = {DE: ["DE"], GS: ["GH", "TZ"], OI: ["FR"]}
SHARES = [None, None, None, None, Fraction(0), Fraction(1, 4), Fraction(1, 3), Fraction(1, 2)]
SHARES_HIGH = [None, None, Fraction(1, 2), Fraction(2, 3), 1]


@st.composite
def small_problems(draw):
    n = draw(st.integers(2, 9))
    pool = []
    for i in range(n):
        origin = draw(st.sampled_from(ORIGINS))
        country = draw(st.sampled_from(COUNTRIES[origin]))
        municipality = draw(st.sampled_from([None, f"{country}-1", f"{country}-2"]))
        pool.append(nominee(i, origin, country, municipality, draw(st.integers(0, 9))))
    min_size = draw(st.integers(1, min(n, 5)))
    max_size = min_size + draw(st.integers(0, 2))
    shares = {}
    for origin in ORIGINS:
        low, high = draw(st.sampled_from(SHARES)), draw(st.sampled_from(SHARES_HIGH))
        if low is not None and high is not None and low > high:
            low, high = high, low
        if low is not None or high is not None:
            shares[origin] = (low, high)
    countries = sorted({member.country for member in pool} | {"FR"})  # FR: maybe nobody from there
    required = frozenset(draw(st.sets(st.sampled_from(countries), max_size=2)))
    cap = draw(st.sampled_from([None, 1, 2]))
    return pool, Quotas(min_size, max_size, shares, required, cap)


def meets(panel, quotas) -> bool:
    """The quotas, read from their definition (independent of the package's checks)."""
    k = len(panel)
    if not quotas.min_size <= k <= quotas.max_size:
        return False
    for origin, (low, high) in quotas.origin_shares.items():
        count = sum(1 for n in panel if n.origin == origin)
        if low is not None and count < Fraction(low) * k:
            return False
        if high is not None and count > Fraction(high) * k:
            return False
    if any(not any(n.country == c for n in panel) for c in quotas.required_countries):
        return False
    if quotas.max_per_municipality is not None:
        for municipality in {n.municipality for n in panel} - {None}:
            if (
                sum(1 for n in panel if n.municipality == municipality)
                > quotas.max_per_municipality
            ):
                return False
    return True


def feasible_panels(pool, quotas):
    return [
        panel
        for k in range(quotas.min_size, quotas.max_size + 1)
        for panel in combinations(pool, k)
        if meets(panel, quotas)
    ]


def maximin_over_panels(pool, panels) -> float:
    """max over distributions on the given panels of the smallest selection chance."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    weights = [solver.NumVar(0, 1, "") for _ in panels]
    floor = solver.NumVar(0, 1, "")
    solver.Add(sum(weights) == 1)
    for member in pool:
        solver.Add(sum(w for w, p in zip(weights, panels, strict=True) if member in p) >= floor)
    solver.Maximize(floor)
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return floor.solution_value()


def leximin_over_panels(pool, panels) -> list[float]:
    """Leximin chances over explicit panels, the slow and obvious way.

    Each round maximises the smallest chance among the members not yet fixed, then
    fixes every member whose chance cannot exceed that level (one LP per member).
    """
    fixed: dict = {}
    while len(fixed) < len(pool):
        solver = pywraplp.Solver.CreateSolver("GLOP")
        weights = [solver.NumVar(0, 1, "") for _ in panels]
        floor = solver.NumVar(0, 1, "")
        solver.Add(sum(weights) == 1)
        chance = {
            m.id: sum(w for w, p in zip(weights, panels, strict=True) if m in p) for m in pool
        }
        for member_id, expr in chance.items():
            if member_id in fixed:
                solver.Add(expr >= fixed[member_id] - 1e-9)
            else:
                solver.Add(expr >= floor)
        solver.Maximize(floor)
        assert solver.Solve() == pywraplp.Solver.OPTIMAL
        level = floor.solution_value()
        solver.Add(floor >= level - 1e-9)
        stuck = []
        for member_id, expr in chance.items():
            if member_id not in fixed:
                solver.Maximize(expr)
                assert solver.Solve() == pywraplp.Solver.OPTIMAL
                if solver.Objective().Value() <= level + 1e-7:
                    stuck.append(member_id)
        assert stuck
        for member_id in stuck:
            fixed[member_id] = level
    return sorted(fixed.values())


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(problem=small_problems(), seed=st.integers(0, 10**6))
def test_score_mode_is_optimal_and_meets_every_quota(problem, seed):
    pool, quotas = problem
    panels = feasible_panels(pool, quotas)
    result = select_participants(pool, quotas, mode="score", seed=seed)
    if not panels:
        assert result.status == "infeasible"
        assert result.explanations
        return
    assert result.status == "optimal"
    chosen = [n for n in pool if n.id in set(result.selected)]
    assert meets(chosen, quotas)
    assert check_panel(pool, quotas, result.selected) == []
    assert result.total_score == max(sum(n.score for n in panel) for panel in panels)


@PROPERTY
@given(problem=small_problems(), seed=st.integers(0, 10**6))
def test_lottery_is_maximin_over_all_panels_and_meets_every_quota(problem, seed):
    pool, quotas = problem
    panels = feasible_panels(pool, quotas)
    result = select_participants(pool, quotas, mode="lottery", seed=seed)
    event("feasible" if panels else "infeasible")  # about half and half
    if not panels:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    size = max(len(panel) for panel in panels)
    assert len(result.selected) == size
    assert meets([n for n in pool if n.id in set(result.selected)], quotas)
    chances = result.probabilities
    assert sum(chances.values()) == pytest.approx(size, abs=1e-6)
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in chances.values())
    largest = [panel for panel in panels if len(panel) == size]
    # The smallest chance is the best any lottery over valid panels of this size can
    # guarantee (so the marginals are achievable, and maximin).
    assert min(chances.values()) == pytest.approx(maximin_over_panels(pool, largest), abs=1e-6)
    # …and the whole sorted vector of chances is the leximin one.
    assert sorted(chances.values()) == pytest.approx(leximin_over_panels(pool, largest), abs=1e-5)
    for draw_seed in range(5):
        panel = lottery_draw(pool, chances, draw_seed)
        assert meets([n for n in pool if n.id in set(panel)], quotas)
