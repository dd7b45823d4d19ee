//! The full consultation report as GitHub-flavoured Markdown: every stage with its sign-off,
//! responses and assessments, the risk matrix, and every item with a summary of its history.

use super::Record;
use super::markdown::{Table, block, inline};
use crate::domain::{
    Assessment, ItemChange, Meeting, MeetingField, ResponseChange, ResponseField, SignOffRound, StageState,
};

fn describe_change(record: &Record, h: &ItemChange) -> String {
    let what = inline(&h.summary());
    let meeting = h.meeting.map(|m| format!(" (meeting {m})")).unwrap_or_default();
    let note = if h.note.trim().is_empty() { String::new() } else { format!(": {}", inline(&h.note)) };
    format!("- {} by {}, {what}{meeting}{note}\n", record.time(&h.changed_at), inline(&h.changed_by))
}

/// One change to a response: who, when, in which meeting, and what the field held before,
/// so that no text once saved is lost from the record.
fn describe_response_change(record: &Record, h: &ResponseChange) -> String {
    let meeting = h.meeting_seq.map(|m| format!(" (meeting {m})")).unwrap_or_default();
    let head = format!("- {} by {}{meeting}", record.time(&h.changed_at), inline(&h.changed_by));
    let shown = |v: &str| if v.trim().is_empty() { "—".to_string() } else { inline(v) };
    match h.field.parse::<ResponseField>() {
        Ok(field) if h.old_value.trim().is_empty() => format!("{head}: {} written\n", field.label()),
        Ok(field) => format!("{head}: {} changed; it was: {}\n", field.label(), shown(&h.old_value)),
        Err(_) => {
            let word = |v: &str| v.parse::<Assessment>().map_or_else(|_| shown(v), |a| a.label().to_string());
            format!("{head}: assessment {} → {}\n", word(&h.old_value), word(&h.new_value))
        }
    }
}

/// One sign-off: who and when, the comment, each decision on an item, and the reopening
/// that ended it, if any.
fn sign_off_round(record: &Record, n: usize, round: &SignOffRound) -> String {
    let s = &round.sign_off;
    let meeting = round.meeting.map(|m| format!(", in meeting {m}")).unwrap_or_default();
    let mut out = format!(
        "**Sign-off {n}:** {} by {}{meeting}: {}\n\n",
        record.time(&s.signed_at),
        inline(&s.signed_by),
        inline(&s.comment)
    );
    if !s.unanswered_required.is_empty() {
        out.push_str(&format!(
            "Signed off without answers to required questions: {}\n\n",
            inline(&s.unanswered_required.join(", "))
        ));
    }
    out.push_str(&super::decision_list(&round.decisions));
    if let (Some(at), Some(reason)) = (&s.reopened_at, &s.reopen_reason) {
        let by = s.reopened_by.as_deref().unwrap_or("");
        out.push_str(&format!("**Reopened:** {} by {}: {}\n\n", record.time(at), inline(by), inline(reason)));
    }
    out
}

/// The whole consultation, for the record.
pub fn report(record: &Record) -> String {
    let c = &record.consultation;
    let q = &record.questionnaire;
    let mut out = format!("# Consultation report: {} {}\n\n", c.key, inline(&c.name));
    if !c.team.is_empty() {
        out.push_str(&format!("- **Team:** {}\n", inline(&c.team)));
    }
    if !c.description.is_empty() {
        out.push_str(&format!("- **Service:** {}\n", inline(&c.description)));
    }
    let traits: Vec<String> = c
        .traits
        .iter()
        .map(|t| q.traits.iter().find(|x| &x.id == t).map_or(t.clone(), |x| record.text(&x.name).into_owned()))
        .collect();
    out.push_str(&format!(
        "- **Traits:** {}\n",
        if traits.is_empty() { "none".into() } else { inline(&traits.join(", ")) }
    ));
    out.push_str(&format!(
        "- **Questionnaire:** {} {} ({})\n",
        inline(&q.id),
        inline(&q.version),
        inline(&record.text(&q.title))
    ));
    out.push_str(&format!(
        "- **Status:** {}; current stage: {}\n",
        c.status.label(),
        inline(&record.stage_name(&c.current_stage))
    ));
    let (assessed, total) = record.stages.iter().fold((0, 0), |(a, t), s| (a + s.assessed, t + s.questions));
    out.push_str(&format!("- **Progress:** {assessed} of {total} questions assessed\n"));
    if let Some(level) = record.standing.level.as_deref().and_then(|l| q.level(l)) {
        let name = record.text(&level.name);
        out.push_str(&format!(
            "- **Impact level:** {} ({}), score {}\n",
            inline(&level.id),
            inline(&name),
            record.standing.score
        ));
    }
    let open = record.items.iter().filter(|i| i.status.is_active()).count();
    out.push_str(&format!("- **Items:** {} raised, {open} open\n", record.items.len()));

    out.push_str("\n## Stages\n");
    for (n, stage) in record.stages.iter().enumerate() {
        out.push_str(&format!(
            "\n### {}. {}: {} {}\n\n",
            n + 1,
            inline(&stage.name),
            stage.state.symbol(),
            stage.state.label()
        ));
        let described = q.stage(&stage.stage).map(|s| record.text(&s.description)).unwrap_or_default();
        if !described.is_empty() {
            out.push_str(&format!("{}\n\n", block(&described)));
        }
        out.push_str(&format!("{} of {} questions assessed.\n\n", stage.assessed, stage.questions));
        let mut rounds = record.sign_offs_of(&stage.stage).peekable();
        if rounds.peek().is_none() && stage.state == StageState::NotStarted {
            out.push_str("Not started.\n\n");
        }
        for (n, round) in rounds.enumerate() {
            out.push_str(&sign_off_round(record, n + 1, round));
        }
        let questions = record.standing.shown_in(q, &stage.stage);
        if questions.is_empty() {
            continue;
        }
        // A stage with sections: a table per section, after its title and introduction.
        let sections = q.stage(&stage.stage).map(|s| s.sections.as_slice()).unwrap_or_default();
        let groups = std::iter::once(None).chain(sections.iter().map(Some));
        let mut tables = 0;
        for section in groups {
            let mine: Vec<_> =
                questions.iter().filter(|x| x.section.as_deref() == section.map(|s| s.id.as_str())).collect();
            if mine.is_empty() {
                continue;
            }
            if tables > 0 {
                out.push('\n');
            }
            tables += 1;
            if let Some(section) = section {
                out.push_str(&format!("**{}.**", inline(&record.text(&section.title))));
                if !section.introduction.is_empty() {
                    out.push_str(&format!(" {}", inline(&record.text(&section.introduction))));
                }
                out.push_str("\n\n");
            }
            let mut table = Table::new(&["ID", "Question", "Principles", "Assessment"]);
            for question in mine {
                let assessment = record.responses.get(&question.id).map(|r| r.assessment).unwrap_or_default();
                table.row(&[
                    question.id.clone(),
                    record.text(&question.prompt).into_owned(),
                    record.principle_names(&question.principles),
                    format!("{} {}", assessment.symbol(), assessment.label()),
                ]);
            }
            out.push_str(&table.render());
        }
        for question in questions {
            let Some(r) = record.responses.get(&question.id) else { continue };
            let history = record.response_histories.get(&question.id).map_or(&[][..], Vec::as_slice);
            let chosen = question.answer_text(&r.value, record.language());
            if r.answer.trim().is_empty() && r.notes.trim().is_empty() && chosen.is_empty() && history.is_empty() {
                continue;
            }
            out.push_str(&format!("\n#### {}\n\n", inline(&question.id)));
            if !chosen.is_empty() {
                out.push_str(&format!("**Answer:** {}\n\n", inline(&chosen)));
            }
            for (label, text) in [("Team's answer", &r.answer), ("Consultant's notes", &r.notes)] {
                if !text.trim().is_empty() {
                    out.push_str(&format!("**{label}:**\n\n{}\n\n", block(text)));
                }
            }
            if !history.is_empty() {
                out.push_str("**History:**\n\n");
                for change in history {
                    out.push_str(&describe_response_change(record, change));
                }
            }
        }
    }

    out.push_str(&super::impact::section(record));
    out.push_str("\n## Risk matrix\n\nOpen items by likelihood (rows) and impact (columns).\n\n");
    let mut matrix = Table::new(&["Likelihood", "Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"]);
    let mut unrated = 0;
    let mut counts = [[0usize; 5]; 5];
    for item in record.items.iter().filter(|i| i.status.is_active()) {
        match (item.likelihood, item.impact) {
            (Some(l @ 1..=5), Some(i @ 1..=5)) => counts[usize::from(l) - 1][usize::from(i) - 1] += 1,
            _ => unrated += 1,
        }
    }
    for l in (1..=5).rev() {
        let mut row = vec![l.to_string()];
        row.extend(counts[l - 1].iter().map(|n| n.to_string()));
        matrix.row(&row);
    }
    out.push_str(&matrix.render());
    out.push_str(&format!("\nOpen items not rated: {unrated}.\n"));

    out.push_str("\n## Items\n\n");
    if record.items.is_empty() {
        out.push_str("_None raised._\n");
    } else {
        let mut table = Table::new(&["Key", "Title", "Owner", "Due", "Priority", "Status", "Stage", "Risk"]);
        for i in &record.items {
            let risk = match (i.likelihood, i.impact) {
                (Some(l), Some(m)) => format!("{l} × {m} = {}", l * m),
                _ => String::new(),
            };
            table.row(&[
                i.key.clone(),
                i.title.clone(),
                i.owner.clone(),
                i.due_date.clone().unwrap_or_default(),
                i.priority.label().to_string(),
                i.status.label().to_string(),
                record.stage_name(&i.stage),
                risk,
            ]);
        }
        out.push_str(&table.render());
        for i in &record.items {
            out.push_str(&format!("\n### {}: {}\n\n", i.key, inline(&i.title)));
            if !i.detail.trim().is_empty() {
                out.push_str(&format!("{}\n\n", block(&i.detail)));
            }
            if !i.principles.is_empty() {
                out.push_str(&format!("*Principles: {}*\n\n", inline(&record.principle_names(&i.principles))));
            }
            for h in record.histories.get(&i.id).map(Vec::as_slice).unwrap_or_default() {
                out.push_str(&describe_change(record, h));
            }
            if !i.resolution.trim().is_empty() {
                out.push_str(&format!("\n**Resolution:** {}\n", inline(&i.resolution)));
            }
        }
    }

    out.push_str("\n## Meetings\n\n");
    if record.meetings.is_empty() {
        out.push_str("_None held._\n");
    } else {
        let mut table = Table::new(&["Meeting", "Started", "Ended", "Stage", "Attendees"]);
        for m in &record.meetings {
            table.row(&[
                m.seq.to_string(),
                record.time(&m.started_at),
                m.ended_at.as_deref().map(|at| record.time(at)).unwrap_or_else(|| "running".into()),
                record.stage_name(&m.stage),
                super::attendee_list(&m.attendees),
            ]);
        }
        out.push_str(&table.render());
        for m in &record.meetings {
            out.push_str(&meeting(record, m));
        }
    }
    out
}

/// One meeting in full: when, who, and what it recorded.
fn meeting(record: &Record, m: &Meeting) -> String {
    let mut out = format!("\n### Meeting {}: {}\n\n", m.seq, inline(&record.stage_name(&m.stage)));
    let ended = m.ended_at.as_deref().map_or_else(|| "(still running)".to_string(), |at| record.time(at));
    out.push_str(&format!("- **Held:** {} to {ended}\n", record.time(&m.started_at)));
    out.push_str(&super::minute_taker(m));
    let attendees = super::attendee_list(&m.attendees);
    out.push_str(&format!(
        "- **Attendees:** {}\n",
        if attendees.is_empty() { "none recorded".to_string() } else { inline(&attendees) }
    ));
    for field in MeetingField::ALL {
        let text = m.text(*field);
        let body = if text.trim().is_empty() { "_None recorded._".to_string() } else { block(text) };
        out.push_str(&format!("\n#### {}\n\n{body}\n", capitalised(field.label())));
    }
    out
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
