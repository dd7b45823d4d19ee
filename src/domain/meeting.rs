//! Meetings: one consultation session at a stage, with attendees, agenda, notes, decisions.

use super::word_enum;

/// Roles offered for attendees; any other text is accepted too.
pub const ROLES: &[&str] =
    &["consultant", "planner", "developer", "product manager", "data scientist", "legal & privacy", "external expert"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attendee {
    pub name: String,
    pub role: String,
}

/// What it takes to start a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewMeeting {
    pub stage: String,
    pub attendees: Vec<Attendee>,
    pub agenda: String,
}

word_enum! {
    /// The free-text fields of a meeting.
    pub enum MeetingField {
        Agenda => ("agenda", "agenda"),
        Notes => ("notes", "meeting notes"),
        Decisions => ("decisions", "decisions"),
        NextSteps => ("next-steps", "next steps"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Meeting {
    pub id: String,
    /// The meeting's number within its consultation, from 1.
    pub seq: i64,
    pub stage: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub agenda: String,
    pub notes: String,
    pub decisions: String,
    pub next_steps: String,
    pub attendees: Vec<Attendee>,
    /// Who ran the meeting and took its minutes (the one who started it); empty for
    /// meetings recorded before chec kept it.
    pub minute_taker: String,
}

impl Meeting {
    pub fn is_running(&self) -> bool {
        self.ended_at.is_none()
    }

    pub fn text(&self, field: MeetingField) -> &str {
        match field {
            MeetingField::Agenda => &self.agenda,
            MeetingField::Notes => &self.notes,
            MeetingField::Decisions => &self.decisions,
            MeetingField::NextSteps => &self.next_steps,
        }
    }
}

/// Parse attendees written one per line as `name, role`: the name ends at the first comma
/// and the role is the rest as written (`이서연, 기획자 (PM)` is 이서연 as `기획자 (PM)`).
/// A line with no comma may be `name (role)`; otherwise it is just a name.
pub fn parse_attendees(text: &str) -> Vec<Attendee> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (name, role) = if let Some((name, role)) = line.split_once(',') {
                (name, role)
            } else if let Some(inner) = line.strip_suffix(')')
                && let Some((name, role)) = inner.rsplit_once('(')
                && !name.trim().is_empty()
            {
                (name, role)
            } else {
                (line, "")
            };
            Attendee { name: crate::text::stored(name), role: crate::text::stored(role) }
        })
        .filter(|a| !a.name.is_empty())
        .collect()
}

/// Attendees as a person checks them before a meeting, each role in parentheses so that where
/// a line was split shows: `이서연 (기획자 (PM)); 박준호`.
pub fn describe_attendees(attendees: &[Attendee]) -> String {
    attendees
        .iter()
        .map(|a| if a.role.is_empty() { a.name.clone() } else { format!("{} ({})", a.name, a.role) })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The inverse of [`parse_attendees`].
pub fn format_attendees(attendees: &[Attendee]) -> String {
    attendees
        .iter()
        .map(|a| if a.role.is_empty() { a.name.clone() } else { format!("{}, {}", a.name, a.role) })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendees_parse_from_lines_in_several_spellings() {
        let parsed = parse_attendees("김민지, consultant\n  Lee (developer)\n\nPark\n , nobody");
        assert_eq!(
            parsed,
            [
                Attendee { name: "김민지".into(), role: "consultant".into() },
                Attendee { name: "Lee".into(), role: "developer".into() },
                Attendee { name: "Park".into(), role: "".into() },
            ]
        );
        assert_eq!(parse_attendees(&format_attendees(&parsed)), parsed);
    }

    #[test]
    fn the_name_ends_at_the_first_comma_and_the_role_is_kept_as_written() {
        let parsed = parse_attendees(
            "이서연, 기획자 (PM)
박준호 (개발자)
Kim, Lee, legal & privacy
(없음)",
        );
        assert_eq!(
            parsed,
            [
                Attendee { name: "이서연".into(), role: "기획자 (PM)".into() },
                Attendee { name: "박준호".into(), role: "개발자".into() },
                Attendee { name: "Kim".into(), role: "Lee, legal & privacy".into() },
                Attendee { name: "(없음)".into(), role: "".into() },
            ]
        );
        assert_eq!(parse_attendees(&format_attendees(&parsed)), parsed);
        assert_eq!(
            describe_attendees(&parsed),
            "이서연 (기획자 (PM)); 박준호 (개발자); Kim (Lee, legal & privacy); (없음)"
        );
    }
}
