"""Every write to calls and learning processes goes through here, one module per area."""

from .calls import *  # noqa: F403
from .calls import __all__ as _calls
from .proposals import *  # noqa: F403
from .proposals import __all__ as _proposals

__all__ = [*_calls, *_proposals]
