//! Meetings: one consultation session at a stage, with attendees, agenda, notes, decisions.

use super::word_enum;

/// Roles offered for attendees; any other text is accepted too.
pub const ROLES: &[&str] =
    &["consultant", "planner", "developer", "product manager", "data scientist", "legal & privacy", "external expert"];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

/// Parse attendees written one per line as `name, role` (or `name (role)`, or just a name).
pub fn parse_attendees(text: &str) -> Vec<Attendee> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (name, role) = if let Some((name, rest)) = line.split_once('(') {
                (name, rest.trim_end_matches(')'))
            } else if let Some((name, role)) = line.split_once(',') {
                (name, role)
            } else {
                (line, "")
            };
            Attendee { name: crate::text::stored(name), role: crate::text::stored(role) }
        })
        .filter(|a| !a.name.is_empty())
        .collect()
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
}
