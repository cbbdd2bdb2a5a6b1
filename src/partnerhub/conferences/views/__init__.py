"""Conference pages, one module per audience or area; each module has its `urlpatterns`.

* `public`: overview, archive, edition page, .ics, rotation planner, interest in hosting
* `registration`: the registration form, the participant's pages (by account or link)
* `programme`: the programme, workshop preferences, manual assignment
* `grants`: travel grant applications and decisions, the budget
* `organiser`: participant list, exports, badges, certificates, check-in, e-mails, statistics
"""
