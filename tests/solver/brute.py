"""Brute force over every assignment of a tiny instance: the reference the solvers must meet.

Written independently of the solver package (only its dataclasses are used):
it enumerates all assignments slot by slot and scores them with the policies'
definitions read straight from the issue, so a shared mistake is unlikely.
"""

from itertools import product

from partnerhub.solver import Participant

MAX_RANK = 5


def usable_choices(participant: Participant, workshops: dict, ranked: list) -> list:
    """(workshop, rank) pairs a participant may get: ranked, in their language, with room."""
    out = []
    for rank, workshop_id in enumerate(ranked, start=1):
        workshop = workshops.get(workshop_id)
        if workshop is None or workshop.capacity <= 0:
            continue
        if workshop.language is not None and workshop.language not in participant.languages:
            continue
        out.append((workshop_id, rank))
    return out


def slot_assignments(participants: list, workshops: dict, preferences: dict, slot):
    """Every capacity-respecting assignment of one slot, as {participant: (workshop, rank)}."""
    options = []
    for participant in participants:
        ranked = preferences.get(participant.id, {}).get(slot, [])
        options.append([None, *usable_choices(participant, workshops, ranked)])
    for combo in product(*options):
        used: dict = {}
        for choice in combo:
            if choice is not None:
                used[choice[0]] = used.get(choice[0], 0) + 1
        if all(count <= workshops[w].capacity for w, count in used.items()):
            yield {p.id: c for p, c in zip(participants, combo, strict=True) if c is not None}


def participants_with_choices(participants, workshops, preferences, slot) -> int:
    return sum(
        1
        for p in participants
        if usable_choices(p, workshops, preferences.get(p.id, {}).get(slot, []))
    )


def policy_key(policy: str, placed: dict, candidates: int, values=None) -> tuple:
    """A key that is larger for better assignments under the policy (for max())."""
    values = values or list(range(1, MAX_RANK + 1))
    ranks = list(placed.values())
    counts = [sum(1 for r in ranks if r == v) for v in values]
    if policy == "rank_maximal":
        return tuple(counts)
    unplaced = candidates - len(ranks)
    return (-unplaced, *(-c for c in reversed(counts[1:])))


def effective_ranks(slot_placed: dict, participants: list, workshops: dict, preferences, slot, w):
    """Effective rank per placed participant with the best meeting workshop per group.

    Returns the candidates per group: for each group, a list of dicts
    (one per meeting workshop) of member → effective rank; callers pick the best.
    """
    by_group: dict = {}
    for p in participants:
        if p.group is not None:
            ranked = preferences.get(p.id, {}).get(slot, [])
            choices = {wid for wid, _ in usable_choices(p, workshops, ranked)}
            if choices:
                by_group.setdefault(p.group, []).append((p.id, choices))
    base = {pid: rank for pid, (_, rank) in slot_placed.items()}
    options_per_group = []
    for members in by_group.values():
        if len(members) < 2:
            continue
        shared = {
            wid
            for wid in set().union(*(c for _, c in members))
            if sum(1 for _, c in members if wid in c) >= 2
        }
        covered = [pid for pid, c in members if c & shared]
        if not shared:
            continue
        variants = []
        for meeting in sorted(shared):
            variant = {}
            for pid in covered:
                if pid in slot_placed:
                    workshop, rank = slot_placed[pid]
                    variant[pid] = rank if workshop == meeting else rank + w
            variants.append(variant)
        options_per_group.append(variants)
    return base, options_per_group


def best_effective_key(policy, slot_placed, participants, workshops, preferences, slot, w):
    """The policy key of a slot assignment on effective ranks, meeting workshops chosen best."""
    values = sorted(set(range(1, MAX_RANK + 1)) | {r + w for r in range(1, MAX_RANK + 1)})
    candidates = participants_with_choices(participants, workshops, preferences, slot)
    base, groups = effective_ranks(slot_placed, participants, workshops, preferences, slot, w)
    effective = dict(base)

    # Groups are independent and the key of a sum is lexicographic, so each group's
    # meeting workshop can be chosen on its own.
    def group_key(variant: dict) -> tuple:
        key = policy_key(policy, variant, len(variant), values)
        return key[1:] if policy == "fair" else key  # nobody's placement depends on it

    for variants in groups:
        effective.update(max(variants, key=group_key))
    return policy_key(policy, effective, candidates, values)


def brute_optimum(policy, participants, workshop_list, preferences, weight=0.0) -> tuple:
    """The best key per slot (tuple over slots in sorted order)."""
    workshops = {w.id: w for w in workshop_list}
    keys = []
    for slot in sorted({w.slot for w in workshop_list}):
        slot_workshops = {wid: w for wid, w in workshops.items() if w.slot == slot}
        best = None
        for placed in slot_assignments(participants, slot_workshops, preferences, slot):
            key = best_effective_key(
                policy, placed, participants, slot_workshops, preferences, slot, weight
            )
            if best is None or key > best:
                best = key
        keys.append(best)
    return tuple(keys)


def result_key(policy, result, participants, workshop_list, preferences, weight=0.0) -> tuple:
    """The same key per slot for a solver result."""
    workshops = {w.id: w for w in workshop_list}
    keys = []
    for slot in sorted({w.slot for w in workshop_list}):
        slot_workshops = {wid: w for wid, w in workshops.items() if w.slot == slot}
        placed = {
            p.id: (result.assignment[p.id][slot], result.ranks[p.id, slot])
            for p in participants
            if slot in result.assignment.get(p.id, {})
        }
        keys.append(
            best_effective_key(
                policy, placed, participants, slot_workshops, preferences, slot, weight
            )
        )
    return tuple(keys)
