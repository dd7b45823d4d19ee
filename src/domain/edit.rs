//! Saving what an editor changed without erasing what someone else saved meanwhile.
//!
//! Every save of a text field carries the value its editor started from. If the stored
//! value is still that one, the save goes in; if it already equals the new text, there is
//! nothing to do; otherwise someone else changed the field while this editor was open, and
//! the save is a [`Conflict`]: nothing is overwritten, and a person chooses. Team sharing
//! replays the same rule on changes that travel between machines.

/// A new text for a field, and the value the editor started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub started_from: String,
    pub text: String,
}

/// What to do with an edit, given the value stored now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditCheck {
    /// The stored value is the one the editor started from: write the new text.
    Apply,
    /// The stored value already is the new text.
    Unchanged,
    /// Someone else changed the field meanwhile: write nothing.
    Conflict,
}

impl TextEdit {
    pub fn new(started_from: impl Into<String>, text: impl Into<String>) -> TextEdit {
        TextEdit { started_from: started_from.into(), text: text.into() }
    }

    /// An edit that replaces `stored` whatever it was: for a person who has seen the other
    /// version and chosen theirs, or for a new value set from the command line.
    pub fn over(stored: &str, text: impl Into<String>) -> TextEdit {
        TextEdit::new(stored, text)
    }

    pub fn check(&self, stored: &str) -> EditCheck {
        if stored == self.text {
            EditCheck::Unchanged
        } else if stored == self.started_from {
            EditCheck::Apply
        } else {
            EditCheck::Conflict
        }
    }
}

/// Two versions of one field: the one stored by someone else since this editor started
/// ("theirs") and the one typed here ("mine").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What the field is, in words ("the team's answer on PLN-01").
    pub field: String,
    pub started_from: String,
    pub theirs: String,
    pub mine: String,
    /// Who stored theirs, and when (RFC 3339), if known.
    pub by: Option<String>,
    pub at: Option<String>,
}

impl Conflict {
    /// Both versions in one text, theirs first, for a person to merge by hand.
    pub fn both(&self) -> String {
        match (self.theirs.trim().is_empty(), self.mine.trim().is_empty()) {
            (true, _) => self.mine.clone(),
            (_, true) => self.theirs.clone(),
            _ => format!("{}\n\n{}", self.theirs.trim_end(), self.mine.trim_start()),
        }
    }

    /// The edit that stores `text` over theirs, now that a person has seen both.
    pub fn resolve_with(&self, text: impl Into<String>) -> TextEdit {
        TextEdit::over(&self.theirs, text)
    }
}

/// The outcome of saving a text field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Changed,
    Unchanged,
    Conflict(Box<Conflict>),
}

impl Saved {
    pub fn conflict(&self) -> Option<&Conflict> {
        match self {
            Saved::Conflict(c) => Some(c),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_goes_in_only_over_the_value_it_started_from() {
        let edit = TextEdit::new("v1", "mine");
        assert_eq!(edit.check("v1"), EditCheck::Apply);
        assert_eq!(edit.check("mine"), EditCheck::Unchanged);
        assert_eq!(edit.check("theirs"), EditCheck::Conflict);
    }

    #[test]
    fn both_versions_keep_every_word() {
        let c = Conflict {
            field: "answer".into(),
            started_from: String::new(),
            theirs: "그들의 답 | theirs".into(),
            mine: "나의 답".into(),
            by: None,
            at: None,
        };
        assert_eq!(c.both(), "그들의 답 | theirs\n\n나의 답");
        assert_eq!(c.resolve_with(c.both()).check("그들의 답 | theirs"), EditCheck::Apply);
    }
}
