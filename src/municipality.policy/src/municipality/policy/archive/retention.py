"""Retention: when a closed case's records may be disposed of, and legal holds.

The contract other parts read (disposal, SÄHKE2, the retention view):

- ``retention_end(case)``: the ``datetime.date`` from which the case and its
  records may be disposed of, or ``None`` when it never ends (permanent,
  ``retention_period == -1``) or cannot be computed yet (the case is not closed,
  or the start rule's date is unknown). The rule: the start date given by the
  case's ``retention_start_rule`` (``case_closed``: the day the case was closed,
  i.e. the last transition to ``paattynyt``; ``decision``: the decision's date;
  ``document_created``: the newest registered document's date; ``birth_date`` /
  ``death_date``: not known to the portal -> ``None``), then 1 January of the
  following year plus the period in years. Period and rule are the case's own
  values (the plan's unless changed with a reason).
- ``is_permanent(case)``.
- ``expired(portal_or_archive_creator, on=None)``: closed cases whose retention
  has ended on ``on`` (default today in Helsinki), not on hold, not yet
  disposed of or transferred: catalog brains or objects, sorted by diary number.
- ``hold(case, reason, agent=None)`` / ``release(case, reason, agent=None)`` /
  ``on_hold(case)`` / ``hold_info(case)``: a legal hold (pending appeal,
  litigation) keeps a case off any disposal list; each is written to the case's
  handling-phase log.
"""
