//! The full consultation report as GitHub-flavoured Markdown: every stage with its sign-off,
//! responses and assessments, the risk matrix, and every item with a summary of its history.

use super::Record;
use super::markdown::{block, inline};
use crate::domain::{
    Assessment, ItemChange, ItemStatus, Meeting, MeetingField, Priority, ResponseChange, ResponseField, RiskResponse,
    RiskSource, SignOffRound, StageState,
};
use crate::i18n::Lang;
use crate::tr;

/// What changed on an item, in `lang`: `created`, `status: open → in progress`. Raw text:
/// callers clean or escape it for where it goes.
pub fn change_summary(lang: Lang, h: &ItemChange) -> String {
    use crate::i18n::{t, word};
    let value = |v: &Option<String>| {
        let v = v.as_deref().filter(|v| !v.is_empty()).unwrap_or("—");
        let named = match h.field.as_str() {
            "status" => v.parse::<ItemStatus>().ok().map(|w| word(lang, w)),
            "priority" => v.parse::<Priority>().ok().map(|w| word(lang, w)),
            "risk_source" => v.parse::<RiskSource>().ok().map(|w| word(lang, w)),
            "response" => v.parse::<RiskResponse>().ok().map(|w| word(lang, w)),
            _ => None,
        };
        named.unwrap_or_else(|| v.to_string())
    };
    match h.field.as_str() {
        "created" => t(lang, "item-change-created"),
        "note" => t(lang, "item-change-note"),
        "carried-over" => {
            let stage = h.stage_name.clone().unwrap_or_else(|| value(&h.new_value));
            tr!(lang, "item-change-carried-over", stage = stage)
        }
        field => {
            let id = format!("item-field-{field}");
            let name = if crate::i18n::has(lang, &id) { t(lang, &id) } else { field.to_string() };
            tr!(lang, "item-change", field = name, old = value(&h.old_value), new = value(&h.new_value))
        }
    }
}

/// ` (meeting 2)`, or nothing outside a meeting.
fn in_meeting(record: &Record, meeting: Option<i64>) -> String {
    meeting.map(|m| tr!(record.lang, "export-paren-meeting-n", n = m)).unwrap_or_default()
}

fn describe_change(record: &Record, h: &ItemChange) -> String {
    let what = inline(&change_summary(record.lang, h));
    let meeting = in_meeting(record, h.meeting);
    let note = if h.note.trim().is_empty() { String::new() } else { format!(": {}", inline(&h.note)) };
    let by = tr!(record.lang, "export-by", when = record.time(&h.changed_at), who = inline(&h.changed_by));
    format!("- {by}, {what}{meeting}{note}\n")
}

/// One change to a response: who, when, in which meeting, and what the field held before,
/// so that no text once saved is lost from the record.
fn describe_response_change(record: &Record, h: &ResponseChange) -> String {
    let lang = record.lang;
    let meeting = in_meeting(record, h.meeting_seq);
    let by = tr!(lang, "export-by", when = record.time(&h.changed_at), who = inline(&h.changed_by));
    let head = format!("- {by}{meeting}");
    let shown = |v: &str| if v.trim().is_empty() { "—".to_string() } else { inline(v) };
    let what = match h.field.parse::<ResponseField>() {
        Ok(field) if h.old_value.trim().is_empty() => tr!(lang, "report-field-written", field = record.word(field)),
        Ok(field) => tr!(lang, "report-field-changed", field = record.word(field), old = shown(&h.old_value)),
        Err(_) => {
            let word = |v: &str| v.parse::<Assessment>().map_or_else(|_| shown(v), |a| record.word(a));
            tr!(lang, "report-assessment-changed", old = word(&h.old_value), new = word(&h.new_value))
        }
    };
    format!("{head}: {what}\n")
}

/// One sign-off: who and when, the comment, each decision on an item, and the reopening
/// that ended it, if any.
fn sign_off_round(record: &Record, n: usize, round: &SignOffRound) -> String {
    let lang = record.lang;
    let s = &round.sign_off;
    let meeting = round.meeting.map(|m| tr!(lang, "export-in-meeting-n", n = m)).unwrap_or_default();
    let mut out = tr!(
        lang,
        "report-sign-off",
        n = n,
        when = record.time(&s.signed_at),
        who = inline(&s.signed_by),
        meeting = meeting,
        comment = inline(&s.comment)
    );
    out.push_str("\n\n");
    if !s.unanswered_required.is_empty() {
        let ids = inline(&s.unanswered_required.join(", "));
        out.push_str(&format!("{}\n\n", tr!(lang, "report-unanswered-required", ids = ids)));
    }
    out.push_str(&super::decision_list(record, &round.decisions));
    if let (Some(at), Some(reason)) = (&s.reopened_at, &s.reopen_reason) {
        let by = s.reopened_by.as_deref().unwrap_or("");
        let line = tr!(lang, "report-reopened", when = record.time(at), who = inline(by), reason = inline(reason));
        out.push_str(&format!("{line}\n\n"));
    }
    out
}

/// The whole consultation, for the record, in the record's language.
pub fn report(record: &Record) -> String {
    let c = &record.consultation;
    let q = &record.questionnaire;
    let lang = record.lang;
    let mut out = format!("# {}\n\n", tr!(lang, "report-title", key = &c.key, name = inline(&c.name)));
    if !c.team.is_empty() {
        out.push_str(&format!("- {}\n", tr!(lang, "report-team", team = inline(&c.team))));
    }
    if !c.description.is_empty() {
        out.push_str(&format!("- {}\n", tr!(lang, "report-service", service = inline(&c.description))));
    }
    let traits: Vec<String> = c
        .traits
        .iter()
        .map(|t| q.traits.iter().find(|x| &x.id == t).map_or(t.clone(), |x| record.text(&x.name).into_owned()))
        .collect();
    let traits = if traits.is_empty() { record.tr("export-none") } else { inline(&traits.join(", ")) };
    out.push_str(&format!("- {}\n", tr!(lang, "report-traits", traits = traits)));
    out.push_str(&format!(
        "- {}\n",
        tr!(
            lang,
            "report-questionnaire",
            id = inline(&q.id),
            version = inline(&q.version),
            title = inline(&record.text(&q.title))
        )
    ));
    let stage = inline(&record.stage_name(&c.current_stage));
    out.push_str(&format!("- {}\n", tr!(lang, "report-status", status = record.word(c.status), stage = stage)));
    let (assessed, total) = record.stages.iter().fold((0, 0), |(a, t), s| (a + s.assessed, t + s.questions));
    out.push_str(&format!("- {}\n", tr!(lang, "report-progress", assessed = assessed, total = total)));
    if let Some(level) = record.standing.level.as_deref().and_then(|l| q.level(l)) {
        let name = inline(&record.text(&level.name));
        let line = tr!(lang, "report-impact-level", id = inline(&level.id), name = name, score = record.standing.score);
        out.push_str(&format!("- {line}\n"));
    }
    let open = record.items.iter().filter(|i| i.status.is_active()).count();
    out.push_str(&format!("- {}\n", tr!(lang, "report-items", raised = record.items.len(), open = open)));

    out.push_str(&format!("\n## {}\n", record.tr("report-stages")));
    for (n, stage) in record.stages.iter().enumerate() {
        // The stage's name in the export's language, as the record's questionnaire gives it.
        let name = record.stage_name(&stage.stage);
        out.push_str(&format!(
            "\n### {}. {}: {} {}\n\n",
            n + 1,
            inline(&name),
            stage.state.symbol(),
            record.word(stage.state)
        ));
        let described = q.stage(&stage.stage).map(|s| record.text(&s.description)).unwrap_or_default();
        if !described.is_empty() {
            out.push_str(&format!("{}\n\n", block(&described)));
        }
        let progress = tr!(lang, "report-stage-progress", assessed = stage.assessed, total = stage.questions);
        out.push_str(&format!("{progress}\n\n"));
        let mut rounds = record.sign_offs_of(&stage.stage).peekable();
        if rounds.peek().is_none() && stage.state == StageState::NotStarted {
            out.push_str(&format!("{}\n\n", record.tr("report-not-started")));
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
            let mut table = record.table(&["col-id", "col-question", "col-principles", "col-assessment"]);
            for question in mine {
                let assessment = record.responses.get(&question.id).map(|r| r.assessment).unwrap_or_default();
                table.row(&[
                    question.id.clone(),
                    record.text(&question.prompt).into_owned(),
                    record.principle_names(&question.principles),
                    format!("{} {}", assessment.symbol(), record.word(assessment)),
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
                out.push_str(&format!("**{}:** {}\n\n", record.tr("export-answer"), inline(&chosen)));
            }
            for (label, text) in [("export-team-answer", &r.answer), ("export-consultant-notes", &r.notes)] {
                if !text.trim().is_empty() {
                    out.push_str(&format!("**{}:**\n\n{}\n\n", record.tr(label), block(text)));
                }
            }
            if !history.is_empty() {
                out.push_str(&format!("**{}:**\n\n", record.tr("report-history")));
                for change in history {
                    out.push_str(&describe_response_change(record, change));
                }
            }
        }
    }

    out.push_str(&super::impact::section(record));
    out.push_str(&format!("\n## {}\n\n{}\n\n", record.tr("report-risk-matrix"), record.tr("report-risk-matrix-intro")));
    let mut headings = vec![record.tr("col-likelihood")];
    headings.extend((1..=5).map(|n| tr!(lang, "col-impact-n", n = n)));
    let mut matrix = super::markdown::Table::new(&headings.iter().map(String::as_str).collect::<Vec<_>>());
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
    out.push_str(&format!("\n{}\n", tr!(lang, "report-unrated", n = unrated)));

    out.push_str(&format!("\n## {}\n\n", record.tr("report-items-heading")));
    if record.items.is_empty() {
        out.push_str(&format!("{}\n", record.tr("report-none-raised")));
    } else {
        let mut table = record.table(&[
            "col-key",
            "col-title",
            "col-owner",
            "col-due",
            "col-priority",
            "col-status",
            "col-stage",
            "col-risk",
        ]);
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
                record.word(i.priority),
                record.word(i.status),
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
                let names = inline(&record.principle_names(&i.principles));
                out.push_str(&format!("{}\n\n", tr!(lang, "export-principles-line", names = names)));
            }
            for h in record.histories.get(&i.id).map(Vec::as_slice).unwrap_or_default() {
                out.push_str(&describe_change(record, h));
            }
            if !i.resolution.trim().is_empty() {
                out.push_str(&format!("\n{}\n", tr!(lang, "report-resolution", text = inline(&i.resolution))));
            }
        }
    }

    out.push_str(&format!("\n## {}\n\n", record.tr("report-meetings")));
    if record.meetings.is_empty() {
        out.push_str(&format!("{}\n", record.tr("report-none-held")));
    } else {
        let mut table = record.table(&["col-meeting", "col-started", "col-ended", "col-stage", "col-attendees"]);
        for m in &record.meetings {
            table.row(&[
                m.seq.to_string(),
                record.time(&m.started_at),
                m.ended_at.as_deref().map(|at| record.time(at)).unwrap_or_else(|| record.tr("export-running")),
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
    let lang = record.lang;
    let stage = inline(&record.stage_name(&m.stage));
    let mut out = format!("\n### {}\n\n", tr!(lang, "report-meeting-heading", n = m.seq, stage = stage));
    let ended = m.ended_at.as_deref().map_or_else(|| record.tr("export-still-running"), |at| record.time(at));
    let range = record.time_range(&record.time(&m.started_at), &ended);
    out.push_str(&format!("- {}\n", tr!(lang, "report-held", range = range)));
    out.push_str(&super::minute_taker(record, m));
    let attendees = super::attendee_list(&m.attendees);
    let names = if attendees.is_empty() { record.tr("report-none-attendees") } else { inline(&attendees) };
    out.push_str(&format!("- {}\n", tr!(lang, "report-attendees", names = names)));
    for field in MeetingField::ALL {
        let text = m.text(*field);
        let body = if text.trim().is_empty() { record.tr("export-none-recorded") } else { block(text) };
        let heading = record.tr(&format!("report-meeting-field-{}", field.as_str()));
        out.push_str(&format!("\n#### {heading}\n\n{body}\n"));
    }
    out
}
