//! The consultation's forms: raise an item, start a meeting, change its attendees, sign off
//! or reopen a stage. Each has a builder (what the form asks) and a submit (what it does,
//! through storage).

use super::{Built, FormOverlay};
use crate::domain::item::parse_due;
use crate::domain::meeting::{ROLES, format_attendees, parse_attendees};
use crate::domain::{
    Decision, ItemDecision, NewItem, NewMeeting, Priority, Risk, RiskResponse, RiskSource, SignOffWarning,
};
use crate::storage::Store;
use crate::tui::outcome::{ConfirmAction, Outcome, Purpose};
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Field, Form};

fn options<T: Copy>(none: Option<&str>, values: &[T], word: impl Fn(T) -> (String, String)) -> Vec<(String, String)> {
    none.map(|label| (String::new(), label.to_string())).into_iter().chain(values.iter().map(|v| word(*v))).collect()
}

fn scale(none: &str, words: [&str; 5]) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(words.iter().enumerate().map(|(i, w)| ((i + 1).to_string(), format!("{} {w}", i + 1))))
        .collect()
}

pub fn raise_item(view: &ConsultationView, question_id: &str) -> Built {
    let Some(question) = view.questionnaire.question(question_id) else {
        return Err(Outcome::None);
    };
    let principles = view.questionnaire.principle_names(&question.principles, view.language());
    let stage = view.questionnaire.stage_name(&question.stage, view.language());
    let ui = view.ui();
    let text = |id: &str| crate::i18n::t(ui, id);
    let mut notes = vec![
        crate::tr!(ui, "form-on-question", id = &question.id, stage = stage),
        crate::tr!(ui, "form-principles", names = principles),
    ];
    if let Some(m) = &view.meeting {
        notes.push(crate::tr!(ui, "form-raised-in-meeting", n = m.seq));
    }
    let words = |id: &str| -> [String; 5] {
        let list = text(id);
        let mut out: [String; 5] = Default::default();
        for (slot, w) in out.iter_mut().zip(list.split(", ")) {
            *slot = w.to_string();
        }
        out
    };
    let [l1, l2, l3, l4, l5] = words("form-likelihood-words");
    let [i1, i2, i3, i4, i5] = words("form-impact-words");
    let word = |w| crate::i18n::word(ui, w);
    let form = Form::new(
        crate::tr!(ui, "form-raise-title", id = &question.id),
        vec![
            Field::line("title", text("form-title"), ""),
            Field::text("detail", text("form-detail"), "", 2),
            Field::line("owner", text("form-owner"), ""),
            Field::line("due", text("form-due"), ""),
            Field::choice(
                "priority",
                text("form-priority"),
                options(Some(&text("form-priority-derived")), Priority::ALL, |p| (p.as_str().into(), word(p))),
                0,
            ),
            Field::choice(
                "source",
                text("form-risk-source"),
                options(Some(&text("form-not-set")), RiskSource::ALL, |s| {
                    (s.as_str().into(), crate::i18n::word(ui, s))
                }),
                0,
            ),
            Field::choice(
                "likelihood",
                text("form-likelihood"),
                scale(&text("form-not-rated"), [l1.as_str(), &l2, &l3, &l4, &l5]),
                0,
            ),
            Field::choice(
                "impact",
                text("form-impact"),
                scale(&text("form-not-rated"), [i1.as_str(), &i2, &i3, &i4, &i5]),
                0,
            ),
            Field::choice(
                "response",
                text("form-response"),
                options(Some(&text("form-not-decided")), RiskResponse::ALL, |r| {
                    (r.as_str().into(), crate::i18n::word(ui, r))
                }),
                0,
            ),
        ],
    )
    .with_notes(notes);
    Ok((
        form,
        Purpose::RaiseItem {
            question_id: question.id.clone(),
            stage: question.stage.clone(),
            principles: question.principles.clone(),
        },
    ))
}

/// What the raise-item form's choices come to, shown as they change: the priority that
/// likelihood × impact gives (`3 × 4 = 12 → high`), and a warning for a due date past.
pub fn item_preview(form: &Form, today: chrono::NaiveDate) -> Vec<String> {
    let mut lines = Vec::new();
    let number = |name: &str| form.value(name).parse::<u8>().ok();
    if let (Some(l), Some(i)) = (number("likelihood"), number("impact")) {
        let priority = crate::domain::item::priority_from_risk(l, i);
        let chosen = form.value("priority");
        let note = if chosen.is_empty() { String::new() } else { format!(" (the priority chosen, {chosen}, wins)") };
        lines.push(format!("Risk: {l} × {i} = {} → {}{note}", l * i, priority.label()));
    }
    if let Ok(due) = parse_due(&form.value("due"))
        && due < today
    {
        lines.push(format!("⚠ The due date {due} is already past"));
    }
    lines
}

/// The form to start a meeting; a follow-up meeting offers the last one's attendees.
pub fn start_meeting(view: &ConsultationView, store: &Store) -> Built {
    let stage = view.consultation.current_stage.clone();
    let name = view.questionnaire.stage_name(&stage, view.language());
    let previous =
        store.meetings(&view.consultation).ok().and_then(|m| m.last().map(|m| format_attendees(&m.attendees)));
    let ui = view.ui();
    let text = |id: &str| crate::i18n::t(ui, id);
    let form = Form::new(
        text("form-start-meeting"),
        vec![
            Field::text("attendees", text("form-attendees"), previous.as_deref().unwrap_or(""), 4),
            Field::text("agenda", text("form-agenda"), "", 3),
        ],
    )
    .with_notes(vec![
        crate::tr!(ui, "form-at-stage", stage = name),
        crate::tr!(ui, "form-roles", roles = ROLES.join(", ")),
    ]);
    Ok((form, Purpose::StartMeeting { stage }))
}

/// The form to change the attendees of the running meeting, or else of the last one.
pub fn edit_attendees(view: &ConsultationView, store: &Store) -> Built {
    let meeting = match &view.meeting {
        Some(m) => Some(m.clone()),
        None => store.meetings(&view.consultation).map_err(|e| Outcome::Error(e.to_string()))?.pop(),
    };
    let Some(meeting) = meeting else {
        return Err(Outcome::Error(format!(
            "No meeting yet: {} starts one",
            crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Meeting)
        )));
    };
    let form = Form::new(
        format!("Attendees of meeting {}", meeting.seq),
        vec![Field::text("attendees", "Attendees, one per line: name, role", &format_attendees(&meeting.attendees), 6)],
    )
    .with_notes(vec![format!("Roles, for example: {}", ROLES.join(", "))]);
    Ok((form, Purpose::EditAttendees { meeting_id: meeting.id, seq: meeting.seq }))
}

/// The sign-off form for the chosen stage; `acknowledged` is what the consultant confirmed.
pub fn sign_off(view: &ConsultationView, store: &Store, acknowledged: Vec<SignOffWarning>) -> Built {
    let Some(stage) = view.selected_stage() else {
        return Err(Outcome::None);
    };
    if view.is_signed_off() {
        return Err(Outcome::Error(format!(
            "{} is already signed off ({} reopens it)",
            stage.name,
            crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Reopen)
        )));
    }
    let pending = store.active_items(&view.consultation, Priority::High).map_err(|e| Outcome::Error(e.to_string()))?;
    let mut fields = vec![Field::text("comment", "Sign-off comment", "", 3)];
    let decisions = vec![
        (String::new(), "undecided".to_string()),
        (Decision::CarryOver.as_str().to_string(), "carry over to the next stage".to_string()),
        (Decision::Accept.as_str().to_string(), "accept the risk (reason needed)".to_string()),
    ];
    for item in &pending {
        let label = format!("{} [{}] {}", item.key, item.priority.label(), item.title);
        fields.push(Field::choice(format!("decision:{}", item.key), label, decisions.clone(), 0));
        fields.push(Field::line(format!("reason:{}", item.key), "  reason", ""));
    }
    let (assessed, total) = view.stage_progress();
    let mut notes = vec![format!("{}: {assessed} of {total} questions assessed", stage.name)];
    if let Some(SignOffWarning::OutOfOrder { current, .. }) =
        acknowledged.iter().find(|w| matches!(w, SignOffWarning::OutOfOrder { .. }))
    {
        notes.push(format!("Out of order: {current} stays the current stage."));
    }
    notes.push(if pending.is_empty() {
        "No unresolved high or critical items.".to_string()
    } else {
        format!("{} unresolved high/critical item(s): carry each over or accept it with a reason.", pending.len())
    });
    let missing = view.questionnaire.unanswered_required(&view.standing, &view.responses, &stage.stage);
    if !missing.is_empty() {
        notes.push(format!("Required and not answered: {} (signing off records the exception)", missing.join(", ")));
    }
    let lang = view.language();
    if let Some(level) = view.questionnaire.sign_off_level(&view.standing) {
        let by = level.requires.sign_off_by.shown(lang);
        notes.push(format!("Impact level {} requires sign-off by: {by}", level.id));
    }
    let form = Form::new(format!("Sign off {}", stage.name), fields).with_notes(notes);
    Ok((
        form,
        Purpose::SignOff {
            stage: stage.stage.clone(),
            items: pending.iter().map(|i| i.key.clone()).collect(),
            acknowledged,
        },
    ))
}

/// What to ask before a consultation form is submitted, and what yes does. Until the person
/// has checked (`overlay.checked`): required questions left unanswered at a sign-off, and a
/// meeting's attendees as understood. Always, for a sign-off: what the consultant has not
/// confirmed yet (things may have changed since the form opened, or it was recovered after
/// a crash).
pub fn to_confirm(view: &ConsultationView, store: &Store, overlay: &FormOverlay) -> Option<(String, ConfirmAction)> {
    let no = crate::tui::keys::key_for(crate::tui::keys::Scope::Confirm, &crate::tui::action::Action::No);
    match &overlay.purpose {
        Purpose::SignOff { stage, .. } if !overlay.checked => {
            let missing = view.questionnaire.unanswered_required(&view.standing, &view.responses, stage);
            if !missing.is_empty() {
                let ids = crate::text::sanitize_line(&missing.join(", ")).into_owned();
                let message =
                    crate::tr!(view.ui(), "confirm-sign-off-unanswered", n = missing.len(), ids = ids, no = no);
                return Some((message, ConfirmAction::SubmitForm));
            }
        }
        Purpose::StartMeeting { .. } if !overlay.checked => {
            let attendees = parse_attendees(&overlay.form.value("attendees"));
            let message = if attendees.is_empty() {
                crate::tr!(view.ui(), "confirm-start-no-attendees", no = no)
            } else {
                let names =
                    crate::text::sanitize_line(&crate::domain::meeting::describe_attendees(&attendees)).into_owned();
                crate::tr!(view.ui(), "confirm-start-attendees", n = attendees.len(), names = names, no = no)
            };
            return Some((message, ConfirmAction::SubmitForm));
        }
        _ => {}
    }
    let Purpose::SignOff { stage, acknowledged, .. } = &overlay.purpose else { return None };
    let warnings = store.sign_off_warnings(&view.consultation, stage).ok()?;
    warnings
        .iter()
        .any(|w| !w.is_covered_by(acknowledged))
        .then(|| (SignOffWarning::question(&warnings), ConfirmAction::SubmitSignOff(warnings)))
}

pub fn reopen(view: &ConsultationView) -> Built {
    let Some(stage) = view.selected_stage() else {
        return Err(Outcome::None);
    };
    if !view.is_signed_off() {
        return Err(Outcome::Error(format!("{} is not signed off", stage.name)));
    }
    let form = Form::new(
        format!("Reopen {}", stage.name),
        vec![Field::text("reason", "Why reopen (e.g. model update)", "", 3)],
    );
    Ok((form, Purpose::Reopen { stage: stage.stage.clone() }))
}

/// Do what a submitted form asks. `Err` carries the message to show in the form, which
/// stays open with everything typed.
pub fn submit(
    view: &mut ConsultationView,
    store: &mut Store,
    purpose: &Purpose,
    form: &Form,
) -> Result<String, String> {
    let message = match purpose {
        Purpose::RaiseItem { question_id, stage, principles } => {
            let due = match form.value("due") {
                d if d.is_empty() => None,
                d => Some(parse_due(&d).map_err(|e| format!("due date: {e}"))?),
            };
            let number = |name: &str| form.value(name).parse::<u8>().ok();
            let risk = match (number("likelihood"), number("impact")) {
                (Some(l), Some(i)) => Some(Risk::new(l, i).map_err(|e| e.to_string())?),
                (None, None) => None,
                _ => return Err("rate both likelihood and impact, or neither".into()),
            };
            let new = NewItem {
                title: form.value("title"),
                detail: form.value("detail"),
                owner: form.value("owner"),
                due,
                priority: form.value("priority").parse().ok(),
                risk_source: form.value("source").parse().ok(),
                risk,
                response: form.value("response").parse().ok(),
                question_id: Some(question_id.clone()),
                principles: principles.clone(),
                stage: stage.clone(),
            };
            let item = store.raise_item(&view.consultation, &new, view.meeting_id()).map_err(|e| e.to_string())?;
            let priority = crate::i18n::word(view.ui(), item.priority);
            crate::tr!(view.ui(), "status-raised", key = &item.key, priority = priority, title = &item.title)
        }
        Purpose::EditAttendees { meeting_id, seq } => {
            let attendees = parse_attendees(&form.value("attendees"));
            store.set_attendees(meeting_id, &attendees).map_err(|e| e.to_string())?;
            view.reload(store).map_err(|e| e.to_string())?;
            crate::tr!(view.ui(), "status-attendees", n = *seq, count = attendees.len())
        }
        Purpose::StartMeeting { stage } => {
            let new = NewMeeting {
                stage: stage.clone(),
                attendees: parse_attendees(&form.value("attendees")),
                agenda: form.value("agenda"),
            };
            let meeting = store.start_meeting(&view.consultation, &new).map_err(|e| e.to_string())?;
            view.meeting_open = true;
            crate::tr!(view.ui(), "status-meeting-started", n = meeting.seq)
        }
        Purpose::SignOff { stage, items, acknowledged } => {
            let mut decisions = Vec::new();
            for key in items {
                if let Ok(decision) = form.value(&format!("decision:{key}")).parse::<Decision>() {
                    decisions.push(ItemDecision {
                        item_key: key.clone(),
                        decision,
                        reason: form.value(&format!("reason:{key}")),
                    });
                }
            }
            let comment = form.value("comment");
            store
                .sign_off_stage(&view.consultation, stage, &comment, &decisions, view.meeting_id(), acknowledged)
                .map_err(|e| e.to_string())?
                .signed_off_message()
        }
        Purpose::Reopen { stage } => store
            .reopen_stage(&view.consultation, stage, &form.value("reason"))
            .map_err(|e| e.to_string())?
            .reopened_message(),
        Purpose::NewConsultation | Purpose::EditItem { .. } | Purpose::Export | Purpose::Traits => {
            return Err("not a consultation form".into());
        }
    };
    view.reload(store).map_err(|e| e.to_string())?;
    if let Purpose::SignOff { .. } | Purpose::Reopen { .. } = purpose {
        // Follow the consultation to its current stage.
        if let Some(i) = view.stages.iter().position(|s| s.stage == view.consultation.current_stage) {
            view.show_stage(i, store).map_err(|e| e.to_string())?;
        }
    }
    Ok(message)
}
