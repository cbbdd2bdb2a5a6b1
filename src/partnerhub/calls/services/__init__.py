"""Every write to calls and learning processes goes through here, one module per area."""

from .calls import *  # noqa: F403
from .calls import __all__ as _calls
from .learning import *  # noqa: F403
from .learning import __all__ as _learning
from .proposals import *  # noqa: F403
from .proposals import __all__ as _proposals
from .reviews import *  # noqa: F403
from .reviews import __all__ as _reviews
from .selection_runs import *  # noqa: F403
from .selection_runs import __all__ as _selection_runs

__all__ = [*_calls, *_proposals, *_reviews, *_learning, *_selection_runs]
