"""Pages of calls and learning processes, one module per audience; each has its `urlpatterns`.

* `public`: list of calls, a call, learning processes and the computed figures
* `proposals`: the applicant's drafts, submission, documents
* `reviews`: reviewers' scoring, organisers' assignment, ranking and decisions
* `learning`: organisers' and hosts' pages of a learning process
"""
