"""Solver reports as JSON: what a JSONField of a run can store."""

import math
from fractions import Fraction


def jsonable(value):
    """`value` with dict keys as strings, sets and tuples as lists, fractions as floats,
    non-finite floats as None and anything else unknown as its text."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Fraction):
        return float(value)
    return str(value)
