//! Improvement items: agreed actions with an owner, a due date and a priority.

use std::borrow::Cow;

use super::{UnknownWord, word_enum};

word_enum! {
    /// How urgent an item is. Ordered: `Low < Medium < High < Critical`.
    pub enum Priority {
        Low => ("low", "low"),
        Medium => ("medium", "medium"),
        High => ("high", "high"),
        Critical => ("critical", "critical"),
    }
}

impl Priority {
    /// The rank stored in the database, so that "at least high" is a plain comparison.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL.iter().copied().find(|p| p.rank() == rank)
    }
}

word_enum! {
    /// Where an item stands.
    pub enum ItemStatus {
        Open => ("open", "open"),
        InProgress => ("in-progress", "in progress"),
        Resolved => ("resolved", "resolved"),
        Accepted => ("accepted", "accepted risk"),
        WontDo => ("wont-do", "won't do"),
    }
}

impl ItemStatus {
    /// Open and in-progress items still need work.
    pub fn is_active(self) -> bool {
        matches!(self, ItemStatus::Open | ItemStatus::InProgress)
    }

    /// The resolution an item keeps once it has this status: the note that closed it, or
    /// nothing while it is active (reopening clears it).
    pub fn resolution(self, note: &str) -> String {
        if self.is_active() { String::new() } else { note.to_string() }
    }
}

word_enum! {
    /// Where a risk comes from.
    pub enum RiskSource {
        /// From the AI system itself.
        Technical => ("technical", "technical"),
        /// From how people design or use it.
        Human => ("human", "human/ethical"),
    }
}

word_enum! {
    /// How the team responds to a risk.
    pub enum RiskResponse {
        Mitigate => ("mitigate", "mitigate"),
        Avoid => ("avoid", "avoid"),
        Transfer => ("transfer", "transfer"),
        Accept => ("accept", "accept"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_any_spelling() {
        assert_eq!("in_progress".parse::<ItemStatus>(), Ok(ItemStatus::InProgress));
        assert_eq!("In Progress".parse::<ItemStatus>(), Ok(ItemStatus::InProgress));
        assert_eq!("HIGH".parse::<Priority>(), Ok(Priority::High));
        let err = "urgent".parse::<Priority>().unwrap_err();
        assert_eq!(err.to_string(), "unknown priority 'urgent' (expected one of: low, medium, high, critical)");
    }

    #[test]
    fn priority_ranks_round_trip_in_order() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        assert!(Priority::High > Priority::Medium);
        assert_eq!(Priority::from_rank(0), None);
    }
}

/// The risk score's mapping to a priority, used when likelihood and impact are given and no
/// priority is set explicitly. Score = likelihood × impact (each 1–5):
/// 1–4 low, 5–9 medium, 10–14 high, 15–25 critical.
pub fn priority_from_risk(likelihood: u8, impact: u8) -> Priority {
    match u16::from(likelihood) * u16::from(impact) {
        0..=4 => Priority::Low,
        5..=9 => Priority::Medium,
        10..=14 => Priority::High,
        _ => Priority::Critical,
    }
}

/// Likelihood and impact of a risk, each 1 (rare, minor) to 5 (almost certain, severe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Risk {
    pub likelihood: u8,
    pub impact: u8,
}

impl Risk {
    pub fn new(likelihood: u8, impact: u8) -> Result<Risk, ItemError> {
        for (what, v) in [("likelihood", likelihood), ("impact", impact)] {
            if !(1..=5).contains(&v) {
                return Err(ItemError::RiskOutOfRange { what, value: v.into() });
            }
        }
        Ok(Risk { likelihood, impact })
    }

    pub fn score(self) -> u8 {
        self.likelihood * self.impact
    }
}

/// What it takes to raise an item.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewItem {
    pub title: String,
    pub detail: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: Option<chrono::NaiveDate>,
    /// Explicit priority; when `None`, it follows from the risk, else medium.
    pub priority: Option<Priority>,
    pub risk_source: Option<RiskSource>,
    pub risk: Option<Risk>,
    pub response: Option<RiskResponse>,
    pub question_id: Option<String>,
    pub principles: Vec<String>,
    pub stage: String,
}

impl NewItem {
    /// The priority the item gets: explicit, else from the risk, else medium.
    pub fn effective_priority(&self) -> Priority {
        self.priority
            .or_else(|| self.risk.map(|r| priority_from_risk(r.likelihood, r.impact)))
            .unwrap_or(Priority::Medium)
    }

    pub fn validate(&mut self) -> Result<(), ItemError> {
        self.title = crate::text::stored(&self.title);
        self.owner = crate::text::stored(&self.owner);
        self.detail = crate::text::stored(&self.detail);
        if self.title.is_empty() {
            return Err(ItemError::EmptyTitle);
        }
        Ok(())
    }
}

/// Parse a due date written as YYYY-MM-DD (a four-digit year, a real calendar day).
pub fn parse_due(text: &str) -> Result<chrono::NaiveDate, ItemError> {
    let text = text.trim();
    let bad = || ItemError::BadDate(text.to_string());
    // chrono also reads signed and five-digit years; the stored form is exactly YYYY-MM-DD.
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shaped {
        return Err(bad());
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("an item needs a title")]
    EmptyTitle,
    #[error("invalid date '{0}': use YYYY-MM-DD, e.g. 2026-12-31")]
    BadDate(String),
    #[error("{what} must be 1 to 5, not {value}")]
    RiskOutOfRange { what: &'static str, value: i64 },
    #[error("a resolution note is required to mark an item {0}")]
    NoteRequired(&'static str),
}

/// An improvement item as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Item {
    #[serde(skip)]
    pub id: String,
    /// e.g. `CARE-3`.
    pub key: String,
    pub consultation: String,
    pub title: String,
    pub detail: String,
    pub question_id: Option<String>,
    pub principles: Vec<String>,
    pub stage: String,
    /// The number of the meeting it was raised in.
    pub meeting: Option<i64>,
    pub owner: String,
    pub due_date: Option<String>,
    pub priority: Priority,
    pub risk_source: Option<RiskSource>,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub response: Option<RiskResponse>,
    pub status: ItemStatus,
    pub resolution: String,
    pub created_at: String,
    pub updated_at: String,
}

#[cfg(test)]
impl Item {
    /// An item for unit tests: `key` (e.g. `CARE-3`) of its consultation, raised at stage
    /// `planning`, with nothing else set.
    pub(crate) fn for_test(key: &str, priority: Priority, status: ItemStatus) -> Item {
        Item {
            id: format!("id-{key}"),
            key: key.into(),
            consultation: key.rsplit_once('-').map_or(key, |(c, _)| c).into(),
            title: format!("{key} title"),
            detail: String::new(),
            question_id: None,
            principles: Vec::new(),
            stage: "planning".into(),
            meeting: None,
            owner: String::new(),
            due_date: None,
            priority,
            risk_source: None,
            likelihood: None,
            impact: None,
            response: None,
            status,
            resolution: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }
}

impl Item {
    /// Active and past its due date, as of `today` (YYYY-MM-DD).
    pub fn is_overdue(&self, today: &str) -> bool {
        overdue(self.status, self.due_date.as_deref(), today)
    }

    pub fn risk_score(&self) -> Option<u8> {
        score(self.likelihood, self.impact)
    }

    /// The item as an [`ItemRef`], borrowing its text.
    pub fn view(&self) -> ItemRef<'_> {
        ItemRef {
            key: &self.key,
            consultation: &self.consultation,
            title: &self.title,
            detail: &self.detail,
            question_id: self.question_id.as_deref(),
            principles: self.principles.iter().map(|p| Cow::Borrowed(p.as_str())).collect(),
            stage: &self.stage,
            meeting: self.meeting,
            owner: &self.owner,
            due_date: self.due_date.as_deref(),
            priority: self.priority,
            risk_source: self.risk_source,
            likelihood: self.likelihood,
            impact: self.impact,
            response: self.response,
            status: self.status,
            resolution: &self.resolution,
            created_at: &self.created_at,
            updated_at: &self.updated_at,
        }
    }
}

/// An item as a listing reads it: [`Item`]'s fields but its id, the text borrowed from
/// wherever the item was read (a database row, while it is the current one), so that a
/// listing of a million items copies no text of theirs before writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef<'a> {
    pub key: &'a str,
    pub consultation: &'a str,
    pub title: &'a str,
    pub detail: &'a str,
    pub question_id: Option<&'a str>,
    pub principles: Vec<Cow<'a, str>>,
    pub stage: &'a str,
    pub meeting: Option<i64>,
    pub owner: &'a str,
    pub due_date: Option<&'a str>,
    pub priority: Priority,
    pub risk_source: Option<RiskSource>,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub response: Option<RiskResponse>,
    pub status: ItemStatus,
    pub resolution: &'a str,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl ItemRef<'_> {
    /// [`Item::is_overdue`].
    pub fn is_overdue(&self, today: &str) -> bool {
        overdue(self.status, self.due_date, today)
    }

    /// [`Item::risk_score`].
    pub fn risk_score(&self) -> Option<u8> {
        score(self.likelihood, self.impact)
    }

    /// The item with this id, its text copied.
    pub fn to_item(&self, id: String) -> Item {
        Item {
            id,
            key: self.key.to_string(),
            consultation: self.consultation.to_string(),
            title: self.title.to_string(),
            detail: self.detail.to_string(),
            question_id: self.question_id.map(str::to_string),
            principles: self.principles.iter().map(|p| p.to_string()).collect(),
            stage: self.stage.to_string(),
            meeting: self.meeting,
            owner: self.owner.to_string(),
            due_date: self.due_date.map(str::to_string),
            priority: self.priority,
            risk_source: self.risk_source,
            likelihood: self.likelihood,
            impact: self.impact,
            response: self.response,
            status: self.status,
            resolution: self.resolution.to_string(),
            created_at: self.created_at.to_string(),
            updated_at: self.updated_at.to_string(),
        }
    }
}

/// Active and past its due date, as of `today` (YYYY-MM-DD).
fn overdue(status: ItemStatus, due_date: Option<&str>, today: &str) -> bool {
    status.is_active() && due_date.is_some_and(|d| d < today)
}

/// Likelihood × impact, when both are rated.
fn score(likelihood: Option<u8>, impact: Option<u8>) -> Option<u8> {
    Some(likelihood? * impact?)
}

#[cfg(test)]
mod risk_tests {
    use super::*;

    #[test]
    fn the_risk_matrix_maps_scores_to_priorities_at_the_documented_edges() {
        let cases = [
            (1, 1, Priority::Low),
            (2, 2, Priority::Low),
            (1, 5, Priority::Medium),
            (3, 3, Priority::Medium),
            (2, 5, Priority::High),
            (3, 4, Priority::High),
            (3, 5, Priority::Critical),
            (5, 5, Priority::Critical),
        ];
        for (l, i, p) in cases {
            assert_eq!(priority_from_risk(l, i), p, "{l}×{i}");
        }
    }

    #[test]
    fn explicit_priority_wins_over_risk_which_wins_over_the_default() {
        let mut item = NewItem { title: "t".into(), ..NewItem::default() };
        assert_eq!(item.effective_priority(), Priority::Medium);
        item.risk = Some(Risk::new(5, 4).unwrap());
        assert_eq!(item.effective_priority(), Priority::Critical);
        item.priority = Some(Priority::Low);
        assert_eq!(item.effective_priority(), Priority::Low);
        assert!(Risk::new(0, 3).is_err() && Risk::new(3, 6).is_err());
    }

    #[test]
    fn closing_an_item_needs_a_note_and_a_title_cannot_be_blanked() {
        for status in [ItemStatus::Resolved, ItemStatus::Accepted, ItemStatus::WontDo] {
            let update = ItemUpdate { status: Some(status), note: Some(" \u{200B} ".into()), ..ItemUpdate::default() };
            assert_eq!(update.checked_note(), Err(ItemError::NoteRequired(status.label())));
            let update = ItemUpdate { note: Some(" 고쳤음 | fixed ".into()), ..update };
            assert_eq!(update.checked_note().as_deref(), Ok("고쳤음 | fixed"));
            assert_eq!(status.resolution("고쳤음"), "고쳤음");
        }
        let reopen = ItemUpdate { status: Some(ItemStatus::Open), ..ItemUpdate::default() };
        assert_eq!(reopen.checked_note().as_deref(), Ok(""), "reopening needs no note");
        assert_eq!(ItemStatus::Open.resolution("old note"), "", "and clears the resolution");
        let blank = ItemUpdate { title: Some("\t".into()), ..ItemUpdate::default() };
        assert_eq!(blank.checked_note(), Err(ItemError::EmptyTitle));
    }

    #[test]
    fn a_new_risk_moves_only_a_priority_never_set_by_hand() {
        let risk = Some(Risk::new(5, 4).unwrap());
        let rated = ItemUpdate { risk, ..ItemUpdate::default() };
        assert_eq!(rated.new_priority(false), Some((Priority::Critical, false)));
        assert_eq!(rated.new_priority(true), None, "a priority set by hand stays");
        let by_hand = ItemUpdate { priority: Some(Priority::Low), risk, ..ItemUpdate::default() };
        assert_eq!(by_hand.new_priority(false), Some((Priority::Low, true)));
        assert_eq!(ItemUpdate::default().new_priority(false), None);
    }

    #[test]
    fn due_dates_must_be_real_calendar_dates() {
        assert!(parse_due("2026-02-28").is_ok());
        assert_eq!(parse_due("2026-02-30"), Err(ItemError::BadDate("2026-02-30".into())));
        assert!(parse_due("next week").is_err());
        assert!(
            parse_due("+10000-01-01").is_err() && parse_due("-0001-01-01").is_err() && parse_due("2026-1-5").is_err()
        );
    }
}

/// Which statuses an item listing includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Open and in progress.
    #[default]
    Active,
    All,
    Only(ItemStatus),
}

impl StatusFilter {
    pub fn statuses(self) -> Vec<ItemStatus> {
        match self {
            StatusFilter::Active => vec![ItemStatus::Open, ItemStatus::InProgress],
            StatusFilter::All => ItemStatus::ALL.to_vec(),
            StatusFilter::Only(s) => vec![s],
        }
    }
}

impl std::str::FromStr for StatusFilter {
    type Err = UnknownWord;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "active" => Ok(StatusFilter::Active),
            "all" => Ok(StatusFilter::All),
            other => other
                .parse()
                .map(StatusFilter::Only)
                .map_err(|e: UnknownWord| UnknownWord { expected: format!("{}, active, all", e.expected), ..e }),
        }
    }
}

impl std::fmt::Display for StatusFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusFilter::Active => f.write_str("active"),
            StatusFilter::All => f.write_str("all"),
            StatusFilter::Only(s) => write!(f, "{s}"),
        }
    }
}

word_enum! {
    /// Orders for item listings.
    pub enum ItemSort {
        Priority => ("priority", "priority, then due date"),
        Due => ("due", "due date, soonest first"),
        Key => ("key", "key"),
        Updated => ("updated", "last changed first"),
        Owner => ("owner", "owner"),
    }
}

/// A filtered, sorted, paged item listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemQuery {
    pub status: StatusFilter,
    pub owner: Option<String>,
    pub consultation: Option<String>,
    pub min_priority: Option<Priority>,
    /// Only items past due as of `today`.
    pub overdue: bool,
    /// Text in the key, title or detail.
    pub search: Option<String>,
    /// YYYY-MM-DD.
    pub today: String,
    pub sort: ItemSort,
    pub limit: Option<usize>,
    pub offset: usize,
    /// The owner and consultation match any part of theirs (`박준` finds `박준호`), as a
    /// filter typed in the TUI narrows while it is typed; else the whole (the CLI, CI).
    pub names_in_part: bool,
}

impl ItemQuery {
    pub fn new(today: &str) -> ItemQuery {
        ItemQuery {
            status: StatusFilter::Active,
            owner: None,
            consultation: None,
            min_priority: None,
            overdue: false,
            search: None,
            today: today.to_string(),
            sort: ItemSort::Priority,
            limit: None,
            offset: 0,
            names_in_part: false,
        }
    }

    /// A query whose owner and consultation filters match any part.
    pub fn in_part(self) -> ItemQuery {
        ItemQuery { names_in_part: true, ..self }
    }
}

/// Changes to an item; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemUpdate {
    pub status: Option<ItemStatus>,
    pub owner: Option<String>,
    /// `Some(None)` clears the due date.
    pub due: Option<Option<chrono::NaiveDate>>,
    pub priority: Option<Priority>,
    pub risk: Option<Risk>,
    pub title: Option<String>,
    pub detail: Option<String>,
    /// Why: required to mark an item resolved, accepted or won't do.
    pub note: Option<String>,
    /// The item as the person making the change saw it. When given, a field is changed only
    /// if nobody else changed it since: see [`ItemUpdate::conflicts`].
    pub started_from: Option<Box<Item>>,
}

/// One field of an item changed by someone else since an editor started from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: &'static str,
    pub theirs: String,
    pub mine: String,
}

impl ItemUpdate {
    /// The rules a change keeps, checked before anything is written: a new title is not
    /// blank, and closing an item (resolved, accepted, won't do) needs a note, which is kept
    /// as its resolution. Returns the note as stored (empty when there is none).
    pub fn checked_note(&self) -> Result<String, ItemError> {
        let note = self.note.as_deref().map(crate::text::stored).unwrap_or_default();
        if let Some(status) = self.status
            && !status.is_active()
            && note.is_empty()
        {
            return Err(ItemError::NoteRequired(status.label()));
        }
        if let Some(title) = &self.title
            && crate::text::stored(title).is_empty()
        {
            return Err(ItemError::EmptyTitle);
        }
        Ok(note)
    }

    /// The priority this change sets, and whether it is then set by hand: an explicit
    /// priority; else a new risk rating moves a priority that was never set by hand
    /// (`explicit`: whether the stored one was).
    pub fn new_priority(&self, explicit: bool) -> Option<(Priority, bool)> {
        match (self.priority, self.risk) {
            (Some(p), _) => Some((p, true)),
            (None, Some(risk)) if !explicit => Some((priority_from_risk(risk.likelihood, risk.impact), false)),
            _ => None,
        }
    }

    /// Whether it changes nothing and adds no note.
    pub fn is_empty(&self) -> bool {
        ItemUpdate { started_from: None, ..self.clone() } == ItemUpdate::default()
    }

    /// The fields this update would change over a value someone else stored since
    /// `started_from` was read: the stored value differs from the one started from and from
    /// the new one. Empty without `started_from` (a command-line change sets what it says).
    pub fn conflicts(&self, stored: &Item) -> Vec<FieldConflict> {
        let Some(base) = self.started_from.as_deref() else { return Vec::new() };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut found = Vec::new();
        let mut check = |field: &'static str, base: String, stored: String, mine: Option<String>| {
            if let Some(mine) = mine
                && stored != base
                && stored != mine
            {
                found.push(FieldConflict { field, theirs: stored, mine });
            }
        };
        check("title", base.title.clone(), stored.title.clone(), self.title.clone());
        check("detail", base.detail.clone(), stored.detail.clone(), self.detail.clone());
        check("owner", base.owner.clone(), stored.owner.clone(), self.owner.clone());
        check(
            "due",
            text(&base.due_date),
            text(&stored.due_date),
            self.due.map(|d| d.map(|d| d.to_string()).unwrap_or_default()),
        );
        check(
            "priority",
            base.priority.label().into(),
            stored.priority.label().into(),
            self.priority.map(|p| p.label().into()),
        );
        check(
            "status",
            base.status.label().into(),
            stored.status.label().into(),
            self.status.map(|s| s.label().into()),
        );
        let risk = |l: Option<u8>, i: Option<u8>| match (l, i) {
            (Some(l), Some(i)) => format!("{l} × {i}"),
            _ => String::new(),
        };
        check(
            "risk",
            risk(base.likelihood, base.impact),
            risk(stored.likelihood, stored.impact),
            self.risk.map(|r| risk(Some(r.likelihood), Some(r.impact))),
        );
        found
    }
}

/// One entry of an item's history.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ItemChange {
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub note: String,
    pub changed_by: String,
    pub changed_at: String,
    pub meeting: Option<i64>,
    /// For a `carried-over` entry: the name of the stage whose sign-off carried it over
    /// (`new_value` holds the stage's id).
    #[serde(skip)]
    pub stage_name: Option<String>,
}

impl ItemChange {
    /// What changed, in words: `created`, `note`, `carried over at sign-off of Planning &
    /// design`, or e.g. `status: open → resolved` (— for an empty value). Raw text: callers
    /// clean or escape it for where it goes.
    pub fn summary(&self) -> String {
        let value = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).unwrap_or("—").to_string();
        match self.field.as_str() {
            "created" | "note" => self.field.clone(),
            "carried-over" => {
                let stage = self.stage_name.clone().unwrap_or_else(|| value(&self.new_value));
                format!("carried over at sign-off of {stage}")
            }
            field => format!("{field}: {} → {}", value(&self.old_value), value(&self.new_value)),
        }
    }
}
