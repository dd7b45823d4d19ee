//! The consultation's impact level in the report: the level, the score and the answers
//! behind it, what the level requires, and every change of it.

use super::Record;
use super::markdown::{block, inline};
use crate::tr;

/// The "Impact level" section; empty for a questionnaire without scoring.
pub fn section(record: &Record) -> String {
    let q = &record.questionnaire;
    let Some(e) = q.explain(&record.standing, &record.responses, record.language()) else { return String::new() };
    let lang = record.lang;
    let mut out = format!("\n## {}\n\n", record.tr("impact-heading"));
    let none = record.tr("export-none");
    let level = e.level.as_deref().unwrap_or(&none);
    let weights: Vec<String> = e
        .totals
        .iter()
        .map(
            |(_, name, total, weight)| {
                if *weight == 1 { format!("{name} {total}") } else { format!("{name} {total} × {weight}") }
            },
        )
        .collect();
    let summary = tr!(
        lang,
        "impact-summary",
        name = inline(&e.level_name),
        level = inline(level),
        score = e.score,
        weights = inline(&weights.join(" + "))
    );
    out.push_str(&format!("{summary}\n\n"));
    if !e.level_description.is_empty() {
        out.push_str(&format!("{}\n\n", block(&e.level_description)));
    }
    if e.reasons.is_empty() {
        out.push_str(&format!("{}\n\n", record.tr("impact-no-score")));
    } else {
        let mut table = record.table(&["col-question", "col-answer", "col-group", "col-points"]);
        for (question, answer, group, points) in &e.reasons {
            table.row(&[question.clone(), answer.clone(), group.clone(), format!("{points:+}")]);
        }
        out.push_str(&table.render());
        out.push('\n');
    }
    let mut requires = Vec::new();
    if !e.required_questions.is_empty() {
        requires.push(tr!(lang, "impact-questions-to-answer", ids = inline(&e.required_questions.join(", "))));
    }
    if !e.required_stages.is_empty() {
        let names: Vec<String> = e.required_stages.iter().map(|s| record.stage_name(s)).collect();
        requires.push(tr!(lang, "impact-every-question-of", stages = inline(&names.join(", "))));
    }
    for item in &e.items_to_raise {
        requires.push(tr!(lang, "impact-item-to-raise", item = inline(item)));
    }
    for role in &e.sign_off_by {
        requires.push(tr!(lang, "impact-sign-off-by", role = inline(role)));
    }
    if !requires.is_empty() {
        out.push_str(&format!("{}\n\n", record.tr("impact-requires")));
        for r in requires {
            out.push_str(&format!("- {r}\n"));
        }
        out.push('\n');
    }
    if !e.unanswered.is_empty() {
        let ids = inline(&e.unanswered.join(", "));
        out.push_str(&format!("{}\n\n", tr!(lang, "impact-unanswered", ids = ids)));
    }
    if !record.level_history.is_empty() {
        let mut table = record.table(&["col-when", "col-from", "col-to", "col-score", "col-by", "col-meeting"]);
        for h in &record.level_history {
            table.row(&[
                record.time(&h.changed_at),
                h.old_level.clone().unwrap_or_else(|| "—".into()),
                h.new_level.clone().unwrap_or_else(|| "—".into()),
                h.score.to_string(),
                h.changed_by.clone(),
                h.meeting_seq.map(|m| tr!(lang, "export-meeting-n", n = m)).unwrap_or_default(),
            ]);
        }
        out.push_str(&format!("{}\n\n", record.tr("impact-history")));
        out.push_str(&table.render());
    }
    out
}
