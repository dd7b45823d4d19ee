//! Where a consultation stands on its questionnaire: which questions are shown, the points
//! its answers score, the impact level they reach and what that level requires.
//!
//! Everything here is worked out from the questionnaire, the service's traits and the
//! recorded responses, the same way every time, so the TUI, the exports and the stored
//! `hidden` flags and level always agree. A question that is hidden (its condition does not
//! hold, or a trait leaves it out) counts nowhere: not in progress, not in scores, not as a
//! required question, and its answer satisfies no condition, even if it was answered before
//! the answer that hid it changed.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::answer::{Answer, AnswerKind};
use super::condition::{Condition, Test};
use super::localized::Text;
use super::questionnaire::{Question, Questionnaire};
use super::response::{Assessment, Response};

/// How answers score and what the scores mean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    /// Named groups of points (e.g. `risk`, `mitigation`).
    pub groups: Vec<ScoreGroup>,
    /// How much each group's total counts in the score (default 1 each; e.g. `mitigation`:
    /// -1 reduces the score).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub score: BTreeMap<String, i64>,
    /// From the lowest to the highest.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreGroup {
    pub id: String,
    pub name: Text,
}

/// An impact level: reached when the score is at least `min` (the first level has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default)]
    pub requires: Requirements,
}

/// What a level asks of the consultation; a level asks for its own and every lower level's
/// questions, stages and items, and is signed off by the highest level's `sign_off_by`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirements {
    /// Questions that must be answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    /// Stages whose every shown question must be answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    /// Improvement items to raise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Text>,
    /// Who must sign the stages off (a role).
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub sign_off_by: Text,
}

/// One answer's part in the score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub question_id: String,
    pub choice: String,
    pub group: String,
    pub points: i64,
}

/// Where a consultation stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// Per question, in questionnaire order: whether it is shown.
    pub shown: Vec<bool>,
    /// Points per group, from shown answers.
    pub totals: BTreeMap<String, i64>,
    /// The weighted sum of the totals.
    pub score: i64,
    /// The level reached (an id), if the questionnaire has levels.
    pub level: Option<String>,
    /// The answers that scored, in questionnaire order.
    pub reasons: Vec<Reason>,
}

/// What a question was answered with, for conditions: its stored value or answer text.
fn answered_with<'r>(question: &Question, response: Option<&'r Response>) -> Option<&'r str> {
    let r = response?;
    let text = if question.kind.is_structured() { r.value.as_str() } else { r.answer.as_str() };
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// Whether a question counts as answered for a required check: its answer is given, or the
/// consultant judged it not applicable.
pub fn is_answered(question: &Question, response: Option<&Response>) -> bool {
    if response.is_some_and(|r| r.assessment == Assessment::NotApplicable) {
        return true;
    }
    match question.kind {
        k if k.is_structured() => response.is_some_and(|r| question.answer(&r.value).is_some()),
        _ => answered_with(question, response).is_some(),
    }
}

/// What conditions are evaluated against.
struct Context<'a> {
    questionnaire: &'a Questionnaire,
    index: &'a HashMap<&'a str, usize>,
    traits: &'a [String],
    responses: &'a HashMap<String, Response>,
    shown: &'a [bool],
    level: Option<&'a str>,
}

impl Context<'_> {
    fn holds(&self, condition: &Condition) -> bool {
        match condition {
            Condition::Trait(t) => self.traits.contains(t),
            Condition::Level(l) => self.level == Some(l.as_str()),
            Condition::LevelAtLeast(l) => {
                let levels = self.questionnaire.scoring.as_ref().map(|s| s.levels.as_slice()).unwrap_or_default();
                let rank = |id: &str| levels.iter().position(|x| x.id == id);
                matches!((self.level.and_then(rank), rank(l)), (Some(now), Some(wanted)) if now >= wanted)
            }
            Condition::All(list) => list.iter().all(|c| self.holds(c)),
            Condition::Any(list) => list.iter().any(|c| self.holds(c)),
            Condition::Not(c) => !self.holds(c),
            Condition::Question { question, test } => {
                // Only an earlier question that is shown has an answer that counts.
                let answer = self
                    .index
                    .get(question.as_str())
                    .filter(|&&i| self.shown.get(i).copied().unwrap_or(false))
                    .map(|&i| &self.questionnaire.questions[i])
                    .and_then(|q| answered_with(q, self.responses.get(&q.id)).map(|text| (q, text)));
                test_answer(answer, test)
            }
        }
    }
}

fn test_answer(answer: Option<(&Question, &str)>, test: &Test) -> bool {
    let Some((question, text)) = answer else { return *test == Test::Answered(false) };
    let number = |s: &str| s.trim().parse::<f64>().ok();
    let value = question.answer(text);
    let matches = |wanted: &str| match &value {
        Some(Answer::Choice(id)) => id == wanted,
        Some(Answer::Choices(ids)) => ids.iter().any(|id| id == wanted),
        Some(Answer::Scale(p)) => number(wanted) == Some(*p as f64),
        Some(Answer::Number(n)) => number(wanted) == Some(*n),
        Some(Answer::Date(d)) => d.format("%Y-%m-%d").to_string() == wanted,
        None => text == wanted,
    };
    let numeric = match &value {
        Some(Answer::Scale(p)) => Some(*p as f64),
        Some(Answer::Number(n)) => Some(*n),
        _ => None,
    };
    match test {
        Test::Answered(b) => *b == (value.is_some() || !question.kind.is_structured()),
        Test::Equals(wanted) => matches(wanted),
        Test::In(list) => list.iter().any(|w| matches(w)),
        Test::AtLeast(n) => numeric.is_some_and(|v| v >= *n as f64),
        Test::AtMost(n) => numeric.is_some_and(|v| v <= *n as f64),
    }
}

impl Questionnaire {
    /// Where a consultation with these traits and responses stands.
    pub fn standing(&self, traits: &[String], responses: &HashMap<String, Response>) -> Standing {
        let index: HashMap<&str, usize> = self.questions.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
        // Points never depend on the level (validation refuses questions shown by the level
        // that carry points), so the level is found from what is shown without it, and then
        // what the level shows is added.
        let first = self.shown(&index, traits, responses, None);
        let (totals, score, reasons) = self.score(&first, responses);
        let level = self.level_for(score).map(|l| l.id.clone());
        let shown = self.shown(&index, traits, responses, level.as_deref());
        Standing { shown, totals, score, level, reasons }
    }

    fn shown(
        &self,
        index: &HashMap<&str, usize>,
        traits: &[String],
        responses: &HashMap<String, Response>,
        level: Option<&str>,
    ) -> Vec<bool> {
        let mut shown = vec![false; self.questions.len()];
        for (i, question) in self.questions.iter().enumerate() {
            let context = Context { questionnaire: self, index, traits, responses, shown: &shown[..i], level };
            let section = question.section.as_deref().and_then(|s| self.section(s));
            shown[i] = question.applies_to(traits)
                && section.and_then(|s| s.show_if.as_ref()).is_none_or(|c| context.holds(c))
                && question.show_if.as_ref().is_none_or(|c| context.holds(c));
        }
        shown
    }

    fn score(
        &self,
        shown: &[bool],
        responses: &HashMap<String, Response>,
    ) -> (BTreeMap<String, i64>, i64, Vec<Reason>) {
        let Some(scoring) = &self.scoring else { return (BTreeMap::new(), 0, Vec::new()) };
        let mut totals: BTreeMap<String, i64> = scoring.groups.iter().map(|g| (g.id.clone(), 0)).collect();
        let mut reasons = Vec::new();
        for (question, _) in self.questions.iter().zip(shown).filter(|(_, s)| **s) {
            if !matches!(question.kind, AnswerKind::Choice | AnswerKind::Choices) {
                continue;
            }
            let chosen = match responses.get(&question.id).and_then(|r| question.answer(&r.value)) {
                Some(Answer::Choice(id)) => vec![id],
                Some(Answer::Choices(ids)) => ids,
                _ => continue,
            };
            for id in chosen {
                let Some(choice) = question.choice(&id) else { continue };
                for (group, points) in &choice.points {
                    *totals.entry(group.clone()).or_default() += points;
                    if *points != 0 {
                        reasons.push(Reason {
                            question_id: question.id.clone(),
                            choice: id.clone(),
                            group: group.clone(),
                            points: *points,
                        });
                    }
                }
            }
        }
        let score = totals.iter().map(|(g, t)| t * scoring.score.get(g).copied().unwrap_or(1)).sum();
        (totals, score, reasons)
    }

    /// The level a score reaches: the highest whose `min` it meets, else the first.
    pub fn level_for(&self, score: i64) -> Option<&Level> {
        let levels = &self.scoring.as_ref()?.levels;
        levels.iter().rev().find(|l| l.min.is_none_or(|m| score >= m)).or(levels.first())
    }

    pub fn level(&self, id: &str) -> Option<&Level> {
        self.scoring.as_ref()?.levels.iter().find(|l| l.id == id)
    }

    /// What the level `id` requires, with every lower level's requirements.
    pub fn requirements(&self, id: Option<&str>) -> Vec<&Level> {
        let Some(scoring) = &self.scoring else { return Vec::new() };
        let Some(upto) = id.and_then(|id| scoring.levels.iter().position(|l| l.id == id)) else { return Vec::new() };
        scoring.levels[..=upto].iter().collect()
    }

    /// The level whose `sign_off_by` applies: the highest one up to the standing's that
    /// names who signs off.
    pub fn sign_off_level(&self, standing: &Standing) -> Option<&Level> {
        self.requirements(standing.level.as_deref()).into_iter().rev().find(|l| !l.requires.sign_off_by.is_empty())
    }

    /// The shown questions that must be answered: marked `required`, named by the level
    /// or in a stage the level names; in questionnaire order.
    pub fn required<'a>(&'a self, standing: &Standing) -> Vec<&'a Question> {
        let levels = self.requirements(standing.level.as_deref());
        self.questions
            .iter()
            .zip(&standing.shown)
            .filter(|(q, shown)| {
                **shown
                    && (q.required
                        || levels
                            .iter()
                            .any(|l| l.requires.questions.contains(&q.id) || l.requires.stages.contains(&q.stage)))
            })
            .map(|(q, _)| q)
            .collect()
    }

    /// The required questions of `stage` that are not answered.
    pub fn unanswered_required(
        &self,
        standing: &Standing,
        responses: &HashMap<String, Response>,
        stage: &str,
    ) -> Vec<String> {
        self.required(standing)
            .into_iter()
            .filter(|q| q.stage == stage && !is_answered(q, responses.get(&q.id)))
            .map(|q| q.id.clone())
            .collect()
    }

    /// Whether any question can be required: marked so, or named by a level.
    pub fn can_require(&self) -> bool {
        self.questions.iter().any(|q| q.required)
            || self
                .scoring
                .iter()
                .flat_map(|s| &s.levels)
                .any(|l| !l.requires.questions.is_empty() || !l.requires.stages.is_empty())
    }

    /// Whether anything about this questionnaire depends on answers: conditions or scores.
    /// Without either, what is shown depends on traits alone and nothing needs recomputing
    /// when an answer changes.
    pub fn has_logic(&self) -> bool {
        self.scoring.is_some()
            || self.questions.iter().any(|q| q.show_if.is_some())
            || self.stages.iter().flat_map(|s| &s.sections).any(|s| s.show_if.is_some())
    }
}

impl Standing {
    pub fn is_shown(&self, questionnaire: &Questionnaire, question_id: &str) -> bool {
        questionnaire.questions.iter().position(|q| q.id == question_id).is_some_and(|i| self.shown[i])
    }

    /// The shown questions of a stage, in questionnaire order.
    pub fn shown_in<'a>(&self, questionnaire: &'a Questionnaire, stage: &str) -> Vec<&'a Question> {
        questionnaire
            .questions
            .iter()
            .zip(&self.shown)
            .filter(|(q, s)| **s && q.stage == stage)
            .map(|(q, _)| q)
            .collect()
    }

    /// The ids of the shown questions.
    pub fn shown_ids<'a>(&self, questionnaire: &'a Questionnaire) -> Vec<&'a str> {
        questionnaire.questions.iter().zip(&self.shown).filter(|(_, s)| **s).map(|(q, _)| q.id.as_str()).collect()
    }
}

/// A level and why: for the screens and the exports, in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Explained {
    pub level: Option<String>,
    pub level_name: String,
    pub level_description: String,
    pub score: i64,
    /// (group id, group name, total, weight)
    pub totals: Vec<(String, String, i64, i64)>,
    /// (question id, choice label, group name, points)
    pub reasons: Vec<(String, String, String, i64)>,
    /// What the level (and the ones below) requires.
    pub required_questions: Vec<String>,
    pub required_stages: Vec<String>,
    pub items_to_raise: Vec<String>,
    pub sign_off_by: Vec<String>,
    /// Required questions (for any reason) that are shown and not answered.
    pub unanswered: Vec<String>,
}

impl Questionnaire {
    /// The standing's level and what led to it, in `language`; `None` without scoring.
    pub fn explain(
        &self,
        standing: &Standing,
        responses: &HashMap<String, Response>,
        language: &str,
    ) -> Option<Explained> {
        let scoring = self.scoring.as_ref()?;
        let group_name = |id: &str| {
            scoring.groups.iter().find(|g| g.id == id).map_or(id.to_string(), |g| g.name.shown(language).into_owned())
        };
        let level = standing.level.as_deref().and_then(|id| self.level(id));
        let levels = self.requirements(standing.level.as_deref());
        let mut explained = Explained {
            level: standing.level.clone(),
            level_name: level.map(|l| l.name.shown(language).into_owned()).unwrap_or_default(),
            level_description: level.map(|l| l.description.shown(language).into_owned()).unwrap_or_default(),
            score: standing.score,
            totals: scoring
                .groups
                .iter()
                .map(|g| {
                    let total = standing.totals.get(&g.id).copied().unwrap_or(0);
                    (
                        g.id.clone(),
                        g.name.shown(language).into_owned(),
                        total,
                        scoring.score.get(&g.id).copied().unwrap_or(1),
                    )
                })
                .collect(),
            reasons: standing
                .reasons
                .iter()
                .map(|r| {
                    let label = self
                        .question(&r.question_id)
                        .and_then(|q| q.choice(&r.choice))
                        .map_or(r.choice.clone(), |c| c.label.shown(language).into_owned());
                    (r.question_id.clone(), label, group_name(&r.group), r.points)
                })
                .collect(),
            unanswered: self
                .required(standing)
                .into_iter()
                .filter(|q| !is_answered(q, responses.get(&q.id)))
                .map(|q| q.id.clone())
                .collect(),
            ..Explained::default()
        };
        for l in levels {
            explained.required_questions.extend(l.requires.questions.iter().cloned());
            explained.required_stages.extend(l.requires.stages.iter().cloned());
            explained.items_to_raise.extend(l.requires.items.iter().map(|t| t.shown(language).into_owned()));
        }
        // Who signs off: the highest level that says.
        if let Some(l) = self.sign_off_level(standing) {
            explained.sign_off_by.push(l.requires.sign_off_by.shown(language).into_owned());
        }
        explained.required_questions.dedup();
        explained.required_stages.dedup();
        Some(explained)
    }
}
