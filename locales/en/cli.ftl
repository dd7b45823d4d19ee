# Messages of the command line.

wrote-file = Wrote { $path }

## chec items

items-col-key = KEY
items-col-title = TITLE
items-col-owner = OWNER
items-col-due = DUE
items-col-priority = PRIORITY
items-col-status = STATUS
items-col-stage = STAGE
items-gate-failed = chec: { $n } active item(s) at { $priority } or above:
items-gate-incomplete = chec: the list above is incomplete: cannot keep it in a temporary file: { $error }

## Errors and messages shared by commands

error-prefix = chec: error:
no-consultation = no consultation { $key }
no-item = no item { $key } (keys look like CARE-3)
no-question = { $key } has no question { $question } in { $questionnaire }
no-questionnaire = no questionnaire '{ $id }' (available: { $ids })
not-loaded = not loaded because of errors: { $error }
not-a-date = '{ $text }' is not a date (YYYY-MM-DD)
cannot-write = cannot write { $path }
no-home = cannot find a home folder for the default database; use --db PATH or CHEC_DB

## chec new

new-created = Created { $key } ({ $name }) on { $questionnaire } { $version }; current stage: { $stage }

## chec list

list-col-key = KEY
list-col-name = NAME
list-col-team = TEAM
list-col-stage = STAGE
list-col-progress = PROGRESS
list-col-open = OPEN
list-col-overdue = OVERDUE
list-col-status = STATUS
list-empty = No consultations yet. Open one with: chec new --key KEY --name NAME

## chec item

item-raised = Raised { $key } [{ $priority }] { $title }
item-changed = { $key }: { $status } · { $priority } · owner { $owner } · due { $due }
item-nothing-to-change = nothing to change: give --status, --owner, --due, --priority, --likelihood/--impact, --title, --detail or --note
item-status = status
item-priority = priority
item-risk = risk
item-risk-value = likelihood { $l } × impact { $i } = { $score }
item-source = source
item-response = response
item-owner = owner
item-due = due
item-stage = stage
item-question = question
item-principles = principles
item-raised-in = raised in
item-meeting-n = meeting { $n }
item-resolution = Resolution:
item-history = History:
item-in-meeting = { " " }(meeting { $n })

## chec export

export-no-meeting-n = { $key } has no meeting { $n } (it has { $count })
export-no-meeting-yet = { $key } has held no meeting yet

## chec questionnaire

q-col-id = ID
q-col-version = VERSION
q-col-stages = STAGES
q-col-questions = QUESTIONS
q-col-title = TITLE
q-col-source = SOURCE
q-replaces-shipped = { " " }(replaces shipped)
q-own-folder = Your own questionnaires go in { $dir }
q-source = Source: { $source }
q-principles = Principles
q-traits = Traits (questions marked 'only for' apply to services with the trait)
q-stage = Stage { $n }: { $name } ({ $id }) — { $count } questions
q-answer = answer
q-section = section
q-only-for = only for
q-valid = ok: { $file }: { $id } { $version } ({ $stages } stages, { $principles } principles, { $questions } questions; languages: { $languages })
q-warning = warning
q-failed = chec: error: { $failed } of { $total } files failed validation
