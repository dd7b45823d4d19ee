//! The export form: minutes of a meeting or the full report, to a file.

use crate::i18n::Lang;
use crate::storage::Store;
use crate::tui::outcome::Purpose;
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Field, Form};

/// What the export form can write, as (value, label, suggested file name), in the
/// interface's language (Korean file names in Korean: `CARE-1차-회의록.md`).
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
pub fn form(view: &ConsultationView, store: &Store, minutes_of: Option<i64>) -> (Form, Purpose) {
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
    let ui = view.ui();
    if path.is_empty() {
        return Err(crate::i18n::t(ui, "export-give-name"));
    }
    // In the language chosen on the form (a form from before it had one: the interface's).
    let lang = Lang::parse(&form.value("lang")).or(view.lang);
    let record = crate::export::Record::load(store, &view.consultation.key)
        .map_err(|e| crate::messages::error(ui, &e))?
        .in_language(lang);
    let what = form.value("what");
    let text = match what.split_once(':') {
        Some(("minutes", n)) => {
            let meeting = n
                .parse()
                .ok()
                .and_then(|n| record.meeting(n))
                .ok_or_else(|| crate::tr!(ui, "export-no-such-meeting"))?;
            crate::export::minutes::minutes(&record, meeting)
        }
        Some(("report", "json")) => serde_json::to_string_pretty(&crate::export::json::report(&record))
            .map(|s| s + "\n")
            .map_err(|e| crate::messages::error(ui, &e))?,
        _ => crate::export::report::report(&record),
    };
    let path = std::path::PathBuf::from(path);
    let replace = form.toggled("replace").contains(&"replace".to_string());
    crate::export::write_export(store, &path, text.as_bytes(), replace).map_err(|e| match e {
        crate::export::WriteError::Exists(p) => crate::tr!(ui, "export-exists", path = p.display().to_string()),
        other => crate::messages::error(ui, &other),
    })?;
    let shown = std::fs::canonicalize(&path).unwrap_or(path);
    Ok(crate::tr!(ui, "status-wrote", path = shown.display().to_string()))
}
