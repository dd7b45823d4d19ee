# What the domain, the catalogue, the store and exports report, as a person reads it.
# English says what the errors' own texts say.

err-exists = { $path } already exists (use --force to replace it)
err-cannot-write = cannot write { $path }: { $error }
err-invalid-key = invalid consultation key '{ $key }': use 2 to 10 characters, capital letters A-Z and digits 0-9 (e.g. CARE)
err-empty-name = the name must not be empty
err-unknown-trait = questionnaire '{ $questionnaire }' has no trait '{ $given }' (its traits: { $known })
err-too-new = { $path }: this database was written by a newer version of chec (schema version { $found }; this chec understands up to { $supported }). Upgrade chec to open it; the file was not changed.
err-not-a-file = { $path } is a folder, not a database file
err-not-regular = { $path }: not a regular file (a device, a pipe or a socket); a chec database is a file
err-read-only-folder = { $path }: its folder { $folder } is read-only: chec can read the database there (list, items, item show, export, backup) but not change it, as SQLite must create its -wal and -shm files beside it
err-read-only-folder-in-use = { $path }: cannot read the database while another program has it open: its folder { $folder } is read-only, so SQLite cannot create the -shm file it needs to read the -wal beside it
err-missing = { $path }: no database there (a mistyped --db or CHEC_DB?); `chec new` creates one, and so does `chec` (the consultation screen), asking first
err-not-chec = { $path }: not a chec database; the file was not changed
err-open = { $path }: cannot open the database: { $error }
err-create = { $path }: cannot create the database file: { $error }
err-migrate = { $path }: cannot upgrade the database: { $error }
err-backup = { $path }: cannot write the backup: { $error }
err-own-file = { $path } is the database chec is using (or its -wal, -shm or -journal file); write somewhere else
err-duplicate-key = a consultation with key { $key } already exists
err-stage-signed-off = stage '{ $stage }' is signed off; reopen it to change its answers
err-meeting-running = meeting { $n } of { $key } is still running; end it first
err-item-conflict = { $key } was changed while you edited it, nothing was saved: { $fields }
err-item-conflict-by = { $key } was changed by { $by } while you edited it, nothing was saved: { $fields }
err-item-conflict-field = { $field } is now { $theirs } (yours: { $mine })
err-database = database error: { $error }
err-interrupted = the read was stopped before it finished
err-item-title = an item needs a title
err-bad-date = invalid date '{ $text }': use YYYY-MM-DD, e.g. 2026-12-31
err-risk-range = { $what } must be 1 to 5, not { $value }
err-note-required = a resolution note is required to mark an item { $status }
err-not-a-number = '{ $text }' is not a number
err-below-min = { $given } is below the smallest answer, { $min }
err-above-max = { $given } is above the largest answer, { $max }
err-not-a-date = '{ $text }' is not a date: write it as YYYY-MM-DD
err-off-scale = { $n } is not a point of the scale
err-unknown-choice = '{ $text }' is not one of the choices
err-sign-off-comment = a sign-off needs a comment
err-unknown-stage = no stage '{ $stage }'
err-already-signed-off = { $stage } is already signed off
err-unconfirmed = not signed off: { $warnings }; confirm to sign it off anyway
err-undecided = decide on every unresolved high or critical item first: { $keys }
err-accept-needs-reason = accepting the risk of { $key } needs a reason
err-reopen-reason = reopening a stage needs a reason
warn-out-of-order = { $current } comes before { $stage } and is not signed off
warn-unassessed = { $n } of the { $total } questions of { $stage } { $n ->
    [one] is
   *[other] are
} not assessed
err-team-busy = another chec is syncing this database; try again in a moment
err-team-clone-missing = the team's clone { $path } is missing; join again with chec team join
err-team-already-shares = this database already shares with { $remote }
err-team-remote-taken = { $remote } already holds a team's consultations: to work with them, chec team join { $remote }
err-team-remote-empty = { $remote } is empty: start the team with chec team init { $remote }
err-team-not-a-lead = only a lead of the team changes team.json; { $name } is not one
err-team-not-a-repository = { $path } is not a chec team repository (it has no events/ folder or team.json)
err-team-join-not-empty = { $db } already holds consultations; join with a database of its own (chec --db PATH team join { $remote }), or publish these with chec team init
