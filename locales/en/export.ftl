# Exports: minutes, the report, item lists. Markdown around the arguments is chec's own;
# the arguments arrive escaped.

## Words for the record's values (as the domain names them)

assessment-not-discussed = not discussed
assessment-satisfied = satisfied
assessment-needs-improvement = needs improvement
assessment-risk-identified = risk identified
assessment-not-applicable = not applicable
priority-low = low
priority-medium = medium
priority-high = high
priority-critical = critical
item-status-open = open
item-status-in-progress = in progress
item-status-resolved = resolved
item-status-accepted = accepted risk
item-status-wont-do = won't do
stage-state-not-started = not started
stage-state-in-progress = in progress
stage-state-signed-off = signed off
consultation-status-active = active
consultation-status-on-hold = on hold
consultation-status-closed = closed
decision-carry-over = carry over
decision-accept = accept risk
risk-source-technical = technical
risk-source-human = human/ethical
risk-response-mitigate = mitigate
risk-response-avoid = avoid
risk-response-transfer = transfer
risk-response-accept = accept
meeting-field-agenda = agenda
meeting-field-notes = meeting notes
meeting-field-decisions = decisions
meeting-field-next-steps = next steps
response-field-answer = team's answer
response-field-notes = consultant's notes
answer-kind-dialogue = dialogue
answer-kind-choice = one choice
answer-kind-choices = several choices
answer-kind-scale = a point on a scale
answer-kind-text = text
answer-kind-number = a number
answer-kind-date = a date

## An item's history

item-field-title = title
item-field-detail = detail
item-field-owner = owner
item-field-due = due
item-field-priority = priority
item-field-status = status
item-field-likelihood = likelihood
item-field-impact = impact
item-field-risk_source = risk source
item-field-response = response
item-change-created = created
item-change-note = note
item-change-carried-over = carried over at sign-off of { $stage }
item-change = { $field }: { $old } → { $new }
sign-off-carried-over = carried over
sign-off-risk-accepted = risk accepted

## Shared pieces

export-none-recorded = _None recorded._
export-not-recorded = not recorded
export-none = none
export-still-running = (still running)
export-running = running
export-time-range = { $from } to { $to }
export-meeting-n = meeting { $n }
export-in-meeting-n = , in meeting { $n }
export-paren-meeting-n = { " " }(meeting { $n })
export-outside-meeting = outside a meeting
export-overdue = { $date } (overdue)
export-by = { $when } by { $who }
export-minute-taker = **Minute-taker:** { $who }
export-principles-line = *Principles: { $names }*
export-answer = Answer
export-assessment = Assessment
export-team-answer = Team's answer
export-consultant-notes = Consultant's notes

## Table headings

col-key = Key
col-title = Title
col-question = Question
col-owner = Owner
col-due = Due
col-priority = Priority
col-risk-l-i = Risk (L × I)
col-risk = Risk
col-status = Status
col-raised-in = Raised in
col-stage = Stage
col-name = Name
col-role = Role
col-id = ID
col-principles = Principles
col-assessment = Assessment
col-likelihood = Likelihood
col-impact-n = Impact { $n }
col-meeting = Meeting
col-started = Started
col-ended = Ended
col-attendees = Attendees
col-answer = Answer
col-group = Group
col-points = Points
col-when = When
col-from = From
col-to = To
col-score = Score
col-by = By

## Minutes

minutes-title = Minutes: { $key } { $name }, meeting { $seq }
minutes-service = **Service:** { $service }
minutes-stage = **Stage:** { $stage }
minutes-date = **Date:** { $range }
minutes-questionnaire = **Questionnaire:** { $id } { $version }
minutes-attendees = Attendees
minutes-agenda = Agenda
minutes-questions = Questions discussed
minutes-notes = Meeting notes
minutes-decisions = Decisions
minutes-sign-off = Sign-off
minutes-items-raised = Items raised in this meeting
minutes-open-items = Other open items
minutes-next-steps = Next steps
minutes-item-on-question = **{ $key }** on { $id }: { $prompt }
minutes-signed-off = { $stage } signed off { $when } by { $who }: { $comment }

## Report

report-title = Consultation report: { $key } { $name }
report-team = **Team:** { $team }
report-service = **Service:** { $service }
report-traits = **Traits:** { $traits }
report-questionnaire = **Questionnaire:** { $id } { $version } ({ $title })
report-status = **Status:** { $status }; current stage: { $stage }
report-progress = **Progress:** { $assessed } of { $total } questions assessed
report-impact-level = **Impact level:** { $id } ({ $name }), score { $score }
report-items = **Items:** { $raised } raised, { $open } open
report-stages = Stages
report-stage-progress = { $assessed } of { $total } questions assessed.
report-not-started = Not started.
report-sign-off = **Sign-off { $n }:** { $when } by { $who }{ $meeting }: { $comment }
report-unanswered-required = Signed off without answers to required questions: { $ids }
report-reopened = **Reopened:** { $when } by { $who }: { $reason }
report-history = History
report-field-written = { $field } written
report-field-changed = { $field } changed; it was: { $old }
report-assessment-changed = assessment { $old } → { $new }
report-risk-matrix = Risk matrix
report-risk-matrix-intro = Open items by likelihood (rows) and impact (columns).
report-unrated = Open items not rated: { $n }.
report-items-heading = Items
report-none-raised = _None raised._
report-resolution = **Resolution:** { $text }
report-meetings = Meetings
report-none-held = _None held._
report-meeting-heading = Meeting { $n }: { $stage }
report-held = **Held:** { $range }
report-attendees = **Attendees:** { $names }
report-none-attendees = none recorded
report-meeting-field-agenda = Agenda
report-meeting-field-notes = Meeting notes
report-meeting-field-decisions = Decisions
report-meeting-field-next-steps = Next steps

## The impact level in the report

impact-heading = Impact level
impact-summary = **{ $name }** (level { $level }), score { $score } ({ $weights }).
impact-no-score = No answer has scored yet.
impact-questions-to-answer = Questions to answer: { $ids }
impact-every-question-of = Every question of: { $stages }
impact-item-to-raise = Item to raise: { $item }
impact-sign-off-by = Sign-off by: { $role }
impact-requires = What this level requires (with the levels below it):
impact-unanswered = Required and not yet answered: { $ids }
impact-history = Level history:

## Item lists

items-overdue-as-of = Overdue (⚠) as of { $today }.
items-none-match = No items match.

## How times are written (a chrono pattern; the zone follows)

export-time-format = %Y-%m-%d %H:%M
