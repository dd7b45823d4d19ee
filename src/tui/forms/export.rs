//! The export form: minutes of a meeting or the full report, to a file.

use crate::storage::Store;
use crate::tui::outcome::Purpose;
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Field, Form};

/// What the export form can write, as (value, label, suggested file name).
pub fn export_choices(view: &ConsultationView, store: &Store) -> Vec<(String, String, String)> {
    let key = &view.consultation.key;
    let mut choices = Vec::new();
    let meetings = store.meetings(&view.consultation).unwrap_or_default();
    for m in meetings.iter().rev() {
        choices.push((
            format!("minutes:{}", m.seq),
            format!("minutes of meeting {}", m.seq),
            crate::export::suggested_name(key, &format!("meeting-{}-minutes", m.seq), "md"),
        ));
    }
    choices.push((
        "report:md".into(),
        "full report (Markdown)".into(),
        crate::export::suggested_name(key, "report", "md"),
    ));
    choices.push((
        "report:json".into(),
        "full report (JSON)".into(),
        crate::export::suggested_name(key, "report", "json"),
    ));
    choices
}

/// The export form; `minutes_of` preselects a meeting's minutes.
pub fn form(view: &ConsultationView, store: &Store, minutes_of: Option<i64>) -> (Form, Purpose) {
    let choices = export_choices(view, store);
    let chosen = minutes_of.and_then(|n| choices.iter().position(|c| c.0 == format!("minutes:{n}"))).unwrap_or(0);
    let suggested = choices.get(chosen).map(|c| c.2.clone()).unwrap_or_default();
    let options = choices.iter().map(|c| (c.0.clone(), c.1.clone())).collect();
    let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
    let form = Form::new(
        format!("Export {}", view.consultation.key),
        vec![
            Field::choice("what", "What", options, chosen),
            Field::line("path", "File (relative to the folder chec was started in)", &suggested),
            Field::toggles("replace", "If the file exists", vec![("replace".into(), "replace it".into())]),
        ],
    )
    .with_notes(vec![
        format!("Folder: {cwd}"),
        "Markdown renders on GitHub and GitLab and can be mailed as is.".into(),
    ]);
    (form, Purpose::Export)
}

/// The proposed file name follows the choice of what to write, unless it was typed over.
pub fn follow_choice(form: &mut Form, view: &ConsultationView, store: &Store, what_before: &str) {
    let choices = export_choices(view, store);
    let name_for = |what: &str| choices.iter().find(|c| c.0 == what).map(|c| c.2.clone());
    if name_for(what_before).is_some_and(|old| old == form.value("path"))
        && let Some(new) = name_for(&form.value("what"))
    {
        form.set_text("path", &new);
    }
}

/// Write what the export form asks for; the message names the file.
pub fn submit(view: &ConsultationView, store: &Store, form: &Form) -> Result<String, String> {
    let path = form.value("path");
    if path.is_empty() {
        return Err("give a file name".into());
    }
    let record = crate::export::Record::load(store, &view.consultation.key).map_err(|e| e.to_string())?;
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
            format!("{} exists: choose another name or tick \"replace it\"", p.display())
        }
        other => other.to_string(),
    })?;
    let shown = std::fs::canonicalize(&path).unwrap_or(path);
    Ok(format!("Wrote {}", shown.display()))
}
