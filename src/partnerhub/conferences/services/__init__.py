"""Every write to conferences goes through here (views, admin actions, API, demo alike).

Each function is keyword-only, runs in one transaction, checks the rules (and
who may do it) itself, and records state changes in the audit trail. One
module per area; this package re-exports them so callers write
`services.registration_submit(...)`.
"""

from .assignment_runs import *  # noqa: F403
from .assignment_runs import __all__ as _assignment_runs
from .editions import *  # noqa: F403
from .editions import __all__ as _editions
from .grants import *  # noqa: F403
from .grants import __all__ as _grants
from .programme import *  # noqa: F403
from .programme import __all__ as _programme
from .registration import *  # noqa: F403
from .registration import __all__ as _registration

__all__ = [*_editions, *_registration, *_programme, *_grants, *_assignment_runs]
