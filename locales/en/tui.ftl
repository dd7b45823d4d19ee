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

form-footer = Tab next field · Ctrl-S submit · Esc cancel
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
status-attendees = Meeting { $n }: { $count } attendee(s) recorded
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
confirm-start-attendees = Start the meeting with { $n } attendee(s): { $names }? ({ $no } goes back to the form)
confirm-sign-off-unanswered = { $n } required question(s) not answered: { $ids }. Sign off anyway? The sign-off records them. ({ $no } goes back to the form)
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
