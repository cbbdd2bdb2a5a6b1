"""Pages of the climate partnerships, one module per audience; each has its `urlpatterns`.

* `public`: the project overview with the progress dashboard, a programme (its adopted
  version for everybody; drafts for the partners and organisers), the version history,
  progress reports, PDF and xlsx
* `editing`: the partners' pages to write a version (details, fields of action, targets,
  measures), approve it for their side, record the adoption, start a new version
* `reports`: writing and submitting a yearly progress report
* `organiser`: overdue reports with reminders; expert secondments (request, decide, report)
"""
