//! The consultation's forms: raise an item, start a meeting, sign off or reopen a stage.
//! Each has a builder (what the form asks) and a submit (what it does, through storage).

use super::ConsultationView;
use crate::domain::item::parse_due;
use crate::domain::meeting::{ROLES, format_attendees, parse_attendees};
use crate::domain::{
    Decision, ItemDecision, NewItem, NewMeeting, Priority, Risk, RiskResponse, RiskSource, SignOffError, SignOffWarning,
};
use crate::i18n::Lang;
use crate::storage::{Store, StoreError};
use crate::tui::app::{ConfirmAction, Outcome, Purpose};
use crate::tui::widgets::form::{Field, Form};

fn options<T: Copy>(none: Option<&str>, values: &[T], word: impl Fn(T) -> (String, String)) -> Vec<(String, String)> {
    none.map(|label| (String::new(), label.to_string())).into_iter().chain(values.iter().map(|v| word(*v))).collect()
}

fn scale(none: &str, words: [&str; 5]) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(words.iter().enumerate().map(|(i, w)| ((i + 1).to_string(), format!("{} {w}", i + 1))))
        .collect()
}

pub fn raise_item(view: &ConsultationView, question_id: &str) -> Outcome {
    let Some(question) = view.questionnaire.question(question_id) else {
        return Outcome::None;
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
    Outcome::Form(
        form,
        Purpose::RaiseItem {
            question_id: question.id.clone(),
            stage: question.stage.clone(),
            principles: question.principles.clone(),
        },
    )
}

/// The form to start a meeting; a follow-up meeting offers the last one's attendees.
pub fn start_meeting(view: &ConsultationView, store: &Store) -> Outcome {
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
    Outcome::Form(form, Purpose::StartMeeting { stage })
}

/// The form to change the attendees of the running meeting, or else of the last one.
pub fn edit_attendees(view: &ConsultationView, store: &Store) -> Result<Outcome, StoreError> {
    let meeting = match &view.meeting {
        Some(m) => Some(m.clone()),
        None => store.meetings(&view.consultation)?.pop(),
    };
    let Some(meeting) = meeting else { return Ok(Outcome::Error("No meeting yet: m starts one".into())) };
    let form = Form::new(
        format!("Attendees of meeting {}", meeting.seq),
        vec![Field::text("attendees", "Attendees, one per line: name, role", &format_attendees(&meeting.attendees), 6)],
    )
    .with_notes(vec![format!("Roles, for example: {}", ROLES.join(", "))]);
    Ok(Outcome::Form(form, Purpose::EditAttendees { meeting_id: meeting.id, seq: meeting.seq }))
}

/// `S`: sign off the chosen stage. Out of order or with questions unassessed, ask first.
pub fn ask_sign_off(view: &ConsultationView, store: &Store) -> Result<Outcome, StoreError> {
    let Some(stage) = view.selected_stage() else {
        return Ok(Outcome::None);
    };
    match store.sign_off_warnings(&view.consultation, &stage.stage) {
        Err(StoreError::SignOff(SignOffError::AlreadySignedOff(name))) => {
            Ok(Outcome::Error(format!("{name} is already signed off (R reopens it)")))
        }
        Err(e) => Err(e),
        Ok(warnings) if warnings.is_empty() => sign_off(view, store, warnings),
        Ok(warnings) => Ok(Outcome::Confirm(
            SignOffWarning::question(&warnings),
            ConfirmAction::SignOff { stage: stage.stage.clone(), acknowledged: warnings },
            ConfirmAction::Nothing,
        )),
    }
}

/// The sign-off form for the chosen stage; `acknowledged` is what the consultant confirmed.
pub fn sign_off(
    view: &ConsultationView,
    store: &Store,
    acknowledged: Vec<SignOffWarning>,
) -> Result<Outcome, StoreError> {
    let Some(stage) = view.selected_stage() else {
        return Ok(Outcome::None);
    };
    if view.is_signed_off() {
        return Ok(Outcome::Error(format!("{} is already signed off (R reopens it)", stage.name)));
    }
    let pending = store.active_items(&view.consultation, Priority::High)?;
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
    Ok(Outcome::Form(
        form,
        Purpose::SignOff {
            stage: stage.stage.clone(),
            items: pending.iter().map(|i| i.key.clone()).collect(),
            acknowledged,
        },
    ))
}

/// Before a sign-off form is submitted: what the consultant has not confirmed yet (things
/// may have changed since the form opened, or it was recovered after a crash), as the
/// question to ask and every warning that now holds.
pub fn sign_off_to_confirm(
    view: &ConsultationView,
    store: &Store,
    purpose: &Purpose,
) -> Option<(String, Vec<SignOffWarning>)> {
    let Purpose::SignOff { stage, acknowledged, .. } = purpose else { return None };
    let warnings = store.sign_off_warnings(&view.consultation, stage).ok()?;
    warnings.iter().any(|w| !w.is_covered_by(acknowledged)).then(|| (SignOffWarning::question(&warnings), warnings))
}

pub fn reopen(view: &ConsultationView) -> Outcome {
    let Some(stage) = view.selected_stage() else {
        return Outcome::None;
    };
    if !view.is_signed_off() {
        return Outcome::Error(format!("{} is not signed off", stage.name));
    }
    let form = Form::new(
        format!("Reopen {}", stage.name),
        vec![Field::text("reason", "Why reopen (e.g. model update)", "", 3)],
    );
    Outcome::Form(form, Purpose::Reopen { stage: stage.stage.clone() })
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
                d => Some(parse_due(&d).map_err(|e| e.to_string())?),
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
        Purpose::NewConsultation | Purpose::EditItem { .. } | Purpose::Export => {
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

/// The name an unfinished form is autosaved under; `None` for forms not tied to this
/// consultation.
pub fn draft_name(purpose: &Purpose) -> Option<String> {
    match purpose {
        Purpose::RaiseItem { question_id, .. } => Some(format!("raise-item:{question_id}")),
        Purpose::StartMeeting { stage } => Some(format!("start-meeting:{stage}")),
        Purpose::EditAttendees { meeting_id, .. } => Some(format!("attendees:{meeting_id}")),
        Purpose::SignOff { stage, .. } => Some(format!("sign-off:{stage}")),
        Purpose::Reopen { stage } => Some(format!("reopen:{stage}")),
        // Nothing typed worth keeping: the export form only proposes a file name.
        Purpose::NewConsultation | Purpose::EditItem { .. } | Purpose::Export => None,
    }
}

/// Build again the form an autosaved draft belongs to (filled in by the caller).
pub fn rebuild(view: &mut ConsultationView, store: &Store, name: &str) -> Option<(Form, Purpose)> {
    let (kind, arg) = name.split_once(':')?;
    let outcome = match kind {
        "raise-item" => raise_item(view, arg),
        "start-meeting" => start_meeting(view, store),
        "attendees" => edit_attendees(view, store).ok()?,
        "sign-off" | "reopen" => {
            let i = view.stages.iter().position(|s| s.stage == arg)?;
            view.show_stage(i, store).ok()?;
            if kind == "sign-off" { sign_off(view, store, Vec::new()).ok()? } else { reopen(view) }
        }
        _ => return None,
    };
    match outcome {
        Outcome::Form(form, purpose) => Some((form, purpose)),
        _ => None,
    }
}

/// What the export form can write, as (value, label, suggested file name).
pub fn export_choices(view: &ConsultationView, store: &Store) -> Vec<(String, String, String)> {
    let key = &view.consultation.key;
    let ui = view.ui();
    let text = |id: &str| crate::i18n::t(ui, id);
    let mut choices = Vec::new();
    let meetings = store.meetings(&view.consultation).unwrap_or_default();
    for m in meetings.iter().rev() {
        choices.push((
            format!("minutes:{}", m.seq),
            crate::tr!(ui, "export-minutes-of", n = m.seq),
            crate::export::suggested_name(key, &crate::tr!(ui, "export-name-minutes", n = m.seq), "md"),
        ));
    }
    choices.push((
        "report:md".into(),
        text("export-report-md"),
        crate::export::suggested_name(key, &text("export-name-report"), "md"),
    ));
    choices.push((
        "report:json".into(),
        text("export-report-json"),
        crate::export::suggested_name(key, &text("export-name-report"), "json"),
    ));
    choices
}

/// The export form; `minutes_of` preselects a meeting's minutes.
pub fn export(view: &ConsultationView, store: &Store, minutes_of: Option<i64>) -> Outcome {
    let choices = export_choices(view, store);
    let chosen = minutes_of.and_then(|n| choices.iter().position(|c| c.0 == format!("minutes:{n}"))).unwrap_or(0);
    let suggested = choices.get(chosen).map(|c| c.2.clone()).unwrap_or_default();
    let options = choices.iter().map(|c| (c.0.clone(), c.1.clone())).collect();
    let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
    let ui = view.ui();
    let text = |id: &str| crate::i18n::t(ui, id);
    // The reader's language: the interface's first (without one chosen, the consultation's),
    // the other one beside it.
    let first = view.lang.unwrap_or_else(|| Lang::parse(view.questionnaire.language()).unwrap_or_default());
    let languages: Vec<(String, String)> = [first, if first == Lang::Ko { Lang::En } else { Lang::Ko }]
        .iter()
        .map(|l| (l.code().to_string(), crate::i18n::t(*l, "tui-language")))
        .collect();
    let form = Form::new(
        crate::tr!(ui, "export-title", key = view.consultation.key.to_string()),
        vec![
            Field::choice("what", text("export-what"), options, chosen),
            Field::line("path", text("export-file"), &suggested),
            Field::toggles("replace", text("export-if-exists"), vec![("replace".into(), text("export-replace"))]),
            Field::choice("lang", text("export-language"), languages, 0),
        ],
    )
    .with_notes(vec![crate::tr!(ui, "export-folder", dir = cwd), text("export-renders")]);
    Outcome::Form(form, Purpose::Export)
}

/// Write what the export form asks for; the message names the file.
pub fn submit_export(view: &ConsultationView, store: &Store, form: &Form) -> Result<String, String> {
    let path = form.value("path");
    let ui = view.ui();
    if path.is_empty() {
        return Err(crate::i18n::t(ui, "export-give-name"));
    }
    // In the language chosen on the form (a form from before it had one: the interface's).
    let lang = Lang::parse(&form.value("lang")).or(view.lang);
    let record =
        crate::export::Record::load(store, &view.consultation.key).map_err(|e| e.to_string())?.in_language(lang);
    let what = form.value("what");
    let text = match what.split_once(':') {
        Some(("minutes", n)) => {
            let meeting = n.parse().ok().and_then(|n| record.meeting(n)).ok_or("no such meeting")?;
            crate::export::minutes::minutes(&record, meeting)
        }
        Some(("report", "json")) => serde_json::to_string_pretty(&crate::export::json::report(&record))
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())?,
        _ => crate::export::report::report(&record),
    };
    let path = std::path::PathBuf::from(path);
    let replace = form.toggled("replace").contains(&"replace".to_string());
    crate::export::write_export(store, &path, text.as_bytes(), replace).map_err(|e| match e {
        crate::export::WriteError::Exists(p) => {
            crate::tr!(ui, "export-exists", path = p.display().to_string())
        }
        other => other.to_string(),
    })?;
    let shown = std::fs::canonicalize(&path).unwrap_or(path);
    Ok(crate::tr!(ui, "status-wrote", path = shown.display().to_string()))
}
