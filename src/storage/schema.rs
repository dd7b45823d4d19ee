//! The schema, as migrations applied by `user_version`.
//!
//! Append new migrations; never edit one that has shipped. Every record carries a UUIDv7
//! `id` besides its human key, and `created_at`/`updated_at` in UTC RFC 3339, so that
//! records can later be shared between machines.

use rusqlite_migration::{M, Migrations};

const V1: &str = r#"
CREATE TABLE questionnaire_snapshots (
    id               TEXT PRIMARY KEY NOT NULL,
    questionnaire_id TEXT NOT NULL,
    version          TEXT NOT NULL,
    body             TEXT NOT NULL,   -- the validated questionnaire, as JSON
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX questionnaire_snapshots_by_version ON questionnaire_snapshots (questionnaire_id, version);

CREATE TABLE consultations (
    id               TEXT PRIMARY KEY NOT NULL,
    key              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    team             TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    traits           TEXT NOT NULL DEFAULT '[]',   -- JSON array of trait ids
    snapshot_id      TEXT NOT NULL REFERENCES questionnaire_snapshots (id),
    current_stage    TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on-hold', 'closed')),
    next_item_seq    INTEGER NOT NULL DEFAULT 1,
    next_meeting_seq INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;

-- One row per stage of each consultation; `questions` counts the questions that apply to
-- the service's traits, so progress never counts hidden questions.
CREATE TABLE stage_states (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL,
    name            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    questions       INTEGER NOT NULL DEFAULT 0,
    state           TEXT NOT NULL DEFAULT 'not-started'
                    CHECK (state IN ('not-started', 'in-progress', 'signed-off')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (consultation_id, stage)
) STRICT;

CREATE TABLE meetings (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    stage           TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    ended_at        TEXT,
    agenda          TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    decisions       TEXT NOT NULL DEFAULT '',
    next_steps      TEXT NOT NULL DEFAULT '',
    session_id      TEXT,   -- the TUI session running it, to tell a live meeting from one left open
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (consultation_id, seq)
) STRICT;
CREATE INDEX meetings_running ON meetings (consultation_id) WHERE ended_at IS NULL;

CREATE TABLE attendees (
    id         TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX attendees_by_meeting ON attendees (meeting_id, position);

CREATE TABLE sign_offs (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL,
    meeting_id      TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    comment         TEXT NOT NULL,
    signed_by       TEXT NOT NULL,
    signed_at       TEXT NOT NULL,
    reopened_at     TEXT,
    reopened_by     TEXT,
    reopen_reason   TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX sign_offs_by_stage ON sign_offs (consultation_id, stage);

CREATE TABLE responses (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL,
    stage           TEXT NOT NULL,
    answer          TEXT NOT NULL DEFAULT '',
    assessment      TEXT NOT NULL DEFAULT 'not-discussed'
                    CHECK (assessment IN ('not-discussed', 'satisfied', 'needs-improvement',
                                          'risk-identified', 'not-applicable')),
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (consultation_id, question_id)
) STRICT;

CREATE TABLE response_history (
    id          TEXT PRIMARY KEY NOT NULL,
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    field       TEXT NOT NULL CHECK (field IN ('answer', 'assessment', 'notes')),
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX response_history_by_response ON response_history (response_id, changed_at);
CREATE INDEX response_history_by_meeting ON response_history (meeting_id);

-- Bumped by every user action (not by heartbeats or autosaved drafts), so a screen reloads
-- only when something it shows may have changed.
CREATE TABLE changes (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    count INTEGER NOT NULL
) STRICT;
INSERT INTO changes (id, count) VALUES (1, 0);

-- Running TUI sessions, each beating every few seconds, so a draft can be told apart:
-- still being typed by a live session, or left behind by one that was killed.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY NOT NULL,
    host         TEXT NOT NULL,
    pid          INTEGER NOT NULL,
    started_at   TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

-- Text being typed, autosaved until it is committed to its field. consultation_id is NULL
-- for drafts that belong to no consultation yet (the new-consultation form).
CREATE TABLE drafts (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT REFERENCES consultations (id) ON DELETE CASCADE,
    target          TEXT NOT NULL,
    body            TEXT NOT NULL,
    session_id      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX drafts_by_target ON drafts (consultation_id, target) WHERE consultation_id IS NOT NULL;
CREATE UNIQUE INDEX drafts_global_by_target ON drafts (target) WHERE consultation_id IS NULL;

CREATE TABLE items (
    id                TEXT PRIMARY KEY NOT NULL,
    consultation_id   TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    seq               INTEGER NOT NULL,
    title             TEXT NOT NULL,
    detail            TEXT NOT NULL DEFAULT '',
    question_id       TEXT,
    stage             TEXT NOT NULL,
    meeting_id        TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    owner             TEXT NOT NULL DEFAULT '',
    due_date          TEXT CHECK (due_date IS NULL OR due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    priority          INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),   -- 1 low .. 4 critical
    priority_explicit INTEGER NOT NULL DEFAULT 1 CHECK (priority_explicit IN (0, 1)),
    risk_source       TEXT CHECK (risk_source IN ('technical', 'human')),
    likelihood        INTEGER CHECK (likelihood BETWEEN 1 AND 5),
    impact            INTEGER CHECK (impact BETWEEN 1 AND 5),
    response          TEXT CHECK (response IN ('mitigate', 'avoid', 'transfer', 'accept')),
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'in-progress', 'resolved', 'accepted', 'wont-do')),
    resolution        TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (consultation_id, seq),
    CHECK ((likelihood IS NULL) = (impact IS NULL))
) STRICT;
CREATE INDEX items_by_status ON items (status, priority DESC, due_date);
CREATE INDEX items_by_owner ON items (owner COLLATE NOCASE, status);
CREATE INDEX items_by_consultation ON items (consultation_id, status);
CREATE INDEX items_by_due_date ON items (due_date) WHERE due_date IS NOT NULL;
CREATE INDEX items_by_question ON items (consultation_id, question_id) WHERE question_id IS NOT NULL;

CREATE TABLE item_principles (
    id         TEXT NOT NULL UNIQUE,
    item_id    TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    principle  TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (item_id, principle)
) STRICT, WITHOUT ROWID;
CREATE INDEX item_principles_by_principle ON item_principles (principle);

-- A stage sign-off's decision on each unresolved high/critical item.
CREATE TABLE sign_off_items (
    id          TEXT PRIMARY KEY NOT NULL,
    sign_off_id TEXT NOT NULL REFERENCES sign_offs (id) ON DELETE CASCADE,
    item_id     TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    decision    TEXT NOT NULL CHECK (decision IN ('carry-over', 'accept')),
    reason      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX sign_off_items_by_sign_off ON sign_off_items (sign_off_id);

CREATE TABLE item_history (
    id         TEXT PRIMARY KEY NOT NULL,
    item_id    TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    meeting_id TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    field      TEXT NOT NULL,   -- 'created' or the changed field
    old_value  TEXT,
    new_value  TEXT,
    note       TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX item_history_by_item ON item_history (item_id, changed_at);
"#;

/// Version 2: what the lists and the dashboard show, kept up to date as items change, so
/// that no screen reads every item at a million of them.
///
/// Indexes give each item sort its order directly (ties by consultation and number), so the
/// first page of a million items is read without sorting them; a trigram index finds the
/// items whose key, title or detail contain a text.
/// Triggers maintain counts of active (open and in-progress) items: per rating (priority,
/// likelihood, impact; 0 for unrated), per due date ('' for none), per principle and per
/// consultation; and the net change in active items per UTC day, from the item history.
/// Counts are rebuilt from the rows here, once.
const V2: &str = r#"
DROP INDEX items_by_consultation;
CREATE INDEX items_by_consultation ON items (consultation_id, status, due_date);
DROP INDEX items_by_status;
CREATE INDEX items_by_status ON items (status, priority DESC, due_date IS NULL, due_date, consultation_id, seq);
DROP INDEX items_by_owner;
CREATE INDEX items_by_owner ON items (owner COLLATE NOCASE, priority DESC, due_date IS NULL, due_date, consultation_id, seq);
DROP INDEX items_by_due_date;
CREATE INDEX items_by_due ON items (due_date IS NULL, due_date, priority DESC, consultation_id, seq);
CREATE INDEX items_by_priority ON items (priority DESC, due_date IS NULL, due_date, consultation_id, seq);
CREATE INDEX items_by_updated ON items (updated_at DESC, consultation_id, seq);
CREATE INDEX items_active_by_priority ON items (priority DESC, due_date IS NULL, due_date, consultation_id, seq)
    WHERE status IN ('open', 'in-progress');
CREATE INDEX items_active_by_due ON items (due_date IS NULL, due_date, priority DESC, consultation_id, seq)
    WHERE status IN ('open', 'in-progress');

-- The searchable text of each item (its key, title and detail), by the item's rowid.
CREATE VIRTUAL TABLE items_text USING fts5 (
    key, title, detail, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO items_text (rowid, key, title, detail)
SELECT i.rowid, c.key || '-' || i.seq, i.title, i.detail FROM items i JOIN consultations c ON c.id = i.consultation_id;
CREATE TRIGGER items_text_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_text (rowid, key, title, detail)
    VALUES (NEW.rowid, (SELECT key FROM consultations WHERE id = NEW.consultation_id) || '-' || NEW.seq,
            NEW.title, NEW.detail);
END;
CREATE TRIGGER items_text_update AFTER UPDATE OF title, detail ON items BEGIN
    DELETE FROM items_text WHERE rowid = OLD.rowid;
    INSERT INTO items_text (rowid, key, title, detail)
    VALUES (NEW.rowid, (SELECT key FROM consultations WHERE id = NEW.consultation_id) || '-' || NEW.seq,
            NEW.title, NEW.detail);
END;
CREATE TRIGGER items_text_delete AFTER DELETE ON items BEGIN
    DELETE FROM items_text WHERE rowid = OLD.rowid;
END;
CREATE INDEX item_history_by_time ON item_history (changed_at);

CREATE TABLE active_items_by_rating (
    priority   INTEGER NOT NULL,
    likelihood INTEGER NOT NULL,   -- 0: not rated
    impact     INTEGER NOT NULL,
    count      INTEGER NOT NULL,
    PRIMARY KEY (priority, likelihood, impact)
) STRICT, WITHOUT ROWID;
CREATE TABLE active_items_by_due (
    due_date TEXT PRIMARY KEY NOT NULL,   -- '': no due date
    count    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE active_items_by_principle (
    principle TEXT PRIMARY KEY NOT NULL,
    count     INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE active_items_by_consultation (
    consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    count           INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX active_items_by_consultation_count ON active_items_by_consultation (count DESC, consultation_id);
CREATE TABLE active_item_changes_by_day (
    day   TEXT PRIMARY KEY NOT NULL,   -- YYYY-MM-DD, UTC
    delta INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO active_items_by_rating (priority, likelihood, impact, count)
SELECT priority, coalesce(likelihood, 0), coalesce(impact, 0), count(*) FROM items
 WHERE status IN ('open', 'in-progress') GROUP BY 1, 2, 3;
INSERT INTO active_items_by_due (due_date, count)
SELECT coalesce(due_date, ''), count(*) FROM items WHERE status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_items_by_principle (principle, count)
SELECT p.principle, count(*) FROM item_principles p JOIN items i ON i.id = p.item_id
 WHERE i.status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_items_by_consultation (consultation_id, count)
SELECT consultation_id, count(*) FROM items WHERE status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_item_changes_by_day (day, delta)
SELECT substr(changed_at, 1, 10),
       sum(CASE
             WHEN field = 'created' THEN 1
             WHEN field = 'status' AND old_value IN ('open', 'in-progress')
                                   AND new_value NOT IN ('open', 'in-progress') THEN -1
             WHEN field = 'status' AND old_value NOT IN ('open', 'in-progress')
                                   AND new_value IN ('open', 'in-progress') THEN 1
             ELSE 0 END)
  FROM item_history WHERE field IN ('created', 'status') GROUP BY 1;

-- An item becomes active (raised, or reopened) ...
CREATE TRIGGER items_active_insert AFTER INSERT ON items WHEN NEW.status IN ('open', 'in-progress') BEGIN
    INSERT INTO active_items_by_rating VALUES (NEW.priority, coalesce(NEW.likelihood, 0), coalesce(NEW.impact, 0), 1)
        ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO active_items_by_due VALUES (coalesce(NEW.due_date, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO active_items_by_consultation VALUES (NEW.consultation_id, 1) ON CONFLICT DO UPDATE SET count = count + 1;
END;
-- ... or stops being active, or changes while active: out with the old, in with the new.
CREATE TRIGGER items_active_update_old AFTER UPDATE OF status, priority, likelihood, impact, due_date ON items
WHEN OLD.status IN ('open', 'in-progress') BEGIN
    UPDATE active_items_by_rating SET count = count - 1
     WHERE priority = OLD.priority AND likelihood = coalesce(OLD.likelihood, 0) AND impact = coalesce(OLD.impact, 0);
    UPDATE active_items_by_due SET count = count - 1 WHERE due_date = coalesce(OLD.due_date, '');
    UPDATE active_items_by_consultation SET count = count - 1 WHERE consultation_id = OLD.consultation_id;
    UPDATE active_items_by_principle SET count = count - 1
     WHERE principle IN (SELECT principle FROM item_principles WHERE item_id = OLD.id);
END;
CREATE TRIGGER items_active_update_new AFTER UPDATE OF status, priority, likelihood, impact, due_date ON items
WHEN NEW.status IN ('open', 'in-progress') BEGIN
    INSERT INTO active_items_by_rating VALUES (NEW.priority, coalesce(NEW.likelihood, 0), coalesce(NEW.impact, 0), 1)
        ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO active_items_by_due VALUES (coalesce(NEW.due_date, ''), 1) ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO active_items_by_consultation VALUES (NEW.consultation_id, 1) ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO active_items_by_principle SELECT principle, 1 FROM item_principles WHERE item_id = NEW.id AND true
        ON CONFLICT DO UPDATE SET count = count + 1;
END;
-- Before the row goes, while its principles can still be read.
CREATE TRIGGER items_active_delete BEFORE DELETE ON items WHEN OLD.status IN ('open', 'in-progress') BEGIN
    UPDATE active_items_by_rating SET count = count - 1
     WHERE priority = OLD.priority AND likelihood = coalesce(OLD.likelihood, 0) AND impact = coalesce(OLD.impact, 0);
    UPDATE active_items_by_due SET count = count - 1 WHERE due_date = coalesce(OLD.due_date, '');
    UPDATE active_items_by_consultation SET count = count - 1 WHERE consultation_id = OLD.consultation_id;
    UPDATE active_items_by_principle SET count = count - 1
     WHERE principle IN (SELECT principle FROM item_principles WHERE item_id = OLD.id);
END;
-- Principles are written after their item; one removed from a live item is subtracted
-- (when the item itself is deleted, its row is gone first and the trigger above counted).
CREATE TRIGGER item_principles_active_insert AFTER INSERT ON item_principles
WHEN (SELECT status FROM items WHERE id = NEW.item_id) IN ('open', 'in-progress') BEGIN
    INSERT INTO active_items_by_principle VALUES (NEW.principle, 1) ON CONFLICT DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER item_principles_active_delete AFTER DELETE ON item_principles
WHEN (SELECT status FROM items WHERE id = OLD.item_id) IN ('open', 'in-progress') BEGIN
    UPDATE active_items_by_principle SET count = count - 1 WHERE principle = OLD.principle;
END;
CREATE TRIGGER item_history_by_day AFTER INSERT ON item_history WHEN NEW.field IN ('created', 'status') BEGIN
    INSERT INTO active_item_changes_by_day VALUES (
        substr(NEW.changed_at, 1, 10),
        CASE
          WHEN NEW.field = 'created' THEN 1
          WHEN NEW.old_value IN ('open', 'in-progress') AND NEW.new_value NOT IN ('open', 'in-progress') THEN -1
          WHEN NEW.old_value NOT IN ('open', 'in-progress') AND NEW.new_value IN ('open', 'in-progress') THEN 1
          ELSE 0 END)
    ON CONFLICT DO UPDATE SET delta = delta + excluded.delta;
END;
"#;

/// Saves that never erase another's: drafts belong to a session and remember the value
/// their editor started from; meeting texts get a history like responses and items.
const V3: &str = r#"
ALTER TABLE drafts ADD COLUMN started_from TEXT;
DROP INDEX drafts_by_target;
DROP INDEX drafts_global_by_target;
CREATE INDEX drafts_by_target ON drafts (consultation_id, target);

CREATE TABLE meeting_history (
    id          TEXT PRIMARY KEY NOT NULL,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX meeting_history_by_meeting ON meeting_history (meeting_id, changed_at);
"#;

/// Version 4: who ran each meeting (its minute-taker; empty for meetings held before), and
/// an index to read an item's sign-off decisions into its history.
const V4: &str = r#"
ALTER TABLE meetings ADD COLUMN minute_taker TEXT NOT NULL DEFAULT '';
CREATE INDEX sign_off_items_by_item ON sign_off_items (item_id);
"#;

/// Version 5: questionnaire format 2. A response keeps its structured answer (a choice, a
/// scale point, a number, a date: `value`, in the form `domain::answer` stores) beside the
/// answer text, and whether a condition hides its question now (`hidden`: it then counts
/// neither in progress nor in scores). A consultation keeps its impact level, and every
/// change of it with the reasons; a sign-off keeps the required questions it was signed
/// off without. The response history is rebuilt to take `value` changes (its CHECK lists
/// the fields).
const V5: &str = r#"
ALTER TABLE responses ADD COLUMN value TEXT NOT NULL DEFAULT '';
ALTER TABLE responses ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
ALTER TABLE consultations ADD COLUMN level TEXT;
ALTER TABLE sign_offs ADD COLUMN unanswered_required TEXT NOT NULL DEFAULT '';   -- question ids, space-separated

CREATE TABLE response_history_v4 (
    id          TEXT PRIMARY KEY NOT NULL,
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    meeting_id  TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    field       TEXT NOT NULL CHECK (field IN ('answer', 'assessment', 'notes', 'value')),
    old_value   TEXT NOT NULL,
    new_value   TEXT NOT NULL,
    changed_by  TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
INSERT INTO response_history_v4 (id, response_id, meeting_id, field, old_value, new_value, changed_by, changed_at,
                                 created_at, updated_at)
SELECT id, response_id, meeting_id, field, old_value, new_value, changed_by, changed_at, created_at, updated_at
  FROM response_history;
DROP TABLE response_history;
ALTER TABLE response_history_v4 RENAME TO response_history;
CREATE INDEX response_history_by_response ON response_history (response_id, changed_at);
CREATE INDEX response_history_by_meeting ON response_history (meeting_id);

-- Each change of a consultation's impact level: from what, to what, and why (the answers
-- that scored, as JSON), in which meeting.
CREATE TABLE level_history (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    meeting_id      TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    old_level       TEXT,
    new_level       TEXT,
    score           INTEGER NOT NULL,
    reasons         TEXT NOT NULL DEFAULT '[]',
    changed_by      TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX level_history_by_consultation ON level_history (consultation_id, changed_at);
"#;

/// Items read at the floor (issue 19). Each item carries its principles in order as a JSON
/// array, kept by triggers on `item_principles` (whoever writes them), so a listing reads
/// them with the item instead of searching and sorting another table for every row. An
/// owner's active items have an index of their own in the owner's order, so `chec items
/// --owner` reads only those, in order, not all the owner's items to test each one's status.
const V6: &str = r#"
ALTER TABLE items ADD COLUMN principles TEXT NOT NULL DEFAULT '[]';
UPDATE items SET principles = (
    SELECT json_group_array(principle)
      FROM (SELECT principle FROM item_principles p WHERE p.item_id = items.id ORDER BY position))
 WHERE id IN (SELECT item_id FROM item_principles);
CREATE TRIGGER item_principles_listed_insert AFTER INSERT ON item_principles BEGIN
    UPDATE items SET principles = (
        SELECT json_group_array(principle)
          FROM (SELECT principle FROM item_principles p WHERE p.item_id = NEW.item_id ORDER BY position))
     WHERE id = NEW.item_id;
END;
CREATE TRIGGER item_principles_listed_update AFTER UPDATE ON item_principles BEGIN
    UPDATE items SET principles = (
        SELECT json_group_array(principle)
          FROM (SELECT principle FROM item_principles p WHERE p.item_id = items.id ORDER BY position))
     WHERE id IN (OLD.item_id, NEW.item_id);
END;
CREATE TRIGGER item_principles_listed_delete AFTER DELETE ON item_principles BEGIN
    UPDATE items SET principles = (
        SELECT json_group_array(principle)
          FROM (SELECT principle FROM item_principles p WHERE p.item_id = OLD.item_id ORDER BY position))
     WHERE id = OLD.item_id;
END;
-- IF NOT EXISTS: databases tried by hand for issue 19 may have it already.
CREATE INDEX IF NOT EXISTS items_active_by_owner ON items (owner COLLATE NOCASE, priority DESC, due_date IS NULL, due_date, consultation_id, seq)
    WHERE status IN ('open', 'in-progress');
"#;

/// Version 7: every change as an event, for sharing through a team's git repository.
///
/// `team` is this database's one row: its device id (random, made here, so two databases
/// never share one), the Lamport clock of the last event it made or saw, and the team's
/// repository once it joins one. `events` holds every event, this device's and those
/// imported, exactly as the JSON line a team file holds; this device's stay `sent = 0`
/// until they are committed to the team's repository. `text_heads` keeps, per text field,
/// the events whose value no later event replaced (two or more different values: a
/// conflict). `team_files` remembers how far each team file was read, `team_problems` what
/// could not be imported. Events for what a database held before this version are written
/// once, at the first open (`backfilled`).
const V7: &str = r#"
CREATE TABLE team (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    device     TEXT NOT NULL,
    lamport    INTEGER NOT NULL DEFAULT 0,
    backfilled INTEGER NOT NULL DEFAULT 1 CHECK (backfilled IN (0, 1)),
    remote     TEXT,
    branch     TEXT,
    roles      TEXT,            -- team.json as last read from the repository
    last_sync  TEXT,
    last_error TEXT
) STRICT;
INSERT INTO team (id, device, backfilled)
VALUES (1, lower(hex(randomblob(8))), NOT EXISTS (SELECT 1 FROM consultations));

CREATE TABLE events (
    id              TEXT PRIMARY KEY NOT NULL,
    consultation_id TEXT NOT NULL,   -- no foreign key: an event may name one that never applies
    lamport         INTEGER NOT NULL,
    device          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL,   -- the event as one JSON line
    origin          TEXT,            -- file:line it was imported from; NULL if made here
    sent            INTEGER NOT NULL DEFAULT 1 CHECK (sent IN (0, 1)),
    aside           TEXT,            -- why it is not applied, if it is not
    waiting_until   TEXT,            -- aside for a clock ahead: its time, to try again then
    author_key      TEXT NOT NULL,   -- its author as team.json names are compared
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX events_by_consultation ON events (consultation_id, lamport, id);
CREATE INDEX events_unsent ON events (lamport, id) WHERE sent = 0;
CREATE INDEX events_waiting ON events (waiting_until) WHERE waiting_until IS NOT NULL;
CREATE INDEX events_by_author ON events (author_key, consultation_id);

CREATE TABLE text_heads (
    consultation_id TEXT NOT NULL,
    target          TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    value           TEXT NOT NULL,
    author          TEXT NOT NULL,
    at              TEXT NOT NULL,
    device          TEXT NOT NULL,
    PRIMARY KEY (target, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX text_heads_by_consultation ON text_heads (consultation_id, target);
-- The text fields whose heads hold two or more different values: kept with the heads, so
-- counting conflicts never reads every head.
CREATE TABLE text_conflicts (
    consultation_id TEXT NOT NULL,
    target          TEXT PRIMARY KEY NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX text_conflicts_by_consultation ON text_conflicts (consultation_id);

CREATE TABLE team_files (
    path       TEXT PRIMARY KEY NOT NULL,
    read_bytes INTEGER NOT NULL,   -- bytes read, up to the end of the last whole line
    read_lines INTEGER NOT NULL    -- lines read
) STRICT;

CREATE TABLE team_problems (
    place    TEXT NOT NULL,    -- file:line
    event_id TEXT,
    message  TEXT NOT NULL,
    seen_at  TEXT NOT NULL,
    PRIMARY KEY (place, message)
) STRICT;

-- A replay removes a consultation's meetings: the items and sign-offs that name one are found
-- by index, not by reading every item (SQLite looks them up to set their meeting to NULL).
CREATE INDEX items_by_meeting ON items (meeting_id);
CREATE INDEX sign_offs_by_meeting ON sign_offs (meeting_id);

-- A replay rebuilds a consultation's item history: the day counts follow rows that go.
CREATE TRIGGER item_history_by_day_delete AFTER DELETE ON item_history WHEN OLD.field IN ('created', 'status') BEGIN
    UPDATE active_item_changes_by_day SET delta = delta - CASE
          WHEN OLD.field = 'created' THEN 1
          WHEN OLD.old_value IN ('open', 'in-progress') AND OLD.new_value NOT IN ('open', 'in-progress') THEN -1
          WHEN OLD.old_value NOT IN ('open', 'in-progress') AND OLD.new_value IN ('open', 'in-progress') THEN 1
          ELSE 0 END
     WHERE day = substr(OLD.changed_at, 1, 10);
END;
"#;

/// Text heads and conflicts per consultation. An answer's field is named by its question
/// (`response:PLN-01:answer`), so the same name in two consultations is two fields: heads
/// are now keyed, read and compared within their consultation, and so is a conflict (keyed
/// by the name alone, consultations answering one question differently were counted as a
/// conflict, and every answer read the heads of that question in every consultation). The
/// conflicts are worked out again from the heads.
const V8: &str = r#"
CREATE TABLE text_heads_v8 (
    consultation_id TEXT NOT NULL,
    target          TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    value           TEXT NOT NULL,
    author          TEXT NOT NULL,
    at              TEXT NOT NULL,
    device          TEXT NOT NULL,
    PRIMARY KEY (consultation_id, target, event_id)
) STRICT, WITHOUT ROWID;
INSERT OR REPLACE INTO text_heads_v8 (consultation_id, target, event_id, value, author, at, device)
SELECT consultation_id, target, event_id, value, author, at, device FROM text_heads;
DROP TABLE text_heads;
ALTER TABLE text_heads_v8 RENAME TO text_heads;

DROP TABLE text_conflicts;
CREATE TABLE text_conflicts (
    consultation_id TEXT NOT NULL,
    target          TEXT NOT NULL,
    PRIMARY KEY (consultation_id, target)
) STRICT, WITHOUT ROWID;
INSERT INTO text_conflicts (consultation_id, target)
SELECT consultation_id, target FROM text_heads
 WHERE target NOT LIKE '%:attendees'
 GROUP BY consultation_id, target HAVING count(DISTINCT value) > 1;

-- The events kept aside, by consultation: each import asks for those of every consultation it
-- touched, which read each of their events whole (a tenth of receiving 1,000 events).
CREATE INDEX events_aside ON events (consultation_id) WHERE aside IS NOT NULL;
"#;

/// What the triggers on items and their history keep beside them, worked out again from the
/// rows (as the migrations that began keeping each of them did): the counts of active items
/// and the day counts of changes. A first import into a database without items drops those
/// triggers and runs this once at the end (`BuiltLater` in built_later.rs); its SQL matches
/// the triggers' (a test holds a first import to the same record as the same events applied
/// one by one). Each item's list of principles, which triggers on its principles keep too,
/// is written with the item as a replay inserts it (`INSERT_ITEM_LISTED` in items.rs).
pub(super) const DERIVED_FROM_ITEMS: &str = r#"
DELETE FROM active_items_by_rating;
DELETE FROM active_items_by_due;
DELETE FROM active_items_by_principle;
DELETE FROM active_items_by_consultation;
DELETE FROM active_item_changes_by_day;
INSERT INTO active_items_by_rating (priority, likelihood, impact, count)
SELECT priority, coalesce(likelihood, 0), coalesce(impact, 0), count(*) FROM items
 WHERE status IN ('open', 'in-progress') GROUP BY 1, 2, 3;
INSERT INTO active_items_by_due (due_date, count)
SELECT coalesce(due_date, ''), count(*) FROM items WHERE status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_items_by_principle (principle, count)
SELECT p.principle, count(*) FROM item_principles p JOIN items i ON i.id = p.item_id
 WHERE i.status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_items_by_consultation (consultation_id, count)
SELECT consultation_id, count(*) FROM items WHERE status IN ('open', 'in-progress') GROUP BY 1;
INSERT INTO active_item_changes_by_day (day, delta)
SELECT substr(changed_at, 1, 10),
       sum(CASE
             WHEN field = 'created' THEN 1
             WHEN field = 'status' AND old_value IN ('open', 'in-progress')
                                   AND new_value NOT IN ('open', 'in-progress') THEN -1
             WHEN field = 'status' AND old_value NOT IN ('open', 'in-progress')
                                   AND new_value IN ('open', 'in-progress') THEN 1
             ELSE 0 END)
  FROM item_history WHERE field IN ('created', 'status') GROUP BY 1;
"#;

/// The triggers [`DERIVED_FROM_ITEMS`] stands in for, and those of the items' search index.
pub(super) const TRIGGERS_ON_ITEMS: &[&str] = &[
    "items_active_insert",
    "items_active_update_old",
    "items_active_update_new",
    "items_active_delete",
    "item_principles_active_insert",
    "item_principles_active_delete",
    "item_history_by_day",
    "item_history_by_day_delete",
    "item_principles_listed_insert",
    "item_principles_listed_update",
    "item_principles_listed_delete",
    "items_text_insert",
    "items_text_update",
    "items_text_delete",
];

/// The schema version that began keeping events (and so may need a backfill).
pub const EVENTS_SINCE: i64 = 7;

/// Every migration's SQL, in order. The schema version is their count.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8];

pub fn migrations(steps: &[&'static str]) -> Migrations<'static> {
    Migrations::new(steps.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid_and_latest_version_matches() {
        let migrations = super::migrations(super::MIGRATIONS);
        assert!(migrations.validate().is_ok());
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        migrations.to_latest(&mut conn).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, super::latest_version());
    }
}
