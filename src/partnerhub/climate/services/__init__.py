"""Every write of the climate app; views, API, admin and the demo call these."""

from .programmes import (
    field_of_action_delete,
    field_of_action_save,
    measure_delete,
    measure_save,
    programme_start,
    target_delete,
    target_save,
    version_adopt,
    version_approve,
    version_missing,
    version_start_new,
    version_update_details,
)
from .project import climate_partnership_add
from .reports import (
    check_value_unit,
    report_reminder_send,
    report_save,
    report_start,
    report_submit,
)
from .secondments import secondment_decide, secondment_report, secondment_request

__all__ = [
    "check_value_unit",
    "climate_partnership_add",
    "field_of_action_delete",
    "field_of_action_save",
    "measure_delete",
    "measure_save",
    "programme_start",
    "report_reminder_send",
    "report_save",
    "report_start",
    "report_submit",
    "secondment_decide",
    "secondment_report",
    "secondment_request",
    "target_delete",
    "target_save",
    "version_adopt",
    "version_approve",
    "version_missing",
    "version_start_new",
    "version_update_details",
]
