//! The service's traits, changed after its consultation was opened (`T`): a toggle for each
//! trait the questionnaire declares, ticked as they stand, with every earlier change (who,
//! when, from what to what) under them.

use super::Built;
use crate::i18n::t;
use crate::storage::Store;
use crate::text::sanitize_line;
use crate::tr;
use crate::tui::outcome::{Outcome, Purpose};
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Field, FieldKind, Form};

pub fn form(view: &ConsultationView, store: &Store) -> Built {
    let ui = view.ui();
    let lang = view.language();
    let q = &view.questionnaire;
    if q.traits.is_empty() {
        return Err(Outcome::Status(t(ui, "traits-none-declared")));
    }
    let options: Vec<(String, String)> =
        q.traits.iter().map(|x| (x.id.clone(), x.name.shown(lang).into_owned())).collect();
    let on: Vec<bool> = options.iter().map(|(id, _)| view.consultation.traits.contains(id)).collect();
    let history = store.trait_history(&view.consultation).map_err(|e| Outcome::Error(e.to_string()))?;
    let names = |ids: &[String]| {
        let named: Vec<String> = ids
            .iter()
            .map(|id| q.traits.iter().find(|x| &x.id == id).map_or(id.clone(), |x| x.name.shown(lang).into_owned()))
            .map(|n| sanitize_line(&n).into_owned())
            .collect();
        if named.is_empty() { t(ui, "traits-none") } else { named.join(", ") }
    };
    let mut notes = vec![t(ui, "traits-note")];
    notes.extend(history.iter().map(|h| {
        tr!(
            ui,
            "traits-changed-line",
            when = view.zone.short_stored(&h.at),
            by = sanitize_line(&h.by),
            from = names(&h.from),
            to = names(&h.to)
        )
    }));
    let mut field = Field::toggles("traits", t(ui, "form-traits"), options.clone());
    field.kind = FieldKind::Toggles { options, on, cursor: 0 };
    let form = Form::new(tr!(ui, "traits-title", key = &view.consultation.key), vec![field]).with_notes(notes);
    Ok((form, Purpose::Traits))
}

pub fn submit(view: &mut ConsultationView, store: &mut Store, form: &Form) -> Result<String, String> {
    let before = view.consultation.traits.clone();
    let consultation = store.set_traits(&view.consultation, &form.toggled("traits")).map_err(|e| e.to_string())?;
    let ui = view.ui();
    let message = if consultation.traits == before {
        t(ui, "status-traits-unchanged")
    } else {
        tr!(ui, "status-traits-changed", key = &consultation.key)
    };
    // The questions that apply now are listed again, staying on the chosen one.
    view.reload(store).map_err(|e| e.to_string())?;
    Ok(message)
}
