"""Reads of calls and learning processes shared by pages and the API, one module per area."""

from .learning import *  # noqa: F403
from .proposals import *  # noqa: F403
from .public import *  # noqa: F403
from .reviews import *  # noqa: F403
from .selection_runs import *  # noqa: F403
