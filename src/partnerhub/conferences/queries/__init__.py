"""Reads of conferences shared by pages and the API, one module per area.

* `editions`: series, editions, the rotation planner, interest in hosting
* `registration`: what a person sees of registration (the edition page's box, their own)
* `programme`: the programme of an edition, preferences, assignments
* `grants`: travel grants and the budget
* `organiser`: the participant list with filters, statistics
* `assignment_runs`: workshop assignment runs and their review
"""

from .assignment_runs import *  # noqa: F403
from .editions import *  # noqa: F403
from .grants import *  # noqa: F403
from .organiser import *  # noqa: F403
from .programme import *  # noqa: F403
from .registration import *  # noqa: F403
