//! How events from many machines merge into one record, the same on every machine.
//!
//! Every machine replays a consultation's events in one order: by Lamport clock, then by
//! event id ([`super::event::Event::order_key`]). The rules below make the outcome depend
//! only on which events there are, never on when each arrived:
//!
//! - **Text fields** (answers, notes, meeting texts, item titles and details) keep, besides
//!   their value, their *heads*: the events that set the value and that no later event
//!   replaced. An event names the heads it replaced (its `parents`: those holding the value
//!   its editor started from). Two changes made from the same starting value both stay
//!   heads: a **conflict**. Both values are kept, the field shows the later one (by the
//!   replay order) and a person settles it; settling replaces every head.
//! - **Attendees** are a union: concurrent changes to a meeting's list are merged, names
//!   in both once; a change made after seeing the list replaces it.
//! - **Other fields** (an assessment, an item's status, owner, due date, priority, risk) take
//!   the value of the last event in the replay order.
//! - **Append-only things** (every history entry, meetings, sign-off rounds, items) are
//!   unions: each event adds its own. Items and meetings are numbered in the replay order,
//!   so two raised on two machines at once get different numbers on every machine alike.

use super::Attendee;

/// One head of a text field: an event that set its value and was not replaced since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub event: String,
    pub value: String,
    pub author: String,
    pub at: String,
    pub device: String,
}

/// The heads an edit replaces: those holding the value its editor started from. An edit
/// with no starting value (a value set from the command line, or a person settling a
/// conflict) replaces them all, as does one whose starting value no head holds.
pub fn replaced_heads(heads: &[Head], started_from: Option<&str>) -> Vec<String> {
    let matching: Vec<String> = match started_from {
        Some(from) => heads.iter().filter(|h| h.value == from).map(|h| h.event.clone()).collect(),
        None => Vec::new(),
    };
    if matching.is_empty() { heads.iter().map(|h| h.event.clone()).collect() } else { matching }
}

/// Whether a field's heads disagree: two or more different values wait for a person.
pub fn in_conflict(heads: &[Head]) -> bool {
    heads.iter().any(|h| h.value != heads[0].value)
}

/// The attendees of a meeting whose list has these heads (in replay order): every name of
/// every list, once, in the order first met.
pub fn merged_attendees(lists: &[Vec<Attendee>]) -> Vec<Attendee> {
    let mut merged: Vec<Attendee> = Vec::new();
    for a in lists.iter().flatten() {
        if !merged.contains(a) {
            merged.push(a.clone());
        }
    }
    merged
}

/// The key a consultation is given when another, opened first (in the replay order) on
/// another machine, already has its key: the key (cut to 8 characters) and two characters
/// taken from its id, so every machine gives it the same key.
pub fn renamed_key(key: &str, consultation_id: &str) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let sum = consultation_id.bytes().fold(0u32, |acc, b| acc.wrapping_mul(31).wrapping_add(u32::from(b)));
    let a = DIGITS[(sum % 36) as usize] as char;
    let b = DIGITS[((sum / 36) % 36) as usize] as char;
    let stem: String = key.chars().take(8).collect();
    format!("{stem}{a}{b}")
}

/// How far ahead of this machine's clock an event's time may be: clocks drift and zones
/// get mixed up, but an event from more than a day ahead is a broken clock. It is kept
/// aside until that time comes.
pub const FUTURE_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Whether an event made at `at` is from too far in the future as of `now`.
pub fn too_far_ahead(at: chrono::DateTime<chrono::Utc>, now: chrono::DateTime<chrono::Utc>) -> bool {
    at > now + FUTURE_TOLERANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(event: &str, value: &str) -> Head {
        Head { event: event.into(), value: value.into(), author: "a".into(), at: String::new(), device: "d".into() }
    }

    #[test]
    fn an_edit_replaces_the_heads_holding_what_it_started_from() {
        let heads = [head("e1", "theirs"), head("e2", "mine")];
        assert!(in_conflict(&heads));
        assert_eq!(replaced_heads(&heads, Some("mine")), ["e2"]);
        assert_eq!(replaced_heads(&heads, None), ["e1", "e2"]);
        assert_eq!(replaced_heads(&heads, Some("neither")), ["e1", "e2"]);
        assert!(!in_conflict(&[head("e1", "same"), head("e2", "same")]));
        assert!(replaced_heads(&[], Some("")).is_empty());
    }

    #[test]
    fn attendee_lists_merge_as_a_union_in_the_order_first_met() {
        let a = |n: &str| Attendee { name: n.into(), role: String::new() };
        assert_eq!(
            merged_attendees(&[vec![a("김"), a("Lee")], vec![a("Park"), a("김")]]),
            [a("김"), a("Lee"), a("Park")]
        );
    }

    #[test]
    fn a_renamed_key_is_a_valid_key_that_depends_only_on_the_id() {
        let k = renamed_key("CARE", "0192f5c4-0000-7000-8000-0000000000c0");
        assert_eq!(k, renamed_key("CARE", "0192f5c4-0000-7000-8000-0000000000c0"));
        assert!(k.starts_with("CARE") && k.len() == 6 && k.parse::<crate::domain::ConsultationKey>().is_ok(), "{k}");
        assert!(renamed_key("ABCDEFGHIJ", "x").parse::<crate::domain::ConsultationKey>().is_ok());
    }
}
