//! The form to open a new consultation. Its trait toggles follow the chosen questionnaire.

use crate::catalog::{Catalog, DEFAULT_QUESTIONNAIRE};
use crate::domain::{ConsultationKey, NewConsultation};
use crate::i18n::Lang;
use crate::storage::Store;
use crate::tui::outcome::Purpose;
use crate::tui::widgets::form::{Field, FieldKind, Form};

/// The form for opening a consultation, in `lang`. Its trait toggles follow the chosen
/// questionnaire.
pub fn form(catalog: &Catalog, lang: Lang) -> (Form, Purpose) {
    let text = |id: &str| crate::i18n::t(lang, id);
    let options: Vec<(String, String)> = catalog
        .entries()
        .iter()
        .map(|e| (e.questionnaire.id.clone(), format!("{} {}", e.questionnaire.id, e.questionnaire.version)))
        .collect();
    let default = options.iter().position(|o| o.0 == DEFAULT_QUESTIONNAIRE).unwrap_or(0);
    let traits = options.get(default).map(|o| trait_options(catalog, &o.0, lang)).unwrap_or_default();
    let form = Form::new(
        text("form-new-consultation"),
        vec![
            Field::line("key", text("form-key"), "").in_capitals(),
            Field::line("name", text("form-service-name"), ""),
            Field::line("team", text("form-owning-team"), ""),
            Field::text("description", text("form-what-it-does"), "", 2),
            Field::choice("questionnaire", text("form-questionnaire"), options, default),
            Field::toggles("traits", text("form-traits"), traits),
        ],
    );
    (form, Purpose::NewConsultation)
}

/// The trait toggles follow the chosen questionnaire.
pub fn follow_questionnaire(form: &mut Form, catalog: &Catalog, lang: Lang) {
    let options = trait_options(catalog, &form.value("questionnaire"), lang);
    if let Some(field) = form.field_mut("traits") {
        field.kind = FieldKind::Toggles { on: vec![false; options.len()], options, cursor: 0 };
    }
}

/// The traits of `questionnaire` to tick, named in `lang` where it has them.
pub fn trait_options(catalog: &Catalog, questionnaire: &str, lang: Lang) -> Vec<(String, String)> {
    catalog
        .get(questionnaire)
        .map(|e| {
            e.questionnaire.traits.iter().map(|t| (t.id.clone(), t.name.shown(lang.code()).into_owned())).collect()
        })
        .unwrap_or_default()
}

/// Create the consultation; its key, to open it.
pub fn create(form: &Form, store: &mut Store, catalog: &Catalog, lang: Lang) -> Result<String, String> {
    let key: ConsultationKey = form
        .value("key")
        .parse()
        .map_err(|e: crate::domain::consultation::InvalidKey| crate::messages::error(lang, &e))?;
    let id = form.value("questionnaire");
    let questionnaire = catalog
        .get(&id)
        .map(|e| e.questionnaire.clone())
        .ok_or_else(|| crate::tr!(lang, "no-questionnaire", id = &id, ids = catalog.ids()))?;
    let mut new = NewConsultation {
        key,
        name: form.value("name"),
        team: form.value("team"),
        description: form.value("description"),
        traits: form.toggled("traits"),
    };
    new.validate(&questionnaire).map_err(|e| crate::messages::error(lang, &e))?;
    store.create_consultation(&new, &questionnaire).map_err(|e| crate::messages::error(lang, &e))?;
    Ok(new.key.as_str().to_string())
}
