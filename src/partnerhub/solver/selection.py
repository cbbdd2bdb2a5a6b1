"""Selecting the participants of a dialogue event from the nominations, under quotas.

A dialogue event has 25–35 participants from Germany, the Global South and
other industrialised countries (DOMAIN.md §2). The organiser sets quotas:

* a share range per origin (e.g. Germany 30–45 %, Global South at least 40 %),
  measured against the size of the panel actually selected;
* at least one participant from each country the proposal named;
* at most N participants per municipality.

Two modes:

* "score": the panel with the largest total nomination score that meets every
  quota (CP-SAT, proven optimal; ties go to a seeded random priority).
* "lottery": a fair quota lottery, as citizens' assemblies select their
  members. Every nominee's chance of selection is as equal as the quotas
  allow, in the leximin sense (the smallest chance as large as possible, then
  the second smallest, …), and one panel is drawn with a published seed.

Why the lottery is exact and needs no column generation: nominee → municipality
→ country → origin → everyone is a nested (laminar) family of sets, and every
quota bounds the number selected from one set of that family once the panel
size k is fixed (a share becomes ceil/floor of share × k). The incidence matrix
of a laminar family is totally unimodular, so the polytope of selection
probabilities {π ∈ [0, 1]^n : every set's sum within its bounds, sum = k} has
only integral vertices: every point in it is a probability distribution over
panels that meet all quotas. The leximin point is therefore found by a few
small linear programmes over π directly (GLOP; nominees of one municipality are
interchangeable, so they get one variable), and `lottery_draw` turns it into a
panel by dependent (pipage) rounding up the tree: inside each municipality,
then country, origin and the whole pool, pairs of fractional probabilities
exchange mass at random so that each nominee's chance is exactly π_i and every
set's count ends at the floor or ceiling of its expected count, hence within
its integral bounds. The lottery uses the largest panel size the quotas allow
(more places, larger chances for everybody).

A quota *binds* when dropping it would change the outcome: a higher total score,
or a leximin-better vector of chances. Each binding quota is explained with a
code and its parameters; infeasible quotas are explained in the same way (which
quota, dropped alone, would make a panel possible).
"""

import math
import random
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from ._slots import Id
from .explanations import Explanation, explain

__all__ = [
    "LOTTERY",
    "MODES",
    "ORIGINS",
    "SCORE",
    "Nominee",
    "Quotas",
    "SelectionResult",
    "check_panel",
    "lottery_draw",
    "panel_quotas",
    "select_participants",
]

ORIGINS = ("germany", "global_south", "other_industrialised")
SCORE = "score"
LOTTERY = "lottery"
MODES = (SCORE, LOTTERY)
_EPS = 1e-9


def _key(value: object) -> tuple[str, object]:
    return (type(value).__name__, value)


@dataclass(frozen=True)
class Nominee:
    id: Id
    origin: str  # one of ORIGINS
    country: str  # ISO 3166 alpha-2
    municipality: Id | None = None
    score: float = 0.0


@dataclass(frozen=True)
class Quotas:
    min_size: int = 25
    max_size: int = 35
    # origin → (min share, max share) of the panel, each in [0, 1] or None for no bound.
    origin_shares: Mapping[str, tuple[float | Fraction | None, float | Fraction | None]] = field(
        default_factory=dict
    )
    required_countries: frozenset[str] = frozenset()  # at least one from each
    max_per_municipality: int | None = None


@dataclass(frozen=True)
class SelectionResult:
    status: str  # "optimal", "feasible" (time limit), "infeasible", "invalid", "error"
    mode: str
    seed: int | None
    selected: tuple[Id, ...]
    probabilities: dict[Id, float] | None  # lottery: each nominee's chance of selection
    explanations: tuple[Explanation, ...]  # panel size, binding quotas, or why infeasible
    issues: tuple[Explanation, ...] = ()  # input problems (fatal: status "invalid")
    counts: dict[str, int] = field(default_factory=dict)  # selected per origin
    total_score: float = 0.0
    solver: str = "none"  # "cp_sat" or "glop" (+ pipage rounding)
    solver_status: str = "NOT_SOLVED"
    objective: float | None = None  # score: total score; lottery: smallest chance
    best_bound: float | None = None
    gap: float | None = None
    wall_time: float = 0.0

    @property
    def binding(self) -> tuple[Explanation, ...]:
        return tuple(e for e in self.explanations if e.code == "quota_binds")


@dataclass(frozen=True)
class _Rule:
    """One quota: kind is origin_min, origin_max, required_country or municipality_cap."""

    kind: str
    key: Id | None
    value: Fraction | int

    def params(self, size: int | None = None) -> dict:
        if self.kind in ("origin_min", "origin_max"):
            params = {"quota": self.kind, "origin": self.key, "share": float(self.value)}
            if size is not None:
                count = self.value * size
                bound = math.ceil(count) if self.kind == "origin_min" else math.floor(count)
                params["min" if self.kind == "origin_min" else "max"] = bound
            detail = f"{self.key} {'>=' if self.kind == 'origin_min' else '<='} "
            params["detail"] = detail + f"{float(self.value):.0%}"
            return params
        if self.kind == "required_country":
            return {
                "quota": self.kind,
                "country": self.key,
                "detail": f"at least 1 from {self.key}",
            }
        return {
            "quota": self.kind,
            "max_per_municipality": self.value,
            "detail": f"at most {self.value} per municipality",
        }


def _share(value: object) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, float):
        return Fraction(str(value))
    return Fraction(value)


def _validate(
    nominees: Sequence[Nominee], quotas: Quotas, mode: str
) -> tuple[list[Explanation], list[_Rule]]:
    issues: list[Explanation] = []
    if mode not in MODES:
        issues.append(explain("unknown_mode", mode=mode, choices=list(MODES)))
    seen: set[Id] = set()
    country_origins: dict[str, set[str]] = {}
    municipality_countries: dict[Id, set[str]] = {}
    for nominee in nominees:
        if nominee.id in seen:
            issues.append(explain("duplicate_nominee", nominee=nominee.id))
        seen.add(nominee.id)
        if nominee.origin not in ORIGINS:
            issues.append(explain("unknown_origin", nominee=nominee.id, origin=nominee.origin))
        if not isinstance(nominee.score, int | float) or not math.isfinite(nominee.score):
            issues.append(explain("invalid_score", nominee=nominee.id, score=repr(nominee.score)))
        country_origins.setdefault(nominee.country, set()).add(nominee.origin)
        if nominee.municipality is not None:
            municipality_countries.setdefault(nominee.municipality, set()).add(nominee.country)
    for country, origins in sorted(country_origins.items()):
        if len(origins) > 1:
            issues.append(
                explain("country_with_several_origins", country=country, origins=sorted(origins))
            )
    for municipality, countries in sorted(municipality_countries.items(), key=lambda i: _key(i[0])):
        if len(countries) > 1:
            issues.append(
                explain(
                    "municipality_in_several_countries",
                    municipality=municipality,
                    countries=sorted(countries),
                )
            )
    if not (
        isinstance(quotas.min_size, int)
        and isinstance(quotas.max_size, int)
        and 1 <= quotas.min_size <= quotas.max_size
    ):
        issues.append(explain("invalid_size", min_size=quotas.min_size, max_size=quotas.max_size))
    rules: list[_Rule] = []
    for origin in sorted(quotas.origin_shares):
        if origin not in ORIGINS:
            issues.append(explain("unknown_origin", nominee=None, origin=origin))
            continue
        low, high = (*tuple(quotas.origin_shares[origin]), None, None)[:2]
        try:
            low, high = _share(low), _share(high)
        except (TypeError, ValueError):
            issues.append(explain("invalid_share", origin=origin, share=repr((low, high))))
            continue
        if (
            (low is not None and not 0 <= low <= 1)
            or (high is not None and not 0 <= high <= 1)
            or (low is not None and high is not None and low > high)
        ):
            issues.append(explain("invalid_share", origin=origin, share=repr((low, high))))
            continue
        if low is not None and low > 0:
            rules.append(_Rule("origin_min", origin, low))
        if high is not None and high < 1:
            rules.append(_Rule("origin_max", origin, high))
    for country in sorted(quotas.required_countries):
        rules.append(_Rule("required_country", country, 1))
    cap = quotas.max_per_municipality
    if cap is not None:
        if not isinstance(cap, int) or cap < 1:
            issues.append(explain("invalid_municipality_cap", max_per_municipality=cap))
        else:
            rules.append(_Rule("municipality_cap", None, cap))
    return issues, rules


class _Pool:
    """The nominees in a fixed order with the laminar tree origin → country → municipality."""

    def __init__(self, nominees: Sequence[Nominee]):
        self.nominees = sorted(nominees, key=lambda n: _key(n.id))
        self.index = {n.id: i for i, n in enumerate(self.nominees)}
        # Interchangeable nominees: same municipality, or same country without one.
        classes: dict[tuple, list[int]] = {}
        for i, n in enumerate(self.nominees):
            classes.setdefault(self._class_key(n), []).append(i)
        self.classes = [classes[key] for key in sorted(classes, key=self._sort_class)]
        self.class_keys = sorted(classes, key=self._sort_class)

    @staticmethod
    def _class_key(nominee: Nominee) -> tuple:
        if nominee.municipality is None:
            return (nominee.origin, nominee.country, None, nominee.id)
        return (nominee.origin, nominee.country, nominee.municipality, None)

    @staticmethod
    def _sort_class(key: tuple) -> tuple:
        return tuple(_key(part) for part in key)

    def members(self, rule: _Rule) -> list[int]:
        if rule.kind in ("origin_min", "origin_max"):
            return [i for i, n in enumerate(self.nominees) if n.origin == rule.key]
        if rule.kind == "required_country":
            return [i for i, n in enumerate(self.nominees) if n.country == rule.key]
        return []

    def municipalities(self) -> dict[Id, list[int]]:
        groups: dict[Id, list[int]] = {}
        for i, n in enumerate(self.nominees):
            if n.municipality is not None:
                groups.setdefault(n.municipality, []).append(i)
        return groups


def _cp_model(
    pool: _Pool, quotas: Quotas, rules: Sequence[_Rule]
) -> tuple[cp_model.CpModel, list[cp_model.IntVar], cp_model.LinearExpr]:
    model = cp_model.CpModel()
    chosen = [model.new_bool_var("") for _ in pool.nominees]
    size = sum(chosen)
    model.add(size >= quotas.min_size)
    model.add(size <= quotas.max_size)
    for rule in rules:
        if rule.kind == "municipality_cap":
            for members in pool.municipalities().values():
                if len(members) > rule.value:
                    model.add(sum(chosen[i] for i in members) <= rule.value)
            continue
        members = pool.members(rule)
        count = sum(chosen[i] for i in members)
        if rule.kind == "required_country":
            if members:
                model.add_bool_or([chosen[i] for i in members])
            else:
                model.add_bool_or([])  # nobody from there: cannot be met
        else:
            share = rule.value
            if rule.kind == "origin_min":
                model.add(share.denominator * count >= share.numerator * size)
            else:
                model.add(share.denominator * count <= share.numerator * size)
    return model, chosen, size


def _cp_solver(seed: int, time_limit: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic: the same seed gives the same panel
    solver.parameters.random_seed = seed % (2**31)
    solver.parameters.max_time_in_seconds = max(0.05, time_limit)
    # The model is tiny (one Boolean per nominee); presolve costs ~0.1 s and saves nothing.
    solver.parameters.cp_model_presolve = False
    return solver


def _feasible(pool: _Pool, quotas: Quotas, rules: Sequence[_Rule], seed: int) -> bool:
    model, _, _ = _cp_model(pool, quotas, rules)
    solver = _cp_solver(seed, 10.0)
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _diagnose(pool: _Pool, quotas: Quotas, rules: Sequence[_Rule], seed: int) -> list[Explanation]:
    """Why no panel meets the quotas: specific counts first, then which quota is in the way."""
    notes: list[Explanation] = []
    n = len(pool.nominees)
    if n < quotas.min_size:
        notes.append(explain("too_few_nominees", nominees=n, min_size=quotas.min_size))
    cap = next((r.value for r in rules if r.kind == "municipality_cap"), None)

    def available(members: Iterable[int]) -> int:
        if cap is None:
            return len(list(members))
        by_municipality: dict[Id, int] = {}
        loose = 0
        for i in members:
            municipality = pool.nominees[i].municipality
            if municipality is None:
                loose += 1
            else:
                by_municipality[municipality] = by_municipality.get(municipality, 0) + 1
        return loose + sum(min(cap, count) for count in by_municipality.values())

    if cap is not None and n >= quotas.min_size and available(range(n)) < quotas.min_size:
        notes.append(
            explain(
                "municipality_cap_too_tight",
                max_per_municipality=cap,
                available=available(range(n)),
                min_size=quotas.min_size,
            )
        )
    minimum_total = Fraction(0)
    for rule in rules:
        if rule.kind == "required_country" and not pool.members(rule):
            notes.append(explain("no_nominee_from_required_country", country=rule.key))
        if rule.kind == "origin_min":
            minimum_total += rule.value
            needed = math.ceil(rule.value * quotas.min_size)
            can = available(pool.members(rule))
            if can < needed:
                notes.append(
                    explain("too_few_for_origin", origin=rule.key, needed=needed, available=can)
                )
    if minimum_total > 1:
        notes.append(explain("origin_minimums_exceed_panel"))
    for rule in rules:
        others = [r for r in rules if r is not rule]
        if _feasible(pool, quotas, others, seed):
            params = rule.params()
            notes.append(explain("quota_conflict", **params))
    if not notes:
        notes.append(explain("quotas_infeasible"))
    return notes


def _score_units(pool: _Pool) -> tuple[list[int], int]:
    """Scores as integers for CP-SAT: as they are when whole, else to six decimals."""
    scores = [n.score for n in pool.nominees]
    if all(float(s).is_integer() for s in scores):
        return [int(s) for s in scores], 1
    scale = 10**6
    return [round(s * scale) for s in scores], scale


def _best_score(
    pool: _Pool,
    quotas: Quotas,
    rules: Sequence[_Rule],
    seed: int,
    time_limit: float,
    *,
    tie_break: bool,
) -> tuple[str, list[int], int, int]:
    """The panel with the largest total score: (status, chosen indices, score, bound).

    With `tie_break`, panels with equal scores are told apart by the sum of
    priorities from a seeded permutation. Priorities of any panel sum to less
    than `weight`, so score * weight + priority ranks panels by score first
    (exact lexicographic objective, one solve).
    """
    units, _ = _score_units(pool)
    model, chosen, _ = _cp_model(pool, quotas, rules)
    weight = 1
    priority = [0] * len(pool.nominees)
    if tie_break:
        order = list(range(len(pool.nominees)))
        random.Random(seed).shuffle(order)
        for position, i in enumerate(order):
            priority[i] = len(order) - position
        weight = sum(sorted(priority)[-quotas.max_size :]) + 1
    model.maximize(
        sum((u * weight + p) * c for u, p, c in zip(units, priority, chosen, strict=True))
    )
    solver = _cp_solver(seed, time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver.status_name(status), [], 0, 0
    selected = [i for i, c in enumerate(chosen) if solver.boolean_value(c)]
    best = sum(units[i] for i in selected)
    bound = math.floor(solver.best_objective_bound / weight)
    return solver.status_name(status), selected, best, bound


def _fixed_size_sets(
    pool: _Pool, rules: Sequence[_Rule], k: int
) -> tuple[list[tuple[list[int], float, float]], list[float]]:
    """Class-level constraints at panel size k: (classes, low, high) and each class's top chance."""
    class_of = {}
    for c, members in enumerate(pool.classes):
        for i in members:
            class_of[i] = c
    upper = [1.0] * len(pool.classes)
    sets: list[tuple[list[int], float, float]] = [(list(range(len(pool.classes))), k, k)]
    for rule in rules:
        if rule.kind == "municipality_cap":
            for c, key in enumerate(pool.class_keys):
                if key[2] is not None:
                    upper[c] = min(1.0, rule.value / len(pool.classes[c]))
            continue
        classes = sorted({class_of[i] for i in pool.members(rule)})
        if rule.kind == "origin_min":
            sets.append((classes, math.ceil(rule.value * k), math.inf))
        elif rule.kind == "origin_max":
            sets.append((classes, -math.inf, math.floor(rule.value * k)))
        else:
            sets.append((classes, 1, math.inf))
    return sets, upper


def _leximin(pool: _Pool, rules: Sequence[_Rule], k: int) -> list[float] | None:
    """Leximin chances per nominee at panel size k, or None if no panel of size k exists.

    Repeatedly maximise the smallest chance t among the classes not yet fixed;
    the classes whose constraint "chance >= t" has a positive dual value are at
    t in every optimum (complementary slackness), so they are fixed at t and
    the next round raises the others (as in Flanigan et al., Nature 2021).
    """
    sets, upper = _fixed_size_sets(pool, rules, k)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    sizes = [len(members) for members in pool.classes]
    chance = [solver.NumVar(0.0, upper[c], "") for c in range(len(pool.classes))]
    floor = solver.NumVar(0.0, 1.0, "t")
    for classes, low, high in sets:
        constraint = solver.Constraint(
            -inf if low == -math.inf else low, inf if high == math.inf else high
        )
        for c in classes:
            constraint.SetCoefficient(chance[c], sizes[c])
    at_least = {}
    for c, var in enumerate(chance):
        constraint = solver.Constraint(0.0, inf)
        constraint.SetCoefficient(var, 1.0)
        constraint.SetCoefficient(floor, -1.0)
        at_least[c] = constraint
    objective = solver.Objective()
    objective.SetCoefficient(floor, 1.0)
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None  # no chances at all meet the quotas: by unimodularity, no panel either
    free = set(range(len(chance)))
    while True:
        level = floor.solution_value()
        values = [var.solution_value() for var in chance]
        done = {c for c in free if abs(at_least[c].dual_value()) > 1e-9}
        if not done:  # numerically degenerate duals: fix those at the level
            done = {c for c in free if values[c] <= level + 1e-7} or set(free)
        for c in done:
            # Fixed at the level, less a hair so that rounding cannot make it infeasible.
            at_least[c].SetCoefficient(floor, 0.0)
            at_least[c].SetLb(max(0.0, level - 1e-7))
        free -= done
        if not free:
            break
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            # Numerical trouble only (the previous solution is still feasible up to the
            # hair): loosen the fixed levels once more, else keep the previous solution.
            for c in set(range(len(chance))) - free:
                at_least[c].SetLb(max(0.0, at_least[c].lb() - 1e-6))
            if solver.Solve() != pywraplp.Solver.OPTIMAL:
                break
    chances = [0.0] * len(pool.nominees)
    for c, members in enumerate(pool.classes):
        for i in members:
            chances[i] = min(1.0, max(0.0, values[c]))
    return chances


def _lottery_plan(
    pool: _Pool, quotas: Quotas, rules: Sequence[_Rule]
) -> tuple[int, list[float]] | None:
    """The largest feasible panel size and the leximin chances at that size."""
    for k in range(min(quotas.max_size, len(pool.nominees)), quotas.min_size - 1, -1):
        chances = _leximin(pool, rules, k)
        if chances is not None:
            return k, chances
    return None


def _leximin_better(a: Sequence[float], b: Sequence[float], tolerance: float = 1e-6) -> bool:
    """Whether the sorted vector a beats b in leximin order (beyond numerical noise)."""
    for x, y in zip(sorted(a), sorted(b), strict=False):
        if x > y + tolerance:
            return True
        if x < y - tolerance:
            return False
    return len(a) > len(b)


def lottery_draw(
    nominees: Iterable[Nominee], probabilities: Mapping[Id, float], seed: int
) -> tuple[Id, ...]:
    """One panel drawn with exactly the given chances, reproducibly from the seed.

    Pipage rounding up the laminar tree (municipality, country, origin, all): a
    pair of fractional chances exchanges mass so that one becomes 0 or 1, in
    the direction chosen at random with the probabilities that keep both
    expectations unchanged. Inside a set, only its members move, so its count
    stays at the floor or ceiling of its expected count; the chances must
    therefore come from `select_participants` (they meet the quotas in
    expectation) for the panel to meet them.
    """
    pool = _Pool(list(nominees))
    rng = random.Random(seed)
    value = {
        i: min(1.0, max(0.0, float(probabilities.get(n.id, 0.0))))
        for i, n in enumerate(pool.nominees)
    }

    def fractional(i: int) -> bool:
        return _EPS < value[i] < 1 - _EPS

    def settle(candidates: list[int], members: list[int]) -> int | None:
        open_ = [i for i in candidates if fractional(i)]
        while len(open_) >= 2:
            a, b = open_[0], open_[1]
            up = min(1 - value[a], value[b])  # a up, b down
            down = min(value[a], 1 - value[b])  # a down, b up
            if rng.random() < down / (up + down):
                value[a] += up
                value[b] -= up
            else:
                value[a] -= down
                value[b] += down
            for i in (a, b):
                if not fractional(i):
                    value[i] = float(round(value[i]))
            open_ = [i for i in open_ if fractional(i)]
        if not open_:
            return None
        last = open_[0]
        total = sum(value[i] for i in members)
        if abs(total - round(total)) < 1e-6:  # the set's count is whole: absorb float noise
            value[last] = min(1.0, max(0.0, value[last] + round(total) - total))
            if not fractional(last):
                value[last] = float(round(value[last]))
                return None
        return last

    tree: dict[str, dict[str, dict[tuple, list[int]]]] = {}
    for c, members in enumerate(pool.classes):
        origin, country = pool.class_keys[c][0], pool.class_keys[c][1]
        tree.setdefault(origin, {}).setdefault(country, {})[pool.class_keys[c]] = members
    root_left: list[int] = []
    for origin in sorted(tree):
        origin_left: list[int] = []
        origin_members: list[int] = []
        for country in sorted(tree[origin]):
            country_left: list[int] = []
            country_members: list[int] = []
            for members in tree[origin][country].values():
                left = settle(members, members)
                if left is not None:
                    country_left.append(left)
                country_members.extend(members)
            left = settle(country_left, country_members)
            if left is not None:
                origin_left.append(left)
            origin_members.extend(country_members)
        left = settle(origin_left, origin_members)
        if left is not None:
            root_left.append(left)
    settle(root_left, list(range(len(pool.nominees))))
    return tuple(pool.nominees[i].id for i in range(len(pool.nominees)) if value[i] > 0.5)


def _measure(pool: _Pool, rules: Sequence[_Rule], chosen: set[int], size: int):
    """Each quota measured on a panel: (rule, municipality, count, low, high).

    The municipality cap gives one row per municipality, every other quota one row.
    `low`/`high` are the quota's bounds at this panel size (None: no bound); shares are
    compared exactly (`ceil`/`floor` of a Fraction, like `count·den ≥ num·size`).
    """
    for rule in rules:
        if rule.kind == "municipality_cap":
            for municipality, members in pool.municipalities().items():
                count = sum(1 for i in members if i in chosen)
                yield rule, municipality, count, None, rule.value
            continue
        count = sum(1 for i in pool.members(rule) if i in chosen)
        if rule.kind == "origin_min":
            yield rule, None, count, math.ceil(rule.value * size), None
        elif rule.kind == "origin_max":
            yield rule, None, count, None, math.floor(rule.value * size)
        else:  # required_country
            yield rule, None, count, 1, None


def _state(count: int, low: int | None, high: int | None) -> str:
    if (low is not None and count < low) or (high is not None and count > high):
        return "broken"
    if (low is not None and low > 0 and count == low) or (high is not None and count == high):
        return "at_limit"
    return "met"


def _panel(nominees: Iterable[Nominee], quotas: Quotas, panel: Iterable[Id]):
    pool = _Pool(list(nominees))
    panel = list(panel)
    chosen = {pool.index[p] for p in panel if p in pool.index}
    _, rules = _validate(pool.nominees, quotas, SCORE)
    return pool, panel, chosen, rules


def check_panel(
    nominees: Iterable[Nominee], quotas: Quotas, panel: Iterable[Id]
) -> list[Explanation]:
    """Every quota a panel breaks (empty: it meets all); also for hand-edited panels."""
    pool, panel, chosen, rules = _panel(nominees, quotas, panel)
    problems: list[Explanation] = []
    unknown = [p for p in panel if p not in pool.index]
    for nominee in unknown:
        problems.append(explain("panel_unknown_nominee", nominee=nominee))
    if len(set(panel)) != len(panel):
        problems.append(explain("panel_duplicate"))
    size = len(chosen)
    if not quotas.min_size <= size <= quotas.max_size:
        problems.append(
            explain(
                "panel_size_out_of_range",
                size=size,
                min_size=quotas.min_size,
                max_size=quotas.max_size,
            )
        )
    for rule, municipality, count, low, high in _measure(pool, rules, chosen, size):
        if _state(count, low, high) != "broken":
            continue
        if municipality is not None:
            problems.append(
                explain(
                    "panel_breaks_quota",
                    municipality=municipality,
                    count=count,
                    **rule.params(size),
                )
            )
        else:
            problems.append(explain("panel_breaks_quota", count=count, **rule.params(size)))
    return problems


def panel_quotas(
    nominees: Iterable[Nominee], quotas: Quotas, panel: Iterable[Id]
) -> list[Explanation]:
    """Every quota measured on a panel (e.g. one edited by hand), the size first.

    One `("panel_quota", {quota, …rule params, count, state})` per quota, where `state`
    is "met", "at_limit" (one fewer, or one more, of its kind would break it at this
    size) or "broken". For the municipality cap, `count` is the largest number from one
    municipality and `municipalities` lists those at or over the cap. The same
    measurement as `check_panel`, so the two never disagree.
    """
    pool, _panel_list, chosen, rules = _panel(nominees, quotas, panel)
    size = len(chosen)
    rows = [
        explain(
            "panel_quota",
            quota="size",
            min_size=quotas.min_size,
            max_size=quotas.max_size,
            detail=f"{quotas.min_size} to {quotas.max_size}",
            count=size,
            state=_state(size, quotas.min_size, quotas.max_size),
        )
    ]
    caps: dict[int, list] = {}
    for rule, municipality, count, low, high in _measure(pool, rules, chosen, size):
        if municipality is not None:
            caps.setdefault(id(rule), [rule, []])[1].append((municipality, count))
            continue
        rows.append(
            explain("panel_quota", count=count, state=_state(count, low, high), **rule.params(size))
        )
    for rule in rules:
        if rule.kind != "municipality_cap":
            continue
        counts = caps.get(id(rule), [rule, []])[1]
        largest = max((count for _m, count in counts), default=0)
        full = sorted((m for m, count in counts if count >= rule.value), key=_key)
        rows.append(
            explain(
                "panel_quota",
                count=largest,
                state=_state(largest, None, rule.value),
                municipalities=full,
                **rule.params(size),
            )
        )
    return rows


def _counts(pool: _Pool, selected: Iterable[int]) -> dict[str, int]:
    counts = dict.fromkeys(ORIGINS, 0)
    for i in selected:
        counts[pool.nominees[i].origin] += 1
    return counts


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def select_participants(
    nominees: Iterable[Nominee],
    quotas: Quotas,
    *,
    mode: str = SCORE,
    seed: int | None = None,
    time_limit: float = 10.0,
    explain_binding: bool = True,
) -> SelectionResult:
    """Choose the panel of a dialogue event under `quotas`; never raises on input.

    `seed` breaks ties (score) or draws the panel (lottery); when None, one is
    drawn and reported: publish it, and anybody can redraw the same panel with
    `lottery_draw(nominees, result.probabilities, result.seed)`.
    `explain_binding=False` skips the re-solves that find the binding quotas.
    """
    started = time.perf_counter()
    if seed is None:
        seed = secrets.randbelow(2**31)
    nominees = list(nominees)
    issues, rules = _validate(nominees, quotas, mode)

    def result(status: str, **fields) -> SelectionResult:
        fields.setdefault("selected", ())
        fields.setdefault("probabilities", None)
        fields.setdefault("explanations", ())
        return SelectionResult(
            status=status,
            mode=mode,
            seed=seed,
            issues=tuple(issues),
            wall_time=time.perf_counter() - started,
            **fields,
        )

    if issues:
        return result("invalid")
    pool = _Pool(nominees)
    if mode == SCORE:
        status, chosen, best, bound = _best_score(
            pool, quotas, rules, seed, time_limit, tie_break=True
        )
        if status == "INFEASIBLE":
            return result("infeasible", explanations=tuple(_diagnose(pool, quotas, rules, seed)))
        if not chosen:  # stopped at the time limit before finding any panel
            detail = f"CP-SAT status {status}"
            return result("error", explanations=(explain("internal_check_failed", detail=detail),))
        _, scale = _score_units(pool)
        notes = [
            explain(
                "panel_size", size=len(chosen), min_size=quotas.min_size, max_size=quotas.max_size
            )
        ]
        if explain_binding:
            for rule in rules:
                others = [r for r in rules if r is not rule]
                _, _, without, _ = _best_score(
                    pool, quotas, others, seed, time_limit, tie_break=False
                )
                if without > best:
                    params = rule.params(len(chosen))
                    params |= {
                        "score": best / scale,
                        "score_without": without / scale,
                        "effect": f"total score {best / scale:g} instead of {without / scale:g}",
                    }
                    notes.append(explain("quota_binds", **params))
        gap = abs(bound - best) / max(1, abs(bound))
        return result(
            "optimal" if status == "OPTIMAL" else "feasible",
            selected=tuple(pool.nominees[i].id for i in chosen),
            explanations=tuple(notes),
            counts=_counts(pool, chosen),
            total_score=round(sum(pool.nominees[i].score for i in chosen), 6),
            solver="cp_sat",
            solver_status=status,
            objective=best / scale,
            best_bound=bound / scale,
            gap=gap,
        )

    plan = _lottery_plan(pool, quotas, rules)
    if plan is None:  # by total unimodularity: no fractional solution, so no panel either
        return result("infeasible", explanations=tuple(_diagnose(pool, quotas, rules, seed)))
    size, chances = plan
    probabilities = {n.id: chances[i] for i, n in enumerate(pool.nominees)}
    selected = lottery_draw(pool.nominees, probabilities, seed)
    problems = check_panel(pool.nominees, quotas, selected)
    if len(selected) != size or problems:
        detail = "; ".join(p.message for p in problems) or f"drew {len(selected)} of {size}"
        return result("error", explanations=(explain("internal_check_failed", detail=detail),))
    notes = [explain("panel_size", size=size, min_size=quotas.min_size, max_size=quotas.max_size)]
    if explain_binding:
        for rule in rules:
            others = [r for r in rules if r is not rule]
            other_plan = _lottery_plan(pool, quotas, others)
            if other_plan is None:
                continue
            other_size, other_chances = other_plan
            if other_size > size or _leximin_better(other_chances, chances):
                members = pool.members(rule)
                if rule.kind == "municipality_cap":
                    members = [
                        i
                        for group in pool.municipalities().values()
                        if len(group) > rule.value
                        for i in group
                    ]
                with_rule = _mean([chances[i] for i in members])
                without = _mean([other_chances[i] for i in members])
                params = rule.params(size)
                params |= {
                    "chance": round(with_rule, 4),
                    "chance_without": round(without, 4),
                    "min_chance": round(min(chances), 4),
                    "min_chance_without": round(min(other_chances), 4),
                    "effect": (
                        f"the nominees it concerns have a chance of {with_rule:.3f} "
                        f"instead of {without:.3f}; the smallest chance is "
                        f"{min(chances):.3f} instead of {min(other_chances):.3f}"
                    ),
                }
                notes.append(explain("quota_binds", **params))
    index = {n.id: i for i, n in enumerate(pool.nominees)}
    smallest = min(chances) if chances else 0.0
    return result(
        "optimal",
        selected=selected,
        probabilities=probabilities,
        explanations=tuple(notes),
        counts=_counts(pool, [index[s] for s in selected]),
        total_score=round(sum(pool.nominees[index[s]].score for s in selected), 6),
        solver="glop",
        solver_status="OPTIMAL",
        objective=smallest,
        best_bound=smallest,
        gap=0.0,
    )
