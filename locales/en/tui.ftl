# The terminal interface.

tui-language = English

## The header and the smallest terminal

header-items = · Items
header-dashboard = · Dashboard
header-consultations = · Consultations
header-meeting = ● MEETING { $n } · { $elapsed }
searching = searching…
too-small = Terminal too small ({ $width }×{ $height }). chec needs at least { $min_width }×{ $min_height }. Enlarge the window or press { $quit } to quit.

## The consultations list

list-filter = Filter:
list-filter-searching = (searching… · { $clear })
list-filter-shown = ({ $n } shown · { $clear })
list-searching = Searching…
list-none-yet = No consultations yet.
list-press = Press
list-to-open = to open one for an AI service,
list-or-shell = or from the shell:
list-shell-example = chec new --key CARE --name "Care chatbot"
list-no-match = No consultation matches the filter.
screen-col-key = KEY
screen-col-name = NAME
screen-col-team = TEAM
screen-col-stage = STAGE
screen-col-done = DONE
screen-col-open = OPEN
screen-col-late = LATE

## The new-consultation form

form-new-consultation = New consultation
form-key = Key (2-10 of A-Z, 0-9; items become KEY-1, KEY-2…)
form-service-name = Service name
form-owning-team = Owning team
form-what-it-does = What the service does
form-questionnaire = Questionnaire
form-traits = Traits (tailor the questions)

## A consultation's stage view

view-reopened = ◐ Reopened
view-signed-off = ● Signed off
view-signed-off-line = Signed off { $signed }: { $comment }
view-reopened-line = Reopened { $when } · { $by }: { $reason }
view-meeting = Meeting
view-questions = Questions { $assessed }/{ $total }
view-no-questions = No questions in this stage apply to this service's traits.
view-no-questions-for = No question of this stage serves { $principle }; { $key } lists them all again.
view-dialogue = Dialogue
view-why = Why: { $text }
view-good-answer = Good answer: { $text }
view-asked-because = Asked because the service has: { $traits }
view-editing = ✎ { $label } — { $keys }
view-empty = (empty: press { $key } to write)
view-team-answer = Team's answer
view-consultant-notes = Consultant's notes
view-assessment = Assessment:
view-items-on = Items on { $id } ({ $n }) — { $key } raises one
view-due = due { $date }

## Forms

form-raise-title = Raise an item on { $id }
form-on-question = On { $id } · stage: { $stage }
form-principles = Principles: { $names }
form-raised-in-meeting = Raised in meeting { $n }
form-title = Title
form-detail = Detail
form-owner = Owner
form-due = Due date (YYYY-MM-DD)
form-priority = Priority
form-priority-derived = from likelihood × impact (else medium)
form-risk-source = Risk source
form-not-set = not set
form-likelihood = Likelihood
form-impact = Impact
form-not-rated = not rated
form-likelihood-words = rare, unlikely, possible, likely, almost certain
form-impact-words = minor, moderate, significant, major, severe
form-response = Response
form-not-decided = not decided
form-start-meeting = Start a meeting
form-attendees = Attendees, one per line: name, role
form-agenda = Agenda
form-at-stage = At the current stage: { $stage }
form-roles = Roles, for example: { $roles }
status-raised = Raised { $key } ({ $priority }): { $title }
status-attendees = Meeting { $n }: { $count ->
    [one] { $count } attendee
   *[other] { $count } attendees
} recorded
status-meeting-started = Meeting { $n } started; everything recorded now is linked to it
status-wrote = Wrote { $path }

## The meeting pane and what the stage view reports

meeting-end-question = End meeting { $n } now? Its minutes can be exported afterwards.
meeting-none-recorded = none recorded
meeting-title = ● Meeting { $n }
meeting-line = · { $stage } · started { $when } · { $elapsed } elapsed
meeting-attendees = Attendees:
status-saved-field = Saved { $field } on { $id }
status-saved-meeting-field = Saved the { $field } of meeting { $n }
status-assessed = { $id }: { $symbol } { $assessment }
status-no-meeting = No meeting is running ({ $key } starts one)
status-choose-question = Choose a question first

## The export form

export-title = Export { $key }
export-what = What
export-minutes-of = minutes of meeting { $n }
export-report-md = full report (Markdown)
export-report-json = full report (JSON)
export-file = File (relative to the folder chec was started in)
export-if-exists = If the file exists
export-replace = replace it
export-language = Language
export-folder = Folder: { $dir }
export-renders = Markdown renders on GitHub and GitLab and can be mailed as is.
export-name-minutes = meeting-{ $n }-minutes
export-name-report = report
export-give-name = give a file name
export-exists = { $path } exists: choose another name or tick "replace it"
confirm-start-no-attendees = Start the meeting with no attendees recorded? ({ $no } goes back to the form)
confirm-start-attendees = Start the meeting with { $n ->
    [one] { $n } attendee
   *[other] { $n } attendees
}: { $names }? ({ $no } goes back to the form)
confirm-sign-off-unanswered = { $n ->
    [one] { $n } required question not answered
   *[other] { $n } required questions not answered
}: { $ids }. Sign off anyway? The sign-off records them. ({ $no } goes back to the form)
status-meeting-ended = Meeting ended
confirm-export-minutes = Meeting { $n } ended. Export its minutes now?

## The header's word on the team (team sync)

sync-running = ⇅ syncing…
sync-offline = ⇅ offline · { $n } waiting
sync-waiting = ⇅ { $n } waiting
sync-synced = ⇅ synced { $at }
sync-never = ⇅ not synced yet
sync-conflicts = ⚠ { $n ->
    [one] { $n } conflict
   *[other] { $n } conflicts
    } · { $state }
more-lines = +{ $n } { $n ->
    [one] line
   *[other] lines
}
past-meetings = Past meetings
past-none = No meeting of this consultation has ended yet.
past-row = Meeting { $n } · { $when } · { $stage } · { $who }
past-when = Started { $start } · ended { $end }
past-minute-taker = Minutes taken by { $name }
past-discussed = Questions discussed
past-items = Items raised
traits-title = Traits of { $key }
traits-note = Traits decide which trait-specific questions apply. Answers to the questions of a trait taken away are kept, and count again if it comes back.
traits-changed-line = { $when } · { $by }: { $from } → { $to }
traits-none = (none)
traits-none-declared = This questionnaire declares no traits.
status-traits-unchanged = The traits are as they were; nothing changed.
status-traits-changed = Changed the traits of { $key }: the stages count the questions that apply now

## The items screen

items-typing-search = Search:
items-typing-owner = Owner:
items-typing-consultation = Consultation:
items-searching = searching…
items-counting = counting…
items-filter-status = status: { $value }
items-filter-overdue-only = overdue: only
items-filter-overdue-any = overdue: any
items-filter-priority = ≥ { $value }
items-filter-priority-any = ≥ any
items-filter-sort = sort: { $value }
items-filter-search = search: { $value }
items-filter-owner = owner: { $value }
items-filter-consultation = consultation: { $value }
items-filter-active = active
items-filter-all = all
items-sort-priority = priority
items-sort-due = due date
items-sort-key = key
items-sort-updated = last changed
items-sort-owner = owner
items-count = { $n ->
    [one] { $n } item
   *[other] { $n } items
}
items-count-more = { $n }+ items
items-screen-none-match = No items match these filters. { $key } clears them.
items-detail-title = Item · { $keys }
items-detail-on = on { $question }
items-detail-risk = risk { $l }×{ $i }={ $score }
items-detail-overdue = ⚠ { $date } (overdue)
items-detail-owner = Owner
items-detail-due = Due
items-detail-status = Status
items-history-title = History of { $key }

## The dashboard

dash-open-items = Open items
dash-total = total
dash-overdue = overdue
dash-by-principle = By principle
dash-none-open = No open items.
dash-risk = Risk L×I ({ $unrated } unrated)
dash-trend = Open items, end of each of the last { $weeks } weeks
dash-trend-none = No open items in these weeks.
dash-col-key = KEY
dash-col-name = NAME
dash-col-stage = STAGE
dash-col-progress = PROGRESS
dash-col-open = OPEN
dash-col-late = LATE
dash-services = Most open items · { $n } services

## Forms of the stage view: raise an item, attendees, sign off, reopen

form-risk-preview = Risk: { $l } × { $i } = { $score } → { $priority }
form-risk-preview-chosen = Risk: { $l } × { $i } = { $score } → { $priority } (the priority chosen, { $chosen }, wins)
form-due-past = ⚠ The due date { $date } is already past
form-role-examples = consultant, planner, developer, data scientist, legal
form-no-meeting-yet = No meeting yet: { $key } starts one
form-attendees-of = Attendees of meeting { $n }
form-already-signed-off = { $stage } is already signed off ({ $key } reopens it)
form-sign-off-title = Sign off { $stage }
form-sign-off-comment = Sign-off comment
form-decision-undecided = undecided
form-decision-carry-over = carry over to the next stage
form-decision-accept = accept the risk (reason needed)
form-decision-reason = reason
form-sign-off-assessed = { $stage }: { $assessed } of { $total } questions assessed
form-sign-off-out-of-order = Out of order: { $current } stays the current stage.
form-sign-off-no-pending = No unresolved high or critical items.
form-sign-off-pending = { $n ->
    [one] { $n } unresolved high/critical item: carry it over or accept it with a reason.
   *[other] { $n } unresolved high/critical items: carry each over or accept it with a reason.
}
form-sign-off-required = Required and not answered: { $ids } (signing off records the exception)
form-sign-off-level = Impact level { $level } requires sign-off by: { $by }
form-not-signed-off = { $stage } is not signed off
form-reopen-title = Reopen { $stage }
form-reopen-reason = Why reopen (e.g. model update)
form-rate-both = rate both likelihood and impact, or neither
form-wrong-form = this form belongs elsewhere
confirm-sign-off-anyway = { $warnings }. Sign it off anyway?
status-signed-off-all = Signed off { $stage }; every stage is now signed off
status-signed-off-still = Signed off { $stage }; { $current } is still the current stage
status-signed-off-now = Signed off { $stage }; the current stage is now { $current }
status-reopened = Reopened { $stage }
status-reopened-current = Reopened { $stage }; it is the current stage
status-reopened-earlier = Reopened { $stage }; { $current } comes first and stays the current stage

## The question's guidance, its history, the impact level

guidance-why = Why it matters
guidance-good-answer = What a good answer looks like
guidance-section = Section: { $name }
guidance-stage = Stage: { $name }
guidance-principles = Principles
guidance-traits = Asked because the service has
history-none = Nothing recorded on this question yet.
history-title = History of { $id }
history-assessment = assessment
history-was = was
history-now = now
level-label = level { $level }
level-none = This questionnaire has no impact levels.
level-heading = { $name } (level { $level }) · score { $score }
level-score = Score:
level-why = Why: the answers that scored
level-none-yet = none yet
level-requires-answers = answer { $ids }
level-requires-stage = answer every question of { $stage }
level-requires-item = raise an item: { $item }
level-requires-sign-off = sign-off by { $by }
level-requires = What this level requires
level-unanswered = Required, not yet answered: { $ids }
level-history = History
level-change = { $old } → { $new } (score { $score }) by { $by }
level-title = Impact level

## Two versions of a field

conflict-announce = Not saved: { $field } was changed meanwhile. Nothing was overwritten; choose a version
conflict-announce-by = Not saved: { $field } was changed by { $by } meanwhile. Nothing was overwritten; choose a version
conflict-editing-mine = Editing your version; saving will show both versions again
conflict-empty = (empty)
conflict-kept-mine = Kept your version of { $field }
conflict-kept-theirs = Kept the other version of { $field }; yours was dropped
conflict-merge = Both versions are in the editor, theirs first: edit them into one and save
conflict-mine-machine = Mine (this machine's)
conflict-mine-typed = Mine (typed here)
conflict-not-saved = Not saved, both versions are still here: { $error }
conflict-not-settled = Not settled, both versions are still here: { $error }
conflict-team-kept-mine = Kept this machine's version of { $field }; the next sync tells the team
conflict-team-kept-theirs = Kept the other version of { $field }; the next sync tells the team
conflict-team-both = Both versions are now { $field }; the next sync tells the team
conflict-team-merge = Both versions are now in { $field }, theirs first: edit them into one and save
conflict-team-wait = Both versions of { $field } wait (chec team conflicts lists them)
conflict-theirs = Theirs
conflict-theirs-by = Theirs — { $by }
conflict-theirs-by-at = Theirs — { $by } at { $at }
conflict-title = Changed meanwhile: { $field }
conflict-title-team = Changed on two machines: { $field }
conflict-under-editor = Someone else just saved this field. Keep typing: saving shows both versions, nothing is overwritten
field-of-question = { $field } on { $id }
field-of-meeting = the meeting's { $field }

## The status line and questions asked

confirm-discard-form = Discard what you typed in this form?
confirm-quit-form = Quit and discard what you typed in this form?
confirm-resume-meeting = Meeting { $n } (started { $started }) was left open. Resume it? ({ $no } ends it at its last activity)
draft-response = { $id } { $field }
draft-meeting = meeting { $field }
draft-form = a form
status-recovered = Recovered text typed before chec stopped: { $what }
status-recovered-conflict = Text typed before chec stopped meets a newer version: { $what }
status-recovered-form = Recovered an unfinished form; { $save } submits it, { $back } discards it
status-recover-drafts-failed = Could not recover drafts: { $error }
status-recover-form-failed = Could not recover a form: { $error }
status-team-conflicts = { $n ->
    [one] { $n } field was changed on two machines of the team: choose a version
   *[other] { $n } fields were changed on two machines of the team: choose a version
}
status-catalog-errors = { $n ->
    [one] { $n } questionnaire file failed to load
   *[other] { $n } questionnaire files failed to load
}: see chec questionnaire list
status-opened = Opened { $key }: start a meeting with { $m }
status-draft-not-removed = Could not remove the form's draft: { $error }
status-not-refreshed = { $message } (the screen could not be refreshed: { $error })
status-not-saved = Not saved: { $error }
status-not-saved-kept = Not saved, your text is still here: { $error }
status-conflict-not-kept = { $message }; your text is still here but not saved: { $error }
status-answer-cleared = { $id }: answer cleared
status-meeting-resumed = Meeting resumed
status-meeting-not-ended = Could not end the meeting: { $error }
status-cannot-write-db = Cannot write to the database: { $error }
status-autosave-form-failed = Autosave failed (the form is still here): { $error }
status-autosave-text-failed = Autosave failed (your text is still here): { $error }
status-not-quitting = Not quitting: your text could not be saved: { $error }
status-no-team = This database shares with no team: chec team init REMOTE, or chec team join REMOTE
status-syncing = Syncing with the team…
status-sync-stopped = the sync stopped before it finished
status-sync-failed = Sync failed, nothing is lost: { $error }
status-sync-not-imported = { $n } could not be imported (chec team status)
sync-report-offline = Offline ({ $why }): { $n } changes waiting
sync-report-synced = Synced: sent { $sent ->
    [one] { $sent } change
   *[other] { $sent } changes
}, received { $received }
sync-report-conflicts = { $n ->
    [one] 1 conflict waits for you (chec team conflicts)
   *[other] { $n } conflicts wait for you (chec team conflicts)
}
sync-report-renumbered = { $was } is now { $is } (another item was raised elsewhere at the same time)
sync-report-renamed = consultation { $was } is now { $is } (another took the key first)
form-consultation-closed = this form belongs to a consultation that is no longer open
export-no-such-meeting = no such meeting
item-form-status = Status
item-form-owner = Owner
item-form-due = Due date (YYYY-MM-DD, empty for none)
item-form-priority = Priority
item-form-note = Note (required for resolved, accepted risk, won't do)
item-form-unchanged = { $key }: nothing changed
item-form-conflict = { $error }. { $save } saves yours over it; { $back } keeps theirs
form-due-error = due date: { $error }
answer-editing = Answer — { $keys }
answer-title = Answer ({ $kind })

## Starting the consultation screen

tui-needs-terminal = the consultation screen needs a terminal; for scripts use a subcommand (see chec --help)
tui-no-signals = cannot install signal handlers
tui-cannot-read-terminal = cannot read the terminal
tui-cannot-set-up = cannot set up the terminal
tui-not-saved-at-end = the text being edited could not be saved; it is kept as a draft if possible
tui-create-database = There is no chec database at { $path }.
    Create it? [y/N]
tui-cannot-read-answer = cannot read the answer
tui-not-created = { $path }: no database was created
form-more-fields = { $n } more { $n ->
    [one] field
   *[other] fields
}
form-no-options = (none for this questionnaire)
