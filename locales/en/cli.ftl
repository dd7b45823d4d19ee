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
items-gate-failed = chec: { $n ->
    [one] { $n } active item
   *[other] { $n } active items
} at { $priority } or above:
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

## chec team, chec sync

team-init-done = This database now shares its consultations through { $remote }
    Others join with: chec team join { $remote }
team-joined = Joined the team at { $remote }
team-not-a-member-yet = { $name } is not in the team's team.json yet: until a lead adds you (chec team member NAME --role R), others keep your changes aside
team-member-set = { $name } is a { $role } of the team; chec sync shares it
team-role-consultant = consultant
team-role-developer = developer
team-role-lead = lead
team-status-no-team = This database shares with no team (chec team init REMOTE, or chec team join REMOTE).
team-status-waiting-for-team = Changes recorded, waiting for a team: { $n }
team-status-repository = Team repository:
team-status-clone = Clone:
team-status-machine = This machine:
team-status-device = device { $device }
team-status-you = You:
team-status-you-not-member = { $name } (not in team.json: others keep your changes aside)
team-status-you-no-team-json = { $name } (the team has no team.json: everyone may do everything)
team-status-last-sync = Last sync:
team-status-never = never
team-status-last-problem = Last problem:
team-status-waiting = Waiting to send:
team-status-changes = { $n ->
    [one] { $n } change
   *[other] { $n } changes
}
team-status-conflicts = Conflicts:
team-status-conflicts-n = { $n } (chec team conflicts)
team-status-not-imported = Not imported:
team-no-conflicts = No conflicts.
team-conflict = #{ $n } { $consultation } · { $field } — { $versions } versions
team-conflict-version = { $n }. by { $by } (device { $device }) at { $at }
team-conflict-empty = (empty)
team-conflict-settle = Settle one with: chec team resolve N --keep V (or --text "…")
team-no-conflict = no conflict #{ $n } (chec team conflicts lists { $count })
team-no-version = conflict #{ $n } has versions 1 to { $count }
team-say-which = say which version to keep (--keep V) or the text (--text T)
team-settled = Settled { $field } of { $consultation }; chec sync shares it
team-dir-reads-only = --team-dir reads a team's repository; to change things, work on your own database and chec sync
man-not-a-folder = { $dir }: not a folder
man-cannot-write = { $dir }: cannot write the manual pages
q-shipped = shipped ({ $file })
backup-done = Backed up { $db } to { $file }
config-cannot-read = { $path }: cannot read: { $error }
config-bad-lang = { $path }: lang: '{ $code }' is not a language chec speaks (use "ko" or "en")
