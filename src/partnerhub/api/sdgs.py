"""The 17 SDGs with their 169 targets: /api/v1/sdgs.

Titles come in the reader's language (or `lang`); where no sourced
translation exists the English text is given and `*_translated` is false.
"""

from django.utils import translation
from ninja import Query, Router, Schema

from partnerhub.api.schemas import ErrorOut, Language, lang_field
from partnerhub.reference import queries

router = Router(tags=["reference"])


class SdgTargetOut(Schema):
    code: str
    title: str
    title_translated: bool


class SdgGoalOut(Schema):
    number: int
    short_title: str
    full_title: str
    full_title_translated: bool
    targets: list[SdgTargetOut]


class LanguageFilter(Schema):
    lang: Language | None = lang_field()


def _goal(goal) -> dict:
    return {
        "number": goal.number,
        "short_title": goal.short_title,
        "full_title": goal.full_title,
        "full_title_translated": goal.full_title_is_translated,
        "targets": [
            {"code": t.code, "title": t.title, "title_translated": t.title_is_translated}
            for t in goal.targets.all()
        ],
    }


@router.get("", response={200: list[SdgGoalOut], 400: ErrorOut}, summary="SDGs with targets")
def list_sdgs(request, filters: Query[LanguageFilter]):
    """All 17 goals, each with its targets in UN order (1.1 … 1.5, then 1.a, 1.b)."""
    language = filters.lang.value if filters.lang else translation.get_language()
    with translation.override(language):
        return [_goal(goal) for goal in queries.sdg_goals_with_targets()]
