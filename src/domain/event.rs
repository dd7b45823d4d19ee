//! Changes as events: what travels between the machines of a team.
//!
//! Every change chec makes is also written down as one immutable [`Event`]: who made it
//! (author and device), when (the store's clock, and a Lamport clock that orders it after
//! every event its machine had seen), the record and field it changed, the value it started
//! from and the new value. Events are what a team's git repository carries, one JSON object
//! a line; replaying the same events gives the same record on every machine (see
//! [`super::replay`]).
//!
//! The JSON is written from these types, so its field order is fixed: `id` first (a reader
//! can find it without parsing the line), then the envelope, then `kind` and the change's
//! own fields. Unknown fields are ignored, so a newer chec may add some; an unknown `kind`
//! is reported, never guessed at.

use serde::{Deserialize, Serialize};

use super::{Assessment, Attendee, Decision, MeetingField, Priority, ResponseField, RiskResponse, RiskSource};
use super::{ItemStatus, word_enum};

/// One change, as it travels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// UUIDv7: unique, and sorts by the time it was made.
    pub id: String,
    /// Greater than the Lamport clock of every event its machine had seen when it was made.
    pub lamport: u64,
    /// When it was made, by its machine's clock: UTC, RFC 3339.
    pub at: String,
    /// Who made it (as recorded in every history entry).
    pub author: String,
    /// The database it was made in (a stable id per database).
    pub device: String,
    /// The consultation it belongs to: its id, and its key when the change was made.
    pub consultation: String,
    pub key: String,
    #[serde(flatten)]
    pub change: Change,
}

/// The fields of an [`Event`] besides its change (any other field of the line is skipped).
#[derive(Deserialize)]
struct Header {
    id: String,
    lamport: u64,
    at: String,
    author: String,
    device: String,
    consultation: String,
    key: String,
}

/// What an event changed. The `kind` names the variant in the JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// A consultation was opened on a questionnaire (its snapshot travels with it).
    ConsultationOpened {
        name: String,
        team: String,
        description: String,
        traits: Vec<String>,
        questionnaire: serde_json::Value,
    },
    /// The consultation's current stage was set by hand.
    StageMoved {
        stage: String,
    },
    /// The team's answer or the consultant's notes on a question.
    ResponseText {
        question: String,
        stage: String,
        field: ResponseField,
        from: String,
        to: String,
        /// The events whose value this one replaced (see [`super::replay`]).
        parents: Vec<String>,
        meeting: Option<String>,
    },
    /// A question's assessment.
    Assessed {
        question: String,
        stage: String,
        from: Assessment,
        to: Assessment,
        meeting: Option<String>,
    },
    /// An improvement item was raised. `seq` is the number it got on its author's machine;
    /// where two machines raised items at once, numbers follow the events' order.
    ItemRaised {
        item: String,
        seq: i64,
        title: String,
        detail: String,
        question: Option<String>,
        principles: Vec<String>,
        stage: String,
        meeting: Option<String>,
        owner: String,
        due: Option<String>,
        priority: Priority,
        /// Whether the priority was set by hand (else it follows the risk rating).
        priority_explicit: bool,
        risk_source: Option<RiskSource>,
        likelihood: Option<u8>,
        impact: Option<u8>,
        response: Option<RiskResponse>,
    },
    /// One field of an item changed, or a note was added (`field: note`).
    ItemChanged {
        item: String,
        field: ItemField,
        from: Option<String>,
        to: Option<String>,
        note: String,
        meeting: Option<String>,
        /// For the text fields (title, detail): the events whose value this one replaced.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        parents: Vec<String>,
        /// For `priority`: whether it was set by hand.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        explicit: Option<bool>,
    },
    MeetingStarted {
        meeting: String,
        seq: i64,
        stage: String,
        agenda: String,
        attendees: Vec<Attendee>,
        minute_taker: String,
    },
    MeetingText {
        meeting: String,
        field: MeetingField,
        from: String,
        to: String,
        parents: Vec<String>,
    },
    AttendeesChanged {
        meeting: String,
        attendees: Vec<Attendee>,
        parents: Vec<String>,
    },
    MeetingEnded {
        meeting: String,
        ended_at: String,
    },
    SignedOff {
        sign_off: String,
        stage: String,
        comment: String,
        meeting: Option<String>,
        decisions: Vec<SignOffItem>,
        /// The required questions of the stage left unanswered, signed off as an exception
        /// (question ids, space-separated).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unanswered_required: String,
    },
    Reopened {
        sign_off: String,
        stage: String,
        reason: String,
    },
    /// The structured answer of a choice, scale, number or date question (in the form
    /// `domain::answer` stores; empty: cleared). Like an assessment, the later one stands.
    ResponseValue {
        question: String,
        stage: String,
        from: String,
        to: String,
        meeting: Option<String>,
    },
    /// The service's traits were changed after the consultation was opened (they decide
    /// which trait-specific questions apply). The later change stands.
    TraitsChanged {
        from: Vec<String>,
        to: Vec<String>,
    },
}

/// A sign-off's decision on one item, as it travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffItem {
    pub item: String,
    pub decision: Decision,
    pub reason: String,
}

word_enum! {
    /// The fields of an item an event can change.
    pub enum ItemField {
        Title => ("title", "title"),
        Detail => ("detail", "detail"),
        Owner => ("owner", "owner"),
        Due => ("due", "due date"),
        Priority => ("priority", "priority"),
        /// Likelihood and impact together, as `LxI` (e.g. `3x4`).
        Risk => ("risk", "likelihood × impact"),
        Status => ("status", "status"),
        /// No field: a note added to the item's history.
        Note => ("note", "note"),
    }
}

/// Every `kind` this chec knows, in the order of [`Change`].
pub const KINDS: &[&str] = &[
    "consultation-opened",
    "stage-moved",
    "response-text",
    "assessed",
    "item-raised",
    "item-changed",
    "meeting-started",
    "meeting-text",
    "attendees-changed",
    "meeting-ended",
    "signed-off",
    "reopened",
    "response-value",
    "traits-changed",
];

impl Change {
    /// The `kind` written in the JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::ConsultationOpened { .. } => KINDS[0],
            Change::StageMoved { .. } => KINDS[1],
            Change::ResponseText { .. } => KINDS[2],
            Change::Assessed { .. } => KINDS[3],
            Change::ItemRaised { .. } => KINDS[4],
            Change::ItemChanged { .. } => KINDS[5],
            Change::MeetingStarted { .. } => KINDS[6],
            Change::MeetingText { .. } => KINDS[7],
            Change::AttendeesChanged { .. } => KINDS[8],
            Change::MeetingEnded { .. } => KINDS[9],
            Change::SignedOff { .. } => KINDS[10],
            Change::Reopened { .. } => KINDS[11],
            Change::ResponseValue { .. } => KINDS[12],
            Change::TraitsChanged { .. } => KINDS[13],
        }
    }

    /// The text field this change sets, for those whose concurrent changes are conflicts
    /// (or, for attendees, unions): its target and new value.
    pub fn text_target(&self) -> Option<(TextTarget, String)> {
        match self {
            Change::ResponseText { question, field, to, .. } => {
                Some((TextTarget::Response { question: question.clone(), field: *field }, to.clone()))
            }
            Change::MeetingText { meeting, field, to, .. } => {
                Some((TextTarget::Meeting { meeting: meeting.clone(), field: *field }, to.clone()))
            }
            Change::ItemChanged { item, field: field @ (ItemField::Title | ItemField::Detail), to, .. } => {
                Some((TextTarget::Item { item: item.clone(), field: *field }, to.clone().unwrap_or_default()))
            }
            _ => None,
        }
    }

    /// The events this change replaced, for the changes that name them.
    pub fn parents(&self) -> &[String] {
        match self {
            Change::ResponseText { parents, .. }
            | Change::MeetingText { parents, .. }
            | Change::AttendeesChanged { parents, .. }
            | Change::ItemChanged { parents, .. } => parents,
            _ => &[],
        }
    }
}

/// A text field that can hold two versions at once, named as stored (`response:PLN-01:answer`,
/// `meeting:<id>:notes`, `item:<id>:title`, `meeting:<id>:attendees`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextTarget {
    Response { question: String, field: ResponseField },
    Meeting { meeting: String, field: MeetingField },
    Item { item: String, field: ItemField },
    Attendees { meeting: String },
}

impl std::fmt::Display for TextTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextTarget::Response { question, field } => write!(f, "response:{question}:{field}"),
            TextTarget::Meeting { meeting, field } => write!(f, "meeting:{meeting}:{field}"),
            TextTarget::Item { item, field } => write!(f, "item:{item}:{field}"),
            TextTarget::Attendees { meeting } => write!(f, "meeting:{meeting}:attendees"),
        }
    }
}

impl std::str::FromStr for TextTarget {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("not a text field: '{s}'");
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        let (record, field) = rest.rsplit_once(':').ok_or_else(bad)?;
        let record = record.to_string();
        match kind {
            "response" => Ok(TextTarget::Response { question: record, field: field.parse().map_err(|_| bad())? }),
            "meeting" if field == "attendees" => Ok(TextTarget::Attendees { meeting: record }),
            "meeting" => Ok(TextTarget::Meeting { meeting: record, field: field.parse().map_err(|_| bad())? }),
            "item" => Ok(TextTarget::Item { item: record, field: field.parse().map_err(|_| bad())? }),
            _ => Err(bad()),
        }
    }
}

/// A likelihood × impact rating as an item event writes it: `3x4`.
pub fn risk_text(likelihood: Option<u8>, impact: Option<u8>) -> Option<String> {
    Some(format!("{}x{}", likelihood?, impact?))
}

/// The inverse of [`risk_text`].
pub fn parse_risk_text(text: &str) -> Option<(u8, u8)> {
    let (l, i) = text.split_once('x')?;
    let (l, i) = (l.parse().ok()?, i.parse().ok()?);
    ((1..=5).contains(&l) && (1..=5).contains(&i)).then_some((l, i))
}

/// The status an item takes, for events that carry it as text.
pub fn parse_status(text: Option<&str>) -> Option<ItemStatus> {
    text?.parse().ok()
}

/// Why a line of a team file is not an event chec can use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadLine {
    #[error("the line is cut short (the file ends in the middle of an event)")]
    Truncated,
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("unknown event kind '{0}' (written by a newer chec? upgrade chec to read it)")]
    UnknownKind(String),
    #[error("{0}")]
    Field(String),
}

/// The largest Lamport clock accepted: far beyond any real team, small enough that no
/// event can push every machine's clock to its end.
pub const MAX_LAMPORT: u64 = 1 << 48;

impl Event {
    /// The event as one line of a team file (without the line break).
    pub fn to_line(&self) -> String {
        // Serialising plain data cannot fail; an empty object would be refused on import.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }

    /// Read one line of a team file. `complete` says whether the line ended with a line
    /// break (the last line of a file being written may not).
    pub fn parse_line(line: &str, complete: bool) -> Result<Event, BadLine> {
        // A line as chec writes it reads straight into an event (a first import reads
        // millions); any line that does not is read again through a JSON value, to say
        // exactly what is wrong with it.
        // The fields every event has and its change are read apart: read whole, the change
        // (a flattened, tagged enum) made serde hold every field twice in memory first.
        if let Ok(header) = serde_json::from_str::<Header>(line)
            && let Ok(change) = serde_json::from_str::<Change>(line)
        {
            let Header { id, lamport, at, author, device, consultation, key } = header;
            let event = Event { id, lamport, at, author, device, consultation, key, change };
            if event.check().is_ok() {
                return Ok(event);
            }
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) if e.is_eof() || !complete => return Err(BadLine::Truncated),
            Err(e) => {
                let message = e.to_string();
                let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m);
                return Err(BadLine::Json(format!("{message} (column {})", e.column())));
            }
        };
        let Some(object) = value.as_object() else {
            return Err(BadLine::Field("an event is a JSON object".into()));
        };
        match object.get("kind").and_then(|k| k.as_str()) {
            None => return Err(BadLine::Field("missing field 'kind'".into())),
            Some(kind) if !KINDS.contains(&kind) => return Err(BadLine::UnknownKind(kind.to_string())),
            Some(_) => {}
        }
        let event: Event = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner().to_string();
            if path == "." || path.is_empty() {
                BadLine::Field(inner)
            } else {
                BadLine::Field(format!("field '{path}': {inner}"))
            }
        })?;
        event.check()?;
        Ok(event)
    }

    /// What no chec writes: an empty id, author or device, a time that is not one, a
    /// Lamport clock out of range.
    fn check(&self) -> Result<(), BadLine> {
        let field = |name: &str, what: &str| Err(BadLine::Field(format!("field '{name}': {what}")));
        if self.id.trim().is_empty() || self.id.len() > 64 {
            return field("id", "not an event id");
        }
        if self.author.trim().is_empty() {
            return field("author", "empty");
        }
        if self.device.trim().is_empty() || self.device.len() > 64 {
            return field("device", "not a device id");
        }
        if self.consultation.trim().is_empty() {
            return field("consultation", "empty");
        }
        if self.lamport == 0 || self.lamport > MAX_LAMPORT {
            return field("lamport", "out of range");
        }
        if crate::clock::parse_stored(&self.at).is_none() {
            return field("at", "not an RFC 3339 time");
        }
        Ok(())
    }

    /// The order every machine replays events in: by Lamport clock, then by id.
    pub fn order_key(&self) -> (u64, &str) {
        (self.lamport, &self.id)
    }
}

/// A name or device id as it may appear in a file name: letters and digits of any script,
/// `-`, `_` and `.` kept, anything else `_`; at most 40 characters; never empty or hidden.
pub fn file_safe(name: &str) -> String {
    let mut safe: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(40)
        .collect();
    if safe.starts_with('.') {
        safe.replace_range(0..1, "_");
    }
    if safe.is_empty() { "_".to_string() } else { safe }
}

/// The file of a team repository an author's events from one device go to, by the month
/// (UTC) they are written to the repository in, `written`:
/// `events/<consultation key>/<author>-<device>@<yyyy-mm>.jsonl`.
///
/// Rolling the files by month keeps the ones an everyday sync appends to small, so git
/// hashes, compresses and delta-searches a month of a consultation, not its whole history.
/// The month is the one the lines are written in, not the one each change was made in: a
/// file is appended to for one month and then never again, and a record published at once
/// (`chec team init` of years of consultations) is one file per consultation, not one per
/// month of its past (which made a quarter of a million files of a million items, and git
/// looks at each of them whenever it checks a work tree). The month is in the name rather
/// than a folder of its own, so a change costs git one tree less. `@` never occurs in the
/// rest ([`file_safe`] replaces it). Repositories written before files rolled
/// (`events/<consultation key>/<author>-<device>.jsonl`) are read as they are; new events
/// go to the monthly files beside them.
pub fn file_of(key: &str, author: &str, device: &str, written: chrono::DateTime<chrono::Utc>) -> String {
    let month = written.format("%Y-%m");
    format!("events/{}/{}-{}@{month}.jsonl", file_safe(key), file_safe(author), file_safe(device))
}

/// `<author>-<device>` of a file's name, in either layout: `kim-a1b2` of
/// `events/CARE/kim-a1b2@2026-11.jsonl` and of `events/CARE/kim-a1b2.jsonl`.
pub fn writer_of_file(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next()?.strip_suffix(".jsonl")?;
    Some(name.rsplit_once('@').map_or(name, |(writer, _)| writer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(change: Change) -> Event {
        Event {
            id: "0192f5c4-0000-7000-8000-000000000001".into(),
            lamport: 7,
            at: "2026-11-22T10:00:00.000Z".into(),
            author: "김민지".into(),
            device: "a1b2c3d4e5f60718".into(),
            consultation: "0192f5c4-0000-7000-8000-0000000000c0".into(),
            key: "CARE".into(),
            change,
        }
    }

    #[test]
    fn an_event_is_one_line_with_its_id_first_and_reads_back_the_same() {
        let e = event(Change::ResponseText {
            question: "PLN-01".into(),
            stage: "planning".into(),
            field: ResponseField::Answer,
            from: String::new(),
            to: "보호자 동의 | consent\n둘째 줄".into(),
            parents: vec![],
            meeting: None,
        });
        let line = e.to_line();
        assert!(!line.contains('\n'));
        assert!(line.starts_with(r#"{"id":"0192f5c4-0000-7000-8000-000000000001","lamport":7,"at":"#), "{line}");
        assert!(line.contains(r#""key":"CARE","kind":"response-text","question":"PLN-01""#), "{line}");
        assert_eq!(Event::parse_line(&line, true), Ok(e));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let good = event(Change::StageMoved { stage: "data".into() }).to_line();
        assert_eq!(Event::parse_line(&good[..good.len() - 5], false), Err(BadLine::Truncated));
        assert_eq!(Event::parse_line(&good[..good.len() - 5], true), Err(BadLine::Truncated));
        assert!(matches!(Event::parse_line("{not json}", true), Err(BadLine::Json(_))));
        let newer = good.replace("stage-moved", "stage-archived");
        assert_eq!(Event::parse_line(&newer, true), Err(BadLine::UnknownKind("stage-archived".into())));
        let e = Event::parse_line(&good.replace(r#""lamport":7"#, r#""lamport":"seven""#), true).unwrap_err();
        assert!(e.to_string().contains("field 'lamport'"), "{e}");
        let e = Event::parse_line(&good.replace(r#""lamport":7"#, r#""lamport":0"#), true).unwrap_err();
        assert!(e.to_string().contains("field 'lamport': out of range"), "{e}");
        // A newer chec's extra field is ignored.
        let extra = good.replacen('{', r#"{"signature":"…","#, 1);
        assert!(Event::parse_line(&extra, true).is_ok());
    }

    #[test]
    fn text_targets_round_trip() {
        for t in [
            TextTarget::Response { question: "PLN-01".into(), field: ResponseField::Notes },
            TextTarget::Meeting { meeting: "m-1".into(), field: MeetingField::NextSteps },
            TextTarget::Item { item: "i-1".into(), field: ItemField::Title },
            TextTarget::Attendees { meeting: "m-1".into() },
        ] {
            assert_eq!(t.to_string().parse::<TextTarget>(), Ok(t));
        }
    }

    #[test]
    fn file_names_keep_any_script_and_nothing_that_moves_out_of_the_folder() {
        let at = crate::clock::parse_stored("2026-11-30T23:59:59.000Z").unwrap();
        assert_eq!(file_of("CARE", "김민지", "a1b2", at), "events/CARE/김민지-a1b2@2026-11.jsonl");
        assert_eq!(file_of("CARE", "../x@y", "d", at), "events/CARE/_._x_y-d@2026-11.jsonl");
        // By the month in UTC, whatever the zone of the machine writing.
        let seoul_morning = crate::clock::parse_stored("2026-12-01T08:00:00.000+09:00").unwrap();
        assert_eq!(file_of("CARE", "k", "d", seoul_morning), "events/CARE/k-d@2026-11.jsonl");
        assert_eq!(writer_of_file("events/CARE/김민지-a1b2@2026-11.jsonl"), Some("김민지-a1b2"));
        assert_eq!(writer_of_file("events/CARE/김민지-a1b2.jsonl"), Some("김민지-a1b2"));
        assert_eq!(writer_of_file("events/CARE/notes.txt"), None);
        assert_eq!(file_safe(""), "_");
        assert_eq!(risk_text(Some(3), Some(4)).as_deref(), Some("3x4"));
        assert_eq!(parse_risk_text("3x4"), Some((3, 4)));
        assert_eq!(parse_risk_text("9x4"), None);
    }
}
