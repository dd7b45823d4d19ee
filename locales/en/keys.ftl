# The key table: footer hints, help lines, and the help's headings (src/tui/keys.rs).

scope-typing = While typing
scope-form-typing = Typing in a form
scope-confirm = Questions
scope-conflict = Two versions of a field
scope-overlay = Reading
scope-scrolling = Scrolling
scope-answer-choice = Answering with choices
scope-answer-scale = Answering on a scale
scope-answer-line = Answering with a number or a date
scope-form = In forms
scope-consultations = Consultations
scope-consultation = Consultation
scope-meeting = Meeting
scope-items = Items
scope-screens = Screens
scope-list = Moving
scope-global = Everywhere

hint-answer = answer
hint-assess = assess
hint-attendees = attendees
hint-back = back
hint-cancel = cancel
hint-change = change
hint-clear = clear
hint-close = close
hint-dash = dash
hint-edit = edit
hint-end = end
hint-export = export
hint-filter = filter
hint-help = help
hint-history = history
hint-item = item
hint-items = items
hint-keep-mine = keep mine
hint-keep-theirs = keep theirs
hint-mark = mark
hint-meeting = meeting
hint-merge = merge
hint-move = move
hint-new = new
hint-next = next
hint-no = no
hint-notes = notes
hint-open = open
hint-pane = pane
hint-point = point
hint-quit = quit
hint-save = save
hint-scroll = scroll
hint-search = search
hint-stage = stage
hint-submit = submit
hint-toggle = toggle
hint-why = why
hint-yes = yes

help-assess-needs-improvement = Assess: ! needs improvement
help-assess-not-discussed-yet = Assess: · not discussed yet
help-assess-not-applicable = Assess: – not applicable
help-assess-satisfied = Assess: ✓ satisfied
help-assess-risk-identified = Assess: ✗ risk identified
help-back-to-editing-mine-saving-asks = Back to editing mine (saving asks again)
help-back-to-the-questions-the-meeting = Back to the questions (the meeting goes on)
help-cancel = Cancel
help-cancel-the-form-asks-first-if = Cancel the form (asks first if anything was typed)
help-change-the-attendees-of-the-running = Change the attendees of the running or last meeting
help-change-the-item-status-owner-due = Change the item: status, owner, due date, priority, note
help-change-who-attends-the-meeting = Change who attends the meeting
help-check-and-save-the-answer = Check and save the answer
help-clear-the-answer = Clear the answer
help-clear-the-filters = Clear the filters
help-clear-what-was-typed = Clear what was typed
help-close = Close
help-close-or-go-back = Close or go back
help-consultation-filter-its-key = Consultation filter (its key)
help-consultations = Consultations
help-dashboard = Dashboard
help-edit-the-chosen-field = Edit the chosen field
help-edit-the-consultant-s-notes = Edit the consultant's notes
help-edit-the-team-s-answer = Edit the team's answer
help-edit-the-team-s-answer-in = Edit the team's answer (in the dialogue: the chosen field)
help-end-the-meeting-then-offers-to = End the meeting (then offers to export its minutes)
help-end-the-running-meeting-wherever-meeting = End the running meeting (wherever ● MEETING shows)
help-export-minutes-or-the-full-report = Export minutes or the full report to a file
help-export-this-meeting-s-minutes = Export this meeting's minutes
help-filter-by-key-name-or-team = Filter by key, name or team as you type
help-first-row = First row
help-help = Help
help-higher-point = Higher point
help-history-of-the-answer-assessment-and = History of the answer, assessment and notes
help-items-from-a-consultation-its-items = Items (from a consultation: its items)
help-keep-the-version-saved-elsewhere-drop = Keep the version saved elsewhere; drop mine
help-keep-the-version-typed-here-over = Keep the version typed here, over theirs
help-last-row = Last row
help-leave-the-field-saving-it-in = Leave the field, saving it (in a form: cancel, asking first)
help-leave-without-changing-the-answer = Leave without changing the answer
help-lower-point = Lower point
help-mark-the-option-several-choices-mark = Mark the option (several choices: mark or unmark each)
help-minimum-priority-any-low-medium-high = Minimum priority: any, low, medium, high, critical
help-move-down = Move down
help-move-up = Move up
help-new-consultation = New consultation
help-next-choice-or-option = Next choice or option
help-next-field = Next field
help-next-field-agenda-notes-decisions-next = Next field: agenda, notes, decisions, next steps
help-next-option = Next option
help-next-pane-stages-questions-dialogue = Next pane: stages, questions, dialogue
help-next-stage = Next stage
help-no = No
help-one-line-field-next-field-or = One-line field: next field, or submit on the last; text box: new line
help-only-overdue-items-or-all = Only overdue items, or all
help-open-the-consultation = Open the consultation
help-owner-filter = Owner filter
help-page-down = Page down
help-page-up = Page up
help-previous-choice-or-option = Previous choice or option
help-previous-field = Previous field
help-previous-option = Previous option
help-previous-pane = Previous pane
help-previous-stage = Previous stage
help-put-both-in-the-editor-theirs = Put both in the editor, theirs first, to make one
help-quit = Quit
help-quit-everything-is-already-saved = Quit (everything is already saved)
help-quit-the-text-is-saved-first = Quit (the text is saved first)
help-raise-an-improvement-item-on-the = Raise an improvement item on the question
help-reopen-the-selected-signed-off-stage = Reopen the selected signed-off stage
help-save-and-go-to-the-next = Save and go to the next field
help-save-and-go-to-the-previous = Save and go to the previous field
help-save-now-in-a-form-submit = Save now (in a form: submit it)
help-save-the-marked-options-one-choice = Save the marked options (one choice: the highlighted one if none is marked)
help-save-the-point = Save the point
help-scroll-down = Scroll down
help-scroll-up-a-history-back-in = Scroll up (a history: back in time)
help-search-key-title-and-detail-as = Search key, title and detail as you type
help-show-or-hide-this-help = Show or hide this help
help-sign-off-the-selected-stage = Sign off the selected stage
help-sort-priority-due-key-updated-owner = Sort: priority, due, key, updated, owner
help-start-a-meeting-or-open-the = Start a meeting, or open the running one
help-status-filter-active-open-in-progress = Status filter: active, open, in progress, resolved, accepted, won't do, all
help-submit-the-form = Submit the form
help-suspend-to-the-shell = Suspend to the shell
help-suspend-to-the-shell-fg-to = Suspend to the shell (fg to return)
help-switch-the-option-on-or-off = Switch the option on or off (next choice in a list)
help-the-impact-level-its-score-the = The impact level: its score, the answers behind it, what it requires
help-the-item-s-full-history = The item's full history
help-the-point-with-that-number-for = The point with that number (for 10 and up, type both digits)
help-the-question-in-full-why-it = The question in full: why it matters, what a good answer is
help-undo-ctrl-r-redoes = Undo (Ctrl-R redoes)
help-yes = Yes

## The help box

help-title = Help
confirm-title = Question
help-walkthrough-title = Running a meeting
help-walkthrough =
    1. { $meeting } starts a meeting at the current stage: attendees and agenda.
    2. Choose a question with { $up }/{ $down } ({ $pane } moves between panes); { $why } shows why it matters and what a good answer looks like.
    3. { $answer } writes the team's answer (or chooses it: { $choice_up } { $choice_toggle } { $choice_save }), { $notes } your notes; { $save } saves the field. { $level } shows the impact level, if any.
    4. { $assess } assess it: ✓ satisfied ! needs improvement ✗ risk – N/A.
    5. { $item } raises an improvement item with an owner and a due date.
    6. { $next_stage } and { $prev_stage } move between stages; { $sign_off } signs off the chosen stage.
    7. { $meeting } shows the meeting's notes and decisions; { $end } ends it and offers to export its minutes ({ $export } exports minutes or the report any time).
    Everything is saved as you go, even if the terminal is closed.
help-symbols-title = Symbols
help-symbols =
    Stages: ○ not started  ◐ in progress  ● signed off  » current
    Questions: · not discussed ✓ satisfied ! needs improvement
               ✗ risk identified – not applicable  ⚑ items raised
               { "*" } required, not yet answered

# Added with the help's own scope, the filter's Esc and team sync.
scope-help = In the help
hint-save-leave = save & leave
hint-clear-filter = clear filter
hint-page = page
help-clear-the-filter = Clear the filter
help-sync-now = Sync with the team's repository now (the header says how it went)
help-scroll-up = Scroll up
help-back-to-the-top = Back to the top
help-close-the-help = Close the help
help-cycle-principle = Only the questions serving a principle: the next one (after the last, all again)
scope-past-meetings = Past meetings
help-past-meetings = Past meetings: read one in full (who, when, agenda, decisions, notes, items)
help-read-the-meeting = Read the meeting in full
help-change-traits = Change the service's traits (which trait-specific questions apply), with their history
help-view-field = The chosen field in full (the answer and notes, or the meeting's field), to scroll
