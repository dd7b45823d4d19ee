//! The form to change an item: status, owner, due date, priority and a note.

use crate::domain::{Item, ItemStatus, Priority};
use crate::i18n::{Lang, word};
use crate::storage::{Store, StoreError};
use crate::text::sanitize_line;
use crate::tr;
use crate::tui::action::Action;
use crate::tui::keys::{self, Scope};
use crate::tui::outcome::Purpose;
use crate::tui::screens::consultation::ConsultationView;
use crate::tui::widgets::form::{Field, Form};

/// The form to change an item: status, owner, due date, priority and a note.
pub fn form(item: &Item, lang: Lang) -> (Form, Purpose) {
    let statuses = ItemStatus::ALL.iter().map(|s| (s.as_str().to_string(), word(lang, *s))).collect::<Vec<_>>();
    let status = ItemStatus::ALL.iter().position(|s| *s == item.status).unwrap_or(0);
    let priorities = Priority::ALL.iter().map(|p| (p.as_str().to_string(), word(lang, *p))).collect::<Vec<_>>();
    let priority = Priority::ALL.iter().position(|p| *p == item.priority).unwrap_or(1);
    let due = item.due_date.as_deref().unwrap_or("");
    let form = Form::new(
        format!("{} · {}", item.key, sanitize_line(&item.title)),
        vec![
            Field::choice("status", tr!(lang, "item-form-status"), statuses, status),
            Field::line("owner", tr!(lang, "item-form-owner"), &item.owner),
            Field::line("due", tr!(lang, "item-form-due"), due),
            Field::choice("priority", tr!(lang, "item-form-priority"), priorities, priority),
            Field::text("note", tr!(lang, "item-form-note"), "", 3),
        ],
    );
    (form, Purpose::EditItem { key: item.key.clone(), started_from: Box::new(item.clone()) })
}

/// Change an item from its form. Only fields changed in the form are sent, each only
/// over the value the form started from: if someone changed one meanwhile, nothing is
/// saved, the form says what is there now, and submitting again saves over it.
pub fn submit(
    key: &str,
    started_from: &mut Box<Item>,
    form: &Form,
    store: &mut Store,
    view: Option<&ConsultationView>,
    lang: Lang,
) -> Result<String, String> {
    let said = |e: StoreError| crate::messages::error(lang, &e);
    let item = store.item(key).map_err(said)?.ok_or_else(|| tr!(lang, "no-item", key = key))?;
    // Only what was changed in the form is sent, so a change made meanwhile elsewhere
    // (the CLI, another chec) to a field left alone here is kept.
    let changed = |name: &str| form.field_changed(name);
    let due = if changed("due") {
        match form.value("due") {
            d if d.is_empty() => Some(None),
            d => Some(Some(
                crate::domain::item::parse_due(&d)
                    .map_err(|e| tr!(lang, "form-due-error", error = crate::messages::error(lang, &e)))?,
            )),
        }
    } else {
        None
    };
    let note = form.value("note");
    let update = crate::domain::ItemUpdate {
        status: if changed("status") { form.value("status").parse().ok() } else { None },
        owner: changed("owner").then(|| form.value("owner")),
        due,
        priority: if changed("priority") { form.value("priority").parse().ok() } else { None },
        note: (!note.is_empty()).then_some(note),
        started_from: Some(started_from.clone()),
        ..Default::default()
    };
    if update.is_empty() {
        return Ok(tr!(lang, "item-form-unchanged", key = &item.key));
    }
    // Linked to the running meeting only if it is this item's consultation's.
    let meeting =
        view.filter(|v| v.consultation.key == item.consultation).and_then(|v| v.meeting.as_ref().map(|m| m.id.clone()));
    let updated = match store.update_item(key, &update, meeting.as_deref()) {
        Ok(updated) => updated,
        Err(e @ StoreError::ItemConflict { .. }) => {
            // Seen now: submitting again means "mine over theirs".
            **started_from = item;
            return Err(tr!(
                lang,
                "item-form-conflict",
                error = crate::messages::error(lang, &e),
                save = keys::key_for(Scope::FormTyping, &Action::Save),
                back = keys::key_for(Scope::FormTyping, &Action::Back)
            ));
        }
        Err(e) => return Err(said(e)),
    };
    Ok(format!("{}: {} · {}", updated.key, word(lang, updated.status), word(lang, updated.priority)))
}
