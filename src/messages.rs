//! What the layers below report — their errors, what a sign-off did — said in the
//! interface's language at the edge (the CLI's error line, the TUI's status line and forms).
//!
//! The domain, the catalogue loader, storage and export keep English `Display` texts (logs,
//! tests, and the developers who read them); a person sees them through [`error`], which
//! renders each known error kind with its arguments (file, line, field, key…) through the
//! catalogue (`locales/*/errors.ftl`), and falls back to the English text for what it does
//! not know (an operating system's or SQLite's own message).

use crate::domain::consultation::{InvalidKey, NewConsultationError};
use crate::domain::{AnswerError, ItemError, ItemStatus, SignOffError, SignOffWarning, StageMove};
use crate::export::WriteError;
use crate::i18n::Lang;
use crate::storage::StoreError;
use crate::team::sync::TeamError;
use crate::tr;

/// `e` and its causes, in `lang`, joined with `: ` (a cause already said is not repeated).
pub fn error(lang: Lang, e: &(dyn std::error::Error + 'static)) -> String {
    let mut message = String::new();
    let mut cause = Some(e);
    while let Some(e) = cause {
        let (text, said_all) = match one(lang, e) {
            Some(text) => (text, true),
            None => (e.to_string(), false),
        };
        if !message.contains(&text) {
            if !message.is_empty() {
                message.push_str(": ");
            }
            message.push_str(&text);
        }
        // A known error's message says its cause where it has one (a path's I/O error).
        cause = if said_all { None } else { e.source() };
    }
    message
}

/// An `anyhow` error and its context, in `lang` (see [`error`]).
pub fn report(lang: Lang, e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = match one(lang, cause) {
            Some(text) => text,
            None => cause.to_string(),
        };
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
        if one(lang, cause).is_some() {
            break;
        }
    }
    message
}

/// An error of a kind chec knows, in `lang`; `None` for others (an operating system's).
pub fn known(lang: Lang, e: &(dyn std::error::Error + 'static)) -> Option<String> {
    one(lang, e)
}

/// One error of a kind chec knows, in `lang`; `None` for others.
fn one(lang: Lang, e: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = e.downcast_ref::<StoreError>() {
        return store(lang, e);
    }
    if let Some(e) = e.downcast_ref::<WriteError>() {
        return Some(match e {
            WriteError::Exists(path) => tr!(lang, "err-exists", path = path.display().to_string()),
            WriteError::Io { path, source } => {
                tr!(lang, "err-cannot-write", path = path.display().to_string(), error = source.to_string())
            }
            WriteError::Database(e) => store(lang, e)?,
        });
    }
    if let Some(e) = e.downcast_ref::<TeamError>() {
        return Some(team(lang, e));
    }
    if let Some(e) = e.downcast_ref::<ItemError>() {
        return Some(item(lang, e));
    }
    if let Some(e) = e.downcast_ref::<SignOffError>() {
        return Some(sign_off(lang, e, &|name| name.to_string()));
    }
    if let Some(e) = e.downcast_ref::<AnswerError>() {
        return Some(answer(lang, e));
    }
    if let Some(InvalidKey(key)) = e.downcast_ref::<InvalidKey>() {
        return Some(tr!(lang, "err-invalid-key", key = key));
    }
    if let Some(e) = e.downcast_ref::<NewConsultationError>() {
        return Some(match e {
            NewConsultationError::EmptyName => tr!(lang, "err-empty-name"),
            NewConsultationError::UnknownTrait { questionnaire, given, known } => {
                tr!(lang, "err-unknown-trait", questionnaire = questionnaire, given = given, known = known)
            }
        });
    }
    None
}

fn store(lang: Lang, e: &StoreError) -> Option<String> {
    let p = |path: &std::path::Path| path.display().to_string();
    Some(match e {
        StoreError::TooNew { path, found, supported } => {
            tr!(lang, "err-too-new", path = p(path), found = *found, supported = *supported)
        }
        StoreError::NotAFile { path } => tr!(lang, "err-not-a-file", path = p(path)),
        StoreError::NotRegular { path } => tr!(lang, "err-not-regular", path = p(path)),
        StoreError::ReadOnlyFolder { path, folder } => {
            tr!(lang, "err-read-only-folder", path = p(path), folder = p(folder))
        }
        StoreError::ReadOnlyFolderInUse { path, folder } => {
            tr!(lang, "err-read-only-folder-in-use", path = p(path), folder = p(folder))
        }
        StoreError::Missing { path } => tr!(lang, "err-missing", path = p(path)),
        StoreError::NotChec { path } => tr!(lang, "err-not-chec", path = p(path)),
        StoreError::Open { path, source } => tr!(lang, "err-open", path = p(path), error = source.to_string()),
        StoreError::Create { path, source } => tr!(lang, "err-create", path = p(path), error = source.to_string()),
        StoreError::Migrate { path, source } => tr!(lang, "err-migrate", path = p(path), error = source.to_string()),
        StoreError::Backup { path, source } => tr!(lang, "err-backup", path = p(path), error = source.to_string()),
        StoreError::Exists(path) => tr!(lang, "err-exists", path = p(path)),
        StoreError::OwnFile(path) => tr!(lang, "err-own-file", path = p(path)),
        StoreError::DuplicateKey(key) => tr!(lang, "err-duplicate-key", key = key),
        StoreError::NoConsultation(key) => tr!(lang, "no-consultation", key = key),
        StoreError::SignedOff(stage) => tr!(lang, "err-stage-signed-off", stage = stage),
        StoreError::MeetingRunning { key, seq } => tr!(lang, "err-meeting-running", key = key, n = *seq),
        StoreError::NoItem(key) => tr!(lang, "no-item", key = key),
        StoreError::ItemConflict { key, by, fields } => {
            let blank = |v: &str| if v.is_empty() { "—".to_string() } else { format!("'{v}'") };
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let field = item_field(lang, f.field);
                    tr!(
                        lang,
                        "err-item-conflict-field",
                        field = field,
                        theirs = blank(&f.theirs),
                        mine = blank(&f.mine)
                    )
                })
                .collect();
            let fields = fields.join("; ");
            match by {
                Some(by) => tr!(lang, "err-item-conflict-by", key = key, by = by, fields = fields),
                None => tr!(lang, "err-item-conflict", key = key, fields = fields),
            }
        }
        StoreError::Item(e) => item(lang, e),
        StoreError::SignOff(e) => sign_off(lang, e, &|name| name.to_string()),
        StoreError::Sqlite(e) => tr!(lang, "err-database", error = e.to_string()),
        StoreError::Interrupted => tr!(lang, "err-interrupted"),
        StoreError::ReadFile { path, source } => {
            tr!(lang, "config-cannot-read", path = p(path), error = source.to_string())
        }
        StoreError::BadSnapshot { .. } | StoreError::NoWal { .. } | StoreError::Invalid(_) | StoreError::Retry => {
            return None;
        }
    })
}

fn team(lang: Lang, e: &TeamError) -> String {
    let p = |path: &std::path::Path| path.display().to_string();
    match e {
        TeamError::Busy => tr!(lang, "err-team-busy"),
        TeamError::NoTeam => tr!(lang, "status-no-team"),
        TeamError::CloneMissing(path) => tr!(lang, "err-team-clone-missing", path = p(path)),
        TeamError::AlreadyShares(remote) => tr!(lang, "err-team-already-shares", remote = remote),
        TeamError::RemoteTaken(remote) => tr!(lang, "err-team-remote-taken", remote = remote),
        TeamError::RemoteEmpty(remote) => tr!(lang, "err-team-remote-empty", remote = remote),
        TeamError::NotALead(name) => tr!(lang, "err-team-not-a-lead", name = name),
        TeamError::NotARepository(path) => tr!(lang, "err-team-not-a-repository", path = p(path)),
        TeamError::JoinNotEmpty { db, remote } => tr!(lang, "err-team-join-not-empty", db = p(db), remote = remote),
    }
}

/// An item's field as people name it (`item-field-…`), else as stored.
fn item_field(lang: Lang, field: &str) -> String {
    let id = format!("item-field-{field}");
    if crate::i18n::has(lang, &id) { crate::i18n::t(lang, &id) } else { field.to_string() }
}

fn item(lang: Lang, e: &ItemError) -> String {
    match e {
        ItemError::EmptyTitle => tr!(lang, "err-item-title"),
        ItemError::BadDate(text) => tr!(lang, "err-bad-date", text = text),
        ItemError::RiskOutOfRange { what, value } => {
            let what = tr!(lang, if *what == "impact" { "form-impact" } else { "form-likelihood" });
            tr!(lang, "err-risk-range", what = what, value = *value)
        }
        ItemError::NoteRequired(status) => {
            let status =
                status.parse::<ItemStatus>().map_or_else(|_| (*status).to_string(), |s| crate::i18n::word(lang, s));
            tr!(lang, "err-note-required", status = status)
        }
    }
}

fn answer(lang: Lang, e: &AnswerError) -> String {
    match e {
        AnswerError::NotANumber(text) => tr!(lang, "err-not-a-number", text = text),
        AnswerError::BelowMin { given, min } => tr!(lang, "err-below-min", given = given, min = *min),
        AnswerError::AboveMax { given, max } => tr!(lang, "err-above-max", given = given, max = *max),
        AnswerError::NotADate(text) => tr!(lang, "err-not-a-date", text = text),
        AnswerError::OffScale(n) => tr!(lang, "err-off-scale", n = *n),
        AnswerError::UnknownChoice(text) => tr!(lang, "err-unknown-choice", text = text),
    }
}

/// A sign-off refused, in `lang`; `stage` names a stage given by its stored name.
pub fn sign_off(lang: Lang, e: &SignOffError, stage: &dyn Fn(&str) -> String) -> String {
    match e {
        SignOffError::EmptyComment => tr!(lang, "err-sign-off-comment"),
        SignOffError::UnknownStage(id) => tr!(lang, "err-unknown-stage", stage = id),
        SignOffError::AlreadySignedOff(name) => tr!(lang, "err-already-signed-off", stage = stage(name)),
        SignOffError::NotSignedOff(name) => tr!(lang, "form-not-signed-off", stage = stage(name)),
        SignOffError::Unconfirmed(warnings) => {
            let said: Vec<String> = warnings.iter().map(|w| warning(lang, w, stage)).collect();
            tr!(lang, "err-unconfirmed", warnings = said.join("; "))
        }
        SignOffError::Undecided(keys) => tr!(lang, "err-undecided", keys = keys),
        SignOffError::AcceptNeedsReason(key) => tr!(lang, "err-accept-needs-reason", key = key),
        SignOffError::EmptyReason => tr!(lang, "err-reopen-reason"),
    }
}

/// One thing to confirm before a sign-off.
fn warning(lang: Lang, w: &SignOffWarning, stage: &dyn Fn(&str) -> String) -> String {
    match w {
        SignOffWarning::OutOfOrder { stage: s, current } => {
            tr!(lang, "warn-out-of-order", stage = stage(s), current = stage(current))
        }
        SignOffWarning::Unassessed { stage: s, count, questions } => {
            tr!(lang, "warn-unassessed", stage = stage(s), n = *count, total = *questions)
        }
    }
}

/// The warnings as one question: "… Sign it off anyway?".
pub fn sign_off_question(lang: Lang, warnings: &[SignOffWarning], stage: &dyn Fn(&str) -> String) -> String {
    let said: Vec<String> = warnings.iter().map(|w| warning(lang, w, stage)).collect();
    tr!(lang, "confirm-sign-off-anyway", warnings = said.join("; "))
}

/// What signing off (`signed_off`) or reopening did to the current stage.
pub fn stage_moved(lang: Lang, moved: &StageMove, signed_off: bool, stage: &dyn Fn(&str) -> String) -> String {
    let name = stage(&moved.stage.name);
    match (signed_off, &moved.current_after) {
        (true, None) => tr!(lang, "status-signed-off-all", stage = name),
        (true, Some(after)) if moved.current_before.as_ref() == Some(after) => {
            tr!(lang, "status-signed-off-still", stage = name, current = stage(&after.name))
        }
        (true, Some(after)) => tr!(lang, "status-signed-off-now", stage = name, current = stage(&after.name)),
        (false, Some(after)) if *after == moved.stage => tr!(lang, "status-reopened-current", stage = name),
        (false, Some(after)) => tr!(lang, "status-reopened-earlier", stage = name, current = stage(&after.name)),
        (false, None) => tr!(lang, "status-reopened", stage = name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_errors_are_said_in_korean_and_unknown_ones_as_they_are() {
        let e = StoreError::NoItem("CARE-9".into());
        assert_eq!(error(Lang::Ko, &e), "CARE-9 과제를 찾을 수 없어요 (키는 CARE-3 같은 모양이에요)");
        assert_eq!(error(Lang::En, &e), e.to_string(), "English says what the error itself says");
        let e = StoreError::Item(ItemError::BadDate("내일".into()));
        assert!(error(Lang::Ko, &e).contains("'내일'"), "{}", error(Lang::Ko, &e));
        let io = std::io::Error::other("disk on fire");
        assert_eq!(error(Lang::Ko, &io), "disk on fire");
    }
}
