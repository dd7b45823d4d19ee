//! Meeting minutes as GitHub-flavoured Markdown: what the rest of the company reads of a
//! consultation. Every piece of user text goes through [`markdown`] escaping.

use super::markdown::{Table, block, inline};
use super::{Record, utc};
use crate::domain::{Item, Meeting};

const NONE: &str = "_None recorded._";

fn section(out: &mut String, title: &str, body: &str) {
    out.push_str(&format!("\n## {title}\n\n"));
    out.push_str(if body.trim().is_empty() { NONE } else { body.trim_end() });
    out.push('\n');
}

/// A table, or nothing when it has no rows (the section then says none was recorded).
fn body_of(table: &Table) -> String {
    if table.is_empty() { String::new() } else { table.render() }
}

fn text_section(out: &mut String, title: &str, text: &str) {
    section(out, title, &block(text));
}

fn item_row(item: &Item, with_status: bool) -> Vec<String> {
    let mut row = vec![
        item.key.clone(),
        item.title.clone(),
        item.owner.clone(),
        item.due_date.clone().unwrap_or_default(),
        item.priority.label().to_string(),
    ];
    if with_status {
        row.push(item.status.label().to_string());
        row.push(item.meeting.map(|m| format!("meeting {m}")).unwrap_or_default());
    }
    row
}

/// The minutes of `meeting`.
pub fn minutes(record: &Record, meeting: &Meeting) -> String {
    let c = &record.consultation;
    let q = &record.questionnaire;
    let mut out = format!("# Minutes: {} {}, meeting {}\n\n", c.key, inline(&c.name), meeting.seq);
    out.push_str(&format!("- **Service:** {} {}", c.key, inline(&c.name)));
    if !c.team.is_empty() {
        out.push_str(&format!(" ({})", inline(&c.team)));
    }
    out.push('\n');
    out.push_str(&format!("- **Stage:** {}\n", inline(&record.stage_name(&meeting.stage))));
    let ended = meeting.ended_at.as_deref().map_or("(still running)".to_string(), utc);
    out.push_str(&format!("- **Date:** {} to {}\n", utc(&meeting.started_at), ended));
    out.push_str(&format!("- **Questionnaire:** {} {}\n", inline(&q.id), inline(&q.version)));

    let mut attendees = Table::new(&["Name", "Role"]);
    for a in &meeting.attendees {
        attendees.row(&[a.name.as_str(), a.role.as_str()]);
    }
    section(&mut out, "Attendees", &body_of(&attendees));
    text_section(&mut out, "Agenda", &meeting.agenda);

    // Questions in questionnaire order, not the order they happened to be touched.
    let discussed = record.discussed.get(&meeting.seq).cloned().unwrap_or_default();
    let mut questions = String::new();
    // As it stood at the end of this meeting, so later meetings never rewrite these minutes.
    let end = meeting.ended_at.as_deref().unwrap_or("9999");
    for question in q.questions.iter().filter(|x| discussed.contains(&x.id)) {
        let response = record.response_at(&question.id, end);
        let response = response.as_ref();
        questions.push_str(&format!("### {}: {}\n\n", inline(&question.id), inline(&record.text(&question.prompt))));
        questions.push_str(&format!("*Principles: {}*\n\n", inline(&record.principle_names(&question.principles))));
        if let Some(r) = response {
            let chosen = question.answer_text(&r.value, record.language());
            if !chosen.is_empty() {
                questions.push_str(&format!("**Answer:** {}\n\n", inline(&chosen)));
            }
            questions.push_str(&format!("**Assessment:** {} {}\n\n", r.assessment.symbol(), r.assessment.label()));
            for (label, text) in [("Team's answer", &r.answer), ("Consultant's notes", &r.notes)] {
                if !text.trim().is_empty() {
                    questions.push_str(&format!("**{label}:**\n\n{}\n\n", block(text)));
                }
            }
        }
    }
    section(&mut out, "Questions discussed", &questions);
    text_section(&mut out, "Meeting notes", &meeting.notes);
    text_section(&mut out, "Decisions", &meeting.decisions);

    let mut raised = Table::new(&["Key", "Title", "Owner", "Due", "Priority"]);
    for item in record.items.iter().filter(|i| i.meeting == Some(meeting.seq)) {
        raised.row(&item_row(item, false));
    }
    section(&mut out, "Items raised in this meeting", &body_of(&raised));

    // Open items from before this meeting, as they stand now.
    let mut carried = Table::new(&["Key", "Title", "Owner", "Due", "Priority", "Status", "Raised in"]);
    for item in record.items.iter().filter(|i| i.status.is_active() && i.created_at < meeting.started_at) {
        carried.row(&item_row(item, true));
    }
    section(&mut out, "Open items carried over", &body_of(&carried));
    text_section(&mut out, "Next steps", &meeting.next_steps);
    out
}
