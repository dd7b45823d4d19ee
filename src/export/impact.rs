//! The consultation's impact level in the report: the level, the score and the answers
//! behind it, what the level requires, and every change of it.

use super::Record;
use super::markdown::{Table, block, inline};

/// The "Impact level" section; empty for a questionnaire without scoring.
pub fn section(record: &Record) -> String {
    let q = &record.questionnaire;
    let Some(e) = q.explain(&record.standing, &record.responses, record.language()) else { return String::new() };
    let mut out = String::from("\n## Impact level\n\n");
    let level = e.level.as_deref().unwrap_or("none");
    let weights: Vec<String> = e
        .totals
        .iter()
        .map(
            |(_, name, total, weight)| {
                if *weight == 1 { format!("{name} {total}") } else { format!("{name} {total} × {weight}") }
            },
        )
        .collect();
    out.push_str(&format!(
        "**{}** (level {}), score {} ({}).\n\n",
        inline(&e.level_name),
        inline(level),
        e.score,
        inline(&weights.join(" + "))
    ));
    if !e.level_description.is_empty() {
        out.push_str(&format!("{}\n\n", block(&e.level_description)));
    }
    if e.reasons.is_empty() {
        out.push_str("No answer has scored yet.\n\n");
    } else {
        let mut table = Table::new(&["Question", "Answer", "Group", "Points"]);
        for (question, answer, group, points) in &e.reasons {
            table.row(&[question.clone(), answer.clone(), group.clone(), format!("{points:+}")]);
        }
        out.push_str(&table.render());
        out.push('\n');
    }
    let mut requires = Vec::new();
    if !e.required_questions.is_empty() {
        requires.push(format!("Questions to answer: {}", inline(&e.required_questions.join(", "))));
    }
    if !e.required_stages.is_empty() {
        let names: Vec<String> = e.required_stages.iter().map(|s| record.stage_name(s)).collect();
        requires.push(format!("Every question of: {}", inline(&names.join(", "))));
    }
    for item in &e.items_to_raise {
        requires.push(format!("Item to raise: {}", inline(item)));
    }
    for role in &e.sign_off_by {
        requires.push(format!("Sign-off by: {}", inline(role)));
    }
    if !requires.is_empty() {
        out.push_str("What this level requires (with the levels below it):\n\n");
        for r in requires {
            out.push_str(&format!("- {r}\n"));
        }
        out.push('\n');
    }
    if !e.unanswered.is_empty() {
        out.push_str(&format!("Required and not yet answered: {}\n\n", inline(&e.unanswered.join(", "))));
    }
    if !record.level_history.is_empty() {
        let mut table = Table::new(&["When", "From", "To", "Score", "By", "Meeting"]);
        for h in &record.level_history {
            table.row(&[
                record.time(&h.changed_at),
                h.old_level.clone().unwrap_or_else(|| "—".into()),
                h.new_level.clone().unwrap_or_else(|| "—".into()),
                h.score.to_string(),
                h.changed_by.clone(),
                h.meeting_seq.map(|m| format!("meeting {m}")).unwrap_or_default(),
            ]);
        }
        out.push_str("Level history:\n\n");
        out.push_str(&table.render());
    }
    out
}
