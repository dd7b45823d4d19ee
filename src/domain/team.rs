//! Who may do what in a team: `team.json` in the team's repository.
//!
//! ```json
//! { "members": [
//!     { "name": "김민지", "role": "lead" },
//!     { "name": "이서연", "role": "consultant" },
//!     { "name": "park.dev", "role": "developer" } ] }
//! ```
//!
//! Roles say what a member's events may change; an event a role may not make is refused on
//! import (and on the machine that would make it). Who may push to the repository, and
//! whether commits must be signed, is the git host's to enforce: chec trusts what the
//! repository holds.

use serde::Deserialize;

use super::event::{Change, ItemField};
use super::{ItemStatus, word_enum};

word_enum! {
    /// A member's role in the team.
    pub enum Role {
        /// Runs consultations: everything.
        Consultant => ("consultant", "consultant"),
        /// Builds or plans the service: updates items (status, owner, due date, detail,
        /// notes), nothing else.
        Developer => ("developer", "developer"),
        /// Leads the ethics team: everything.
        Lead => ("lead", "lead"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    pub role: Role,
}

/// The members of a team and their roles.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub members: Vec<Member>,
}

/// Why an event was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{0} is not a member of the team (team.json)")]
    NotMember(String),
    #[error("{name} is a {role} and a {role} may not {what} (team.json)", role = .role.label())]
    NotAllowed { name: String, role: Role, what: String },
}

impl Team {
    /// Read `team.json`. Errors name the line, column and field.
    pub fn parse(text: &str) -> Result<Team, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        let team: Team = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(m, _)| m).to_string();
            format!(
                "{}:{}: {}{message}",
                inner.line(),
                inner.column(),
                if path == "." { String::new() } else { format!("{path}: ") }
            )
        })?;
        for (i, m) in team.members.iter().enumerate() {
            if m.name.trim().is_empty() {
                return Err(format!("members[{i}].name: empty"));
            }
            if let Some(first) = team.members[..i].iter().position(|o| same_name(&o.name, &m.name)) {
                return Err(format!("members[{i}]: '{}' is listed twice (first as members[{first}])", m.name));
            }
        }
        Ok(team)
    }

    /// `team.json` as chec writes it: two-space indented, members in the order given.
    pub fn to_json(&self) -> String {
        let members: Vec<serde_json::Value> =
            self.members.iter().map(|m| serde_json::json!({ "name": m.name, "role": m.role.as_str() })).collect();
        let mut text = serde_json::to_string_pretty(&serde_json::json!({ "members": members })).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn role_of(&self, name: &str) -> Option<Role> {
        self.members.iter().find(|m| same_name(&m.name, name)).map(|m| m.role)
    }

    /// Add `name` with `role`, or change the role of a member already listed.
    pub fn set_member(&mut self, name: &str, role: Role) {
        match self.members.iter_mut().find(|m| same_name(&m.name, name)) {
            Some(m) => m.role = role,
            None => self.members.push(Member { name: crate::text::normalize(name.trim()), role }),
        }
    }

    /// Whether `author` may make `change`.
    pub fn allows(&self, author: &str, change: &Change) -> Result<(), Refusal> {
        let role = self.role_of(author).ok_or_else(|| Refusal::NotMember(author.to_string()))?;
        match role {
            Role::Consultant | Role::Lead => Ok(()),
            Role::Developer => developer_may(change).map_err(|what| Refusal::NotAllowed {
                name: author.to_string(),
                role,
                what: what.to_string(),
            }),
        }
    }
}

/// A name as names are compared: Unicode NFC, lower case, without outer spaces.
pub fn member_key(name: &str) -> String {
    crate::text::normalize(name.trim()).to_lowercase()
}

/// Names are compared as people write them: Unicode NFC, ignoring case and outer spaces.
fn same_name(a: &str, b: &str) -> bool {
    member_key(a) == member_key(b)
}

/// Whose events a change of `team.json` may judge differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejudge {
    /// These names (as [`member_key`]s): added, removed or given another role.
    Names(Vec<String>),
    /// team.json appeared, so roles apply from now on: everyone's but these names', whose
    /// role (consultant or lead) allows everything anyway.
    AllBut(Vec<String>),
    /// team.json went: everyone may do everything, so whatever was kept aside.
    Aside,
}

/// Whose events the change of the team from `before` to `after` may judge differently.
pub fn rejudge(before: Option<&Team>, after: Option<&Team>) -> Rejudge {
    match (before, after) {
        (None, None) => Rejudge::Names(Vec::new()),
        (Some(_), None) => Rejudge::Aside,
        (None, Some(after)) => Rejudge::AllBut(
            after
                .members
                .iter()
                .filter(|m| matches!(m.role, Role::Consultant | Role::Lead))
                .map(|m| member_key(&m.name))
                .collect(),
        ),
        (Some(before), Some(after)) => {
            let role_in =
                |team: &Team, key: &str| team.members.iter().find(|m| member_key(&m.name) == key).map(|m| m.role);
            let mut names: Vec<String> =
                before.members.iter().chain(&after.members).map(|m| member_key(&m.name)).collect();
            names.sort();
            names.dedup();
            names.retain(|key| role_in(before, key) != role_in(after, key));
            Rejudge::Names(names)
        }
    }
}

/// What a developer may change: their items' status (but not accept a risk), owner, due
/// date and detail, and notes on items. The answer is what they may not do, in words.
fn developer_may(change: &Change) -> Result<(), &'static str> {
    match change {
        Change::ItemChanged { field, to, .. } => match field {
            ItemField::Owner | ItemField::Due | ItemField::Detail | ItemField::Note => Ok(()),
            ItemField::Status if to.as_deref().and_then(|s| s.parse().ok()) == Some(ItemStatus::Accepted) => {
                Err("accept an item's risk")
            }
            ItemField::Status => Ok(()),
            ItemField::Title => Err("retitle an item"),
            ItemField::Priority | ItemField::Risk => Err("change an item's priority or risk rating"),
        },
        Change::ConsultationOpened { .. } => Err("open a consultation"),
        Change::StageMoved { .. } => Err("move a consultation's stage"),
        Change::ResponseText { .. } => Err("change an answer or the consultant's notes"),
        Change::Assessed { .. } => Err("change an assessment"),
        Change::ResponseValue { .. } => Err("change an answer"),
        Change::ItemRaised { .. } => Err("raise an item"),
        Change::MeetingStarted { .. }
        | Change::MeetingText { .. }
        | Change::AttendeesChanged { .. }
        | Change::MeetingEnded { .. } => Err("run a meeting"),
        Change::SignedOff { .. } => Err("sign a stage off"),
        Change::Reopened { .. } => Err("reopen a stage"),
        Change::TraitsChanged { .. } => Err("change a service's traits"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Assessment;

    const TEAM: &str = r#"{ "members": [
        { "name": "김민지", "role": "lead" },
        { "name": "park.dev", "role": "developer" } ] }"#;

    fn status(to: &str) -> Change {
        Change::ItemChanged {
            item: "i".into(),
            field: ItemField::Status,
            from: Some("open".into()),
            to: Some(to.into()),
            note: "n".into(),
            meeting: None,
            parents: vec![],
            explicit: None,
        }
    }

    #[test]
    fn a_developer_updates_items_but_never_assesses_or_signs_off() {
        let team = Team::parse(TEAM).unwrap();
        assert_eq!(team.allows("PARK.DEV", &status("resolved")), Ok(()));
        let e = team.allows("park.dev", &status("accepted")).unwrap_err();
        assert_eq!(e.to_string(), "park.dev is a developer and a developer may not accept an item's risk (team.json)");
        let assess = Change::Assessed {
            question: "PLN-01".into(),
            stage: "planning".into(),
            from: Assessment::NotDiscussed,
            to: Assessment::Satisfied,
            meeting: None,
        };
        assert!(team.allows("park.dev", &assess).is_err());
        assert_eq!(team.allows("김민지", &assess), Ok(()));
        let signed = Change::SignedOff {
            sign_off: "s".into(),
            stage: "planning".into(),
            comment: "c".into(),
            meeting: None,
            decisions: vec![],
            unanswered_required: String::new(),
        };
        assert!(team.allows("park.dev", &signed).unwrap_err().to_string().contains("sign a stage off"));
        let value = Change::ResponseValue {
            question: "SCR-01".into(),
            stage: "screening".into(),
            from: String::new(),
            to: "health".into(),
            meeting: None,
        };
        assert!(team.allows("park.dev", &value).unwrap_err().to_string().contains("change an answer"));
        assert_eq!(team.allows("stranger", &signed), Err(Refusal::NotMember("stranger".into())));
    }

    #[test]
    fn a_changed_team_names_whose_events_to_judge_again() {
        let before = Team::parse(TEAM).unwrap();
        let mut after = before.clone();
        after.set_member("Park.Dev", Role::Consultant);
        after.set_member("이서연", Role::Consultant);
        assert_eq!(rejudge(Some(&before), Some(&after)), Rejudge::Names(vec!["park.dev".into(), "이서연".into()]));
        assert_eq!(rejudge(Some(&before), Some(&before)), Rejudge::Names(vec![]));
        assert_eq!(rejudge(None, Some(&before)), Rejudge::AllBut(vec!["김민지".into()]), "park.dev is a developer");
        assert_eq!(rejudge(Some(&before), None), Rejudge::Aside);
    }

    #[test]
    fn a_broken_team_file_names_the_place() {
        let e = Team::parse(r#"{ "members": [ { "name": "a", "role": "boss" } ] }"#).unwrap_err();
        assert!(e.contains("members[0].role") && e.contains("boss"), "{e}");
        let e = Team::parse(r#"{ "members": [ {"name":"a","role":"lead"}, {"name":" A ","role":"developer"} ] }"#)
            .unwrap_err();
        assert!(e.contains("listed twice"), "{e}");
        let mut team = Team::parse(TEAM).unwrap();
        team.set_member("이서연", Role::Consultant);
        assert_eq!(Team::parse(&team.to_json()), Ok(team));
    }
}
