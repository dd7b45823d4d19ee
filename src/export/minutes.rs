//! Meeting minutes as GitHub-flavoured Markdown: what the rest of the company reads of a
//! consultation. Every piece of user text goes through [`markdown`] escaping.

use super::Record;
use super::markdown::{Table, block, inline};
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

/// The due date, marked when the item was overdue at the meeting: still open, and due
/// before the meeting's day.
fn due(item: &Item, meeting_day: &str) -> String {
    let date = item.due_date.clone().unwrap_or_default();
    if item.is_overdue(meeting_day) { format!("{date} (overdue)") } else { date }
}

/// Likelihood × impact, from which the priority follows when it was not set.
fn risk(item: &Item) -> String {
    match (item.likelihood, item.impact) {
        (Some(l), Some(i)) => format!("{l} × {i} = {}", l * i),
        _ => String::new(),
    }
}

/// The items raised in the meeting: a table, then each one's question and detail.
fn raised(record: &Record, meeting: &Meeting, meeting_day: &str) -> String {
    let items: Vec<&Item> = record.items.iter().filter(|i| i.meeting == Some(meeting.seq)).collect();
    let mut table = Table::new(&["Key", "Title", "Question", "Owner", "Due", "Priority", "Risk (L × I)"]);
    for item in &items {
        table.row(&[
            item.key.clone(),
            item.title.clone(),
            item.question_id.clone().unwrap_or_default(),
            item.owner.clone(),
            due(item, meeting_day),
            item.priority.label().to_string(),
            risk(item),
        ]);
    }
    let mut out = body_of(&table);
    for item in items {
        let question = item.question_id.as_deref().and_then(|id| record.questionnaire.question(id));
        if question.is_none() && item.detail.trim().is_empty() {
            continue;
        }
        out.push_str(&format!("\n**{}**", item.key));
        if let Some(q) = question {
            out.push_str(&format!(" on {}: {}", inline(&q.id), inline(&record.text(&q.prompt))));
        }
        out.push_str("\n\n");
        if !item.detail.trim().is_empty() {
            out.push_str(&format!("{}\n", block(&item.detail)));
        }
    }
    out
}

/// Open items of the consultation besides this meeting's: those from before it, and those
/// raised since outside any meeting (e.g. with `chec item add`), which no later minutes
/// list yet. As they stand now.
fn open_items(record: &Record, meeting: &Meeting, meeting_day: &str) -> String {
    let next_start = record.meetings.iter().find(|m| m.seq > meeting.seq).map(|m| m.started_at.as_str());
    let mut table = Table::new(&["Key", "Title", "Owner", "Due", "Priority", "Risk (L × I)", "Status", "Raised in"]);
    let listed = record.items.iter().filter(|i| {
        i.status.is_active()
            && i.meeting != Some(meeting.seq)
            && (i.created_at < meeting.started_at
                || (i.meeting.is_none() && next_start.is_none_or(|next| i.created_at.as_str() < next)))
    });
    for item in listed {
        table.row(&[
            item.key.clone(),
            item.title.clone(),
            item.owner.clone(),
            due(item, meeting_day),
            item.priority.label().to_string(),
            risk(item),
            item.status.label().to_string(),
            item.meeting.map_or_else(|| "outside a meeting".to_string(), |m| format!("meeting {m}")),
        ]);
    }
    body_of(&table)
}

/// The sign-off taken in the meeting, with its decisions on items; empty if none was.
fn sign_offs(record: &Record, meeting: &Meeting) -> String {
    let mut out = String::new();
    for round in record.sign_offs.iter().filter(|r| r.meeting == Some(meeting.seq)) {
        let s = &round.sign_off;
        out.push_str(&format!(
            "{} signed off {} by {}: {}\n\n",
            inline(&record.stage_name(&round.stage)),
            record.time(&s.signed_at),
            inline(&s.signed_by),
            inline(&s.comment)
        ));
        out.push_str(&super::decision_list(&round.decisions));
    }
    out
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
    let ended = meeting.ended_at.as_deref().map_or("(still running)".to_string(), |at| record.time(at));
    out.push_str(&format!("- **Date:** {} to {}\n", record.time(&meeting.started_at), ended));
    out.push_str(&super::minute_taker(meeting));
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
    let signed = sign_offs(record, meeting);
    if !signed.is_empty() {
        section(&mut out, "Sign-off", &signed);
    }
    let meeting_day = record.day(&meeting.started_at);
    section(&mut out, "Items raised in this meeting", &raised(record, meeting, &meeting_day));
    section(&mut out, "Open items", &open_items(record, meeting, &meeting_day));
    text_section(&mut out, "Next steps", &meeting.next_steps);
    out
}
