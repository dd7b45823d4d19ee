//! Meeting minutes as GitHub-flavoured Markdown: what the rest of the company reads of a
//! consultation. Every piece of user text goes through [`markdown`] escaping.

use super::Record;
use super::markdown::{Table, block, inline};
use crate::domain::{Item, Meeting};
use crate::tr;

fn section(record: &Record, out: &mut String, title: &str, body: &str) {
    out.push_str(&format!("\n## {}\n\n", record.tr(title)));
    if body.trim().is_empty() {
        out.push_str(&record.tr("export-none-recorded"));
    } else {
        out.push_str(body.trim_end());
    }
    out.push('\n');
}

/// A table, or nothing when it has no rows (the section then says none was recorded).
fn body_of(table: &Table) -> String {
    if table.is_empty() { String::new() } else { table.render() }
}

fn text_section(record: &Record, out: &mut String, title: &str, text: &str) {
    section(record, out, title, &block(text));
}

/// The due date, marked when the item was overdue at the meeting: still open, and due
/// before the meeting's day.
fn due(record: &Record, item: &Item, meeting_day: &str) -> String {
    let date = item.due_date.clone().unwrap_or_default();
    if item.is_overdue(meeting_day) { tr!(record.lang, "export-overdue", date = date) } else { date }
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
    let mut table =
        record.table(&["col-key", "col-title", "col-question", "col-owner", "col-due", "col-priority", "col-risk-l-i"]);
    for item in &items {
        table.row(&[
            item.key.clone(),
            item.title.clone(),
            item.question_id.clone().unwrap_or_default(),
            item.owner.clone(),
            due(record, item, meeting_day),
            record.word(item.priority),
            risk(item),
        ]);
    }
    let mut out = body_of(&table);
    for item in items {
        let question = item.question_id.as_deref().and_then(|id| record.questionnaire.question(id));
        if question.is_none() && item.detail.trim().is_empty() {
            continue;
        }
        out.push('\n');
        match question {
            Some(q) => out.push_str(&tr!(
                record.lang,
                "minutes-item-on-question",
                key = &item.key,
                id = inline(&q.id),
                prompt = inline(&record.text(&q.prompt))
            )),
            None => out.push_str(&format!("**{}**", item.key)),
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
    let mut table = record.table(&[
        "col-key",
        "col-title",
        "col-owner",
        "col-due",
        "col-priority",
        "col-risk-l-i",
        "col-status",
        "col-raised-in",
    ]);
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
            due(record, item, meeting_day),
            record.word(item.priority),
            risk(item),
            record.word(item.status),
            item.meeting
                .map_or_else(|| record.tr("export-outside-meeting"), |m| tr!(record.lang, "export-meeting-n", n = m)),
        ]);
    }
    body_of(&table)
}

/// The sign-off taken in the meeting, with its decisions on items; empty if none was.
fn sign_offs(record: &Record, meeting: &Meeting) -> String {
    let mut out = String::new();
    for round in record.sign_offs.iter().filter(|r| r.meeting == Some(meeting.seq)) {
        let s = &round.sign_off;
        out.push_str(&tr!(
            record.lang,
            "minutes-signed-off",
            stage = inline(&record.stage_name(&round.stage)),
            when = record.time(&s.signed_at),
            who = inline(&s.signed_by),
            comment = inline(&s.comment)
        ));
        out.push_str("\n\n");
        out.push_str(&super::decision_list(record, &round.decisions));
    }
    out
}

/// The minutes of `meeting`, in the record's language.
pub fn minutes(record: &Record, meeting: &Meeting) -> String {
    let c = &record.consultation;
    let q = &record.questionnaire;
    let lang = record.lang;
    let name = inline(&c.name);
    let mut out = format!("# {}\n\n", tr!(lang, "minutes-title", key = &c.key, name = &name, seq = meeting.seq));
    let mut service = format!("{} {name}", c.key);
    if !c.team.is_empty() {
        service.push_str(&format!(" ({})", inline(&c.team)));
    }
    out.push_str(&format!("- {}\n", tr!(lang, "minutes-service", service = service)));
    let stage = inline(&record.stage_name(&meeting.stage));
    out.push_str(&format!("- {}\n", tr!(lang, "minutes-stage", stage = stage)));
    let ended = meeting.ended_at.as_deref().map_or_else(|| record.tr("export-still-running"), |at| record.time(at));
    let range = record.time_range(&record.time(&meeting.started_at), &ended);
    out.push_str(&format!("- {}\n", tr!(lang, "minutes-date", range = range)));
    out.push_str(&super::minute_taker(record, meeting));
    let (id, version) = (inline(&q.id), inline(&q.version));
    out.push_str(&format!("- {}\n", tr!(lang, "minutes-questionnaire", id = id, version = version)));

    let mut attendees = record.table(&["col-name", "col-role"]);
    for a in &meeting.attendees {
        attendees.row(&[a.name.as_str(), a.role.as_str()]);
    }
    section(record, &mut out, "minutes-attendees", &body_of(&attendees));
    text_section(record, &mut out, "minutes-agenda", &meeting.agenda);

    // Questions in questionnaire order, not the order they happened to be touched.
    let discussed = record.discussed.get(&meeting.seq).cloned().unwrap_or_default();
    let mut questions = String::new();
    // As it stood at the end of this meeting, so later meetings never rewrite these minutes.
    let end = meeting.ended_at.as_deref().unwrap_or("9999");
    for question in q.questions.iter().filter(|x| discussed.contains(&x.id)) {
        let response = record.response_at(&question.id, end);
        let response = response.as_ref();
        questions.push_str(&format!("### {}: {}\n\n", inline(&question.id), inline(&record.text(&question.prompt))));
        let names = inline(&record.principle_names(&question.principles));
        questions.push_str(&format!("{}\n\n", tr!(lang, "export-principles-line", names = names)));
        if let Some(r) = response {
            let chosen = question.answer_text(&r.value, record.language());
            if !chosen.is_empty() {
                questions.push_str(&format!("**{}:** {}\n\n", record.tr("export-answer"), inline(&chosen)));
            }
            let assessment = format!("{} {}", r.assessment.symbol(), record.word(r.assessment));
            questions.push_str(&format!("**{}:** {assessment}\n\n", record.tr("export-assessment")));
            for (label, text) in [("export-team-answer", &r.answer), ("export-consultant-notes", &r.notes)] {
                if !text.trim().is_empty() {
                    questions.push_str(&format!("**{}:**\n\n{}\n\n", record.tr(label), block(text)));
                }
            }
        }
    }
    section(record, &mut out, "minutes-questions", &questions);
    text_section(record, &mut out, "minutes-notes", &meeting.notes);
    text_section(record, &mut out, "minutes-decisions", &meeting.decisions);
    let signed = sign_offs(record, meeting);
    if !signed.is_empty() {
        section(record, &mut out, "minutes-sign-off", &signed);
    }
    let meeting_day = record.day(&meeting.started_at);
    section(record, &mut out, "minutes-items-raised", &raised(record, meeting, &meeting_day));
    section(record, &mut out, "minutes-open-items", &open_items(record, meeting, &meeting_day));
    text_section(record, &mut out, "minutes-next-steps", &meeting.next_steps);
    out
}
