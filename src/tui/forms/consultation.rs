//! The consultation's forms: raise an item, start a meeting, change its attendees, sign off
//! or reopen a stage. Each has a builder (what the form asks) and a submit (what it does,
//! through storage).

use super::{Built, FormOverlay};
use crate::domain::item::parse_due;
use crate::domain::meeting::{format_attendees, parse_attendees};
use crate::domain::{
    Decision, ItemDecision, NewItem, NewMeeting, Priority, Risk, RiskResponse, RiskSource, SignOffWarning,
};
use crate::i18n::Lang;
use crate::storage::Store;
use crate::tr;
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
pub fn item_preview(form: &Form, today: chrono::NaiveDate, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let number = |name: &str| form.value(name).parse::<u8>().ok();
    if let (Some(l), Some(i)) = (number("likelihood"), number("impact")) {
        let priority = crate::i18n::word(lang, crate::domain::item::priority_from_risk(l, i));
        let score = u32::from(l) * u32::from(i);
        let line = match form.value("priority").parse::<Priority>() {
            Ok(chosen) => {
                let chosen = crate::i18n::word(lang, chosen);
                tr!(lang, "form-risk-preview-chosen", l = l, i = i, score = score, priority = priority, chosen = chosen)
            }
            Err(_) => tr!(lang, "form-risk-preview", l = l, i = i, score = score, priority = priority),
        };
        lines.push(line);
    }
    if let Ok(due) = parse_due(&form.value("due"))
        && due < today
    {
        lines.push(tr!(lang, "form-due-past", date = due.to_string()));
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
        crate::tr!(ui, "form-roles", roles = tr!(ui, "form-role-examples")),
    ]);
    Ok((form, Purpose::StartMeeting { stage }))
}

/// The form to change the attendees of the running meeting, or else of the last one.
pub fn edit_attendees(view: &ConsultationView, store: &Store) -> Built {
    let meeting = match &view.meeting {
        Some(m) => Some(m.clone()),
        None => store.meetings(&view.consultation).map_err(|e| Outcome::Error(e.to_string()))?.pop(),
    };
    let ui = view.ui();
    let Some(meeting) = meeting else {
        let key =
            crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Meeting);
        return Err(Outcome::Error(tr!(ui, "form-no-meeting-yet", key = key)));
    };
    let attendees = format_attendees(&meeting.attendees);
    let form = Form::new(
        tr!(ui, "form-attendees-of", n = meeting.seq),
        vec![Field::text("attendees", tr!(ui, "form-attendees"), &attendees, 6)],
    )
    .with_notes(vec![tr!(ui, "form-roles", roles = tr!(ui, "form-role-examples"))]);
    Ok((form, Purpose::EditAttendees { meeting_id: meeting.id, seq: meeting.seq }))
}

/// The sign-off form for the chosen stage; `acknowledged` is what the consultant confirmed.
pub fn sign_off(view: &ConsultationView, store: &Store, acknowledged: Vec<SignOffWarning>) -> Built {
    let Some(stage) = view.selected_stage() else {
        return Err(Outcome::None);
    };
    let ui = view.ui();
    let name = view.questionnaire.stage_name(&stage.stage, view.language());
    if view.is_signed_off() {
        let key = crate::tui::keys::key_for(crate::tui::keys::Scope::Consultation, &crate::tui::action::Action::Reopen);
        return Err(Outcome::Error(tr!(ui, "form-already-signed-off", stage = &name, key = key)));
    }
    let pending = store
        .active_items(&view.consultation, Priority::High)
        .map_err(|e| Outcome::Error(crate::messages::error(ui, &e)))?;
    let mut fields = vec![Field::text("comment", tr!(ui, "form-sign-off-comment"), "", 3)];
    let decisions = vec![
        (String::new(), tr!(ui, "form-decision-undecided")),
        (Decision::CarryOver.as_str().to_string(), tr!(ui, "form-decision-carry-over")),
        (Decision::Accept.as_str().to_string(), tr!(ui, "form-decision-accept")),
    ];
    for item in &pending {
        let label = format!("{} [{}] {}", item.key, crate::i18n::word(ui, item.priority), item.title);
        fields.push(Field::choice(format!("decision:{}", item.key), label, decisions.clone(), 0));
        fields.push(Field::line(format!("reason:{}", item.key), format!("  {}", tr!(ui, "form-decision-reason")), ""));
    }
    let (assessed, total) = view.stage_progress();
    let mut notes = vec![tr!(ui, "form-sign-off-assessed", stage = &name, assessed = assessed, total = total)];
    if let Some(SignOffWarning::OutOfOrder { current, .. }) =
        acknowledged.iter().find(|w| matches!(w, SignOffWarning::OutOfOrder { .. }))
    {
        notes.push(tr!(ui, "form-sign-off-out-of-order", current = view.shown_stage_name(current)));
    }
    notes.push(if pending.is_empty() {
        tr!(ui, "form-sign-off-no-pending")
    } else {
        tr!(ui, "form-sign-off-pending", n = pending.len())
    });
    let missing = view.questionnaire.unanswered_required(&view.standing, &view.responses, &stage.stage);
    if !missing.is_empty() {
        notes.push(tr!(ui, "form-sign-off-required", ids = missing.join(", ")));
    }
    let lang = view.language();
    if let Some(level) = view.questionnaire.sign_off_level(&view.standing) {
        let by = level.requires.sign_off_by.shown(lang);
        notes.push(tr!(ui, "form-sign-off-level", level = &level.id, by = by));
    }
    let form = Form::new(tr!(ui, "form-sign-off-title", stage = &name), fields).with_notes(notes);
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
    warnings.iter().any(|w| !w.is_covered_by(acknowledged)).then(|| {
        (
            crate::messages::sign_off_question(view.ui(), &warnings, &|n| view.shown_stage_name(n)),
            ConfirmAction::SubmitSignOff(warnings),
        )
    })
}

pub fn reopen(view: &ConsultationView) -> Built {
    let Some(stage) = view.selected_stage() else {
        return Err(Outcome::None);
    };
    let ui = view.ui();
    let name = view.questionnaire.stage_name(&stage.stage, view.language());
    if !view.is_signed_off() {
        return Err(Outcome::Error(tr!(ui, "form-not-signed-off", stage = &name)));
    }
    let form = Form::new(
        tr!(ui, "form-reopen-title", stage = &name),
        vec![Field::text("reason", tr!(ui, "form-reopen-reason"), "", 3)],
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
    let ui = view.ui();
    let said = |e: crate::storage::StoreError| crate::messages::error(ui, &e);
    let message = match purpose {
        Purpose::RaiseItem { question_id, stage, principles } => {
            let due = match form.value("due") {
                d if d.is_empty() => None,
                d => {
                    Some(parse_due(&d).map_err(|e| tr!(ui, "form-due-error", error = crate::messages::error(ui, &e)))?)
                }
            };
            let number = |name: &str| form.value(name).parse::<u8>().ok();
            let risk = match (number("likelihood"), number("impact")) {
                (Some(l), Some(i)) => Some(Risk::new(l, i).map_err(|e| crate::messages::error(ui, &e))?),
                (None, None) => None,
                _ => return Err(tr!(ui, "form-rate-both")),
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
            let item = store.raise_item(&view.consultation, &new, view.meeting_id()).map_err(said)?;
            let priority = crate::i18n::word(view.ui(), item.priority);
            crate::tr!(view.ui(), "status-raised", key = &item.key, priority = priority, title = &item.title)
        }
        Purpose::EditAttendees { meeting_id, seq } => {
            let attendees = parse_attendees(&form.value("attendees"));
            store.set_attendees(meeting_id, &attendees).map_err(said)?;
            view.reload(store).map_err(said)?;
            crate::tr!(view.ui(), "status-attendees", n = *seq, count = attendees.len())
        }
        Purpose::StartMeeting { stage } => {
            let new = NewMeeting {
                stage: stage.clone(),
                attendees: parse_attendees(&form.value("attendees")),
                agenda: form.value("agenda"),
            };
            let meeting = store.start_meeting(&view.consultation, &new).map_err(said)?;
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
            let moved = store
                .sign_off_stage(&view.consultation, stage, &comment, &decisions, view.meeting_id(), acknowledged)
                .map_err(said)?;
            crate::messages::stage_moved(ui, &moved, true, &|n| view.shown_stage_name(n))
        }
        Purpose::Reopen { stage } => {
            let moved = store.reopen_stage(&view.consultation, stage, &form.value("reason")).map_err(said)?;
            crate::messages::stage_moved(ui, &moved, false, &|n| view.shown_stage_name(n))
        }
        Purpose::NewConsultation | Purpose::EditItem { .. } | Purpose::Export | Purpose::Traits => {
            return Err(tr!(ui, "form-wrong-form"));
        }
    };
    view.reload(store).map_err(said)?;
    if let Purpose::SignOff { .. } | Purpose::Reopen { .. } = purpose {
        // Follow the consultation to its current stage.
        if let Some(i) = view.stages.iter().position(|s| s.stage == view.consultation.current_stage) {
            view.show_stage(i, store).map_err(said)?;
        }
    }
    Ok(message)
}
