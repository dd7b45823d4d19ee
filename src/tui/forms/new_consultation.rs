//! The form to open a new consultation. Its trait toggles follow the chosen questionnaire.

use crate::catalog::{Catalog, DEFAULT_QUESTIONNAIRE};
use crate::domain::{ConsultationKey, NewConsultation};
use crate::storage::Store;
use crate::tui::outcome::Purpose;
use crate::tui::widgets::form::{Field, FieldKind, Form};

/// The form for opening a consultation. Its trait toggles follow the chosen questionnaire.
pub fn form(catalog: &Catalog) -> (Form, Purpose) {
    let options: Vec<(String, String)> = catalog
        .entries()
        .iter()
        .map(|e| (e.questionnaire.id.clone(), format!("{} {}", e.questionnaire.id, e.questionnaire.version)))
        .collect();
    let default = options.iter().position(|o| o.0 == DEFAULT_QUESTIONNAIRE).unwrap_or(0);
    let traits = options.get(default).map(|o| trait_options(catalog, &o.0)).unwrap_or_default();
    let form = Form::new(
        "New consultation",
        vec![
            Field::line("key", "Key (2-10 of A-Z, 0-9; items become KEY-1, KEY-2…)", "").in_capitals(),
            Field::line("name", "Service name", ""),
            Field::line("team", "Owning team", ""),
            Field::text("description", "What the service does", "", 2),
            Field::choice("questionnaire", "Questionnaire", options, default),
            Field::toggles("traits", "Traits (tailor the questions)", traits),
        ],
    );
    (form, Purpose::NewConsultation)
}

/// The trait toggles follow the chosen questionnaire.
pub fn follow_questionnaire(form: &mut Form, catalog: &Catalog) {
    let options = trait_options(catalog, &form.value("questionnaire"));
    if let Some(field) = form.field_mut("traits") {
        field.kind = FieldKind::Toggles { on: vec![false; options.len()], options, cursor: 0 };
    }
}

pub fn trait_options(catalog: &Catalog, questionnaire: &str) -> Vec<(String, String)> {
    catalog
        .get(questionnaire)
        .map(|e| {
            let lang = e.questionnaire.language();
            e.questionnaire.traits.iter().map(|t| (t.id.clone(), t.name.shown(lang).into_owned())).collect()
        })
        .unwrap_or_default()
}

/// Create the consultation; its key, to open it.
pub fn create(form: &Form, store: &mut Store, catalog: &Catalog) -> Result<String, String> {
    let key: ConsultationKey =
        form.value("key").parse().map_err(|e: crate::domain::consultation::InvalidKey| e.to_string())?;
    let id = form.value("questionnaire");
    let questionnaire = catalog.get(&id).map(|e| e.questionnaire.clone()).ok_or(format!("no questionnaire '{id}'"))?;
    let mut new = NewConsultation {
        key,
        name: form.value("name"),
        team: form.value("team"),
        description: form.value("description"),
        traits: form.toggled("traits"),
    };
    new.validate(&questionnaire).map_err(|e| e.to_string())?;
    store.create_consultation(&new, &questionnaire).map_err(|e| e.to_string())?;
    Ok(new.key.as_str().to_string())
}
