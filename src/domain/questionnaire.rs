//! Questionnaires: principles, stages and the questions asked at each stage.
//!
//! A questionnaire is data, not code. The validated form lives here; parsing files and
//! reporting their errors is the job of [`crate::catalog`].

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

pub use super::answer::{AnswerKind, Choice, NumberRange, Scale};
pub use super::condition::Condition;
pub use super::localized::Text;
pub use super::scoring::Scoring;

/// The format chec writes questionnaires in (`chec questionnaire show --format json`).
pub const FORMAT: u32 = 2;

/// The language of a questionnaire that declares none (every format 1 file).
pub const DEFAULT_LANGUAGE: &str = "en";

/// A validated questionnaire. Every question's stage, principles and traits exist and ids
/// are unique (see [`crate::catalog::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Always [`FORMAT`] once loaded; snapshots stored before format 2 have none.
    #[serde(default = "format_one")]
    pub format: u32,
    pub id: String,
    pub version: String,
    /// The languages its text is given in, the first one first; never empty once loaded.
    #[serde(default)]
    pub languages: Vec<String>,
    pub title: Text,
    #[serde(default)]
    pub description: Text,
    #[serde(default)]
    pub traits: Vec<Trait>,
    /// May be empty: a checklist need not name principles.
    #[serde(default)]
    pub principles: Vec<Principle>,
    pub stages: Vec<Stage>,
    pub questions: Vec<Question>,
    /// How choices score and which impact level the score reaches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring: Option<Scoring>,
}

/// A property of a service that makes some questions apply to it (e.g. uses personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trait {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
}

/// An ethical principle that questions serve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principle {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
}

/// A step in a service's lifecycle, from the first plan to after launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub name: Text,
    #[serde(default)]
    pub description: Text,
    /// Groups of the stage's questions, in order, each with an introduction.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// A part of a stage: a title and an introduction read before its questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub introduction: Text,
    /// Shown only when this holds (its questions are hidden otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

/// Where a question sits (its id and its stage), for creating its response row on first
/// change and for naming it in drafts; borrowed, so it is cheap to pass around.
#[derive(Debug, Clone, Copy)]
pub struct QuestionRef<'a> {
    pub id: &'a str,
    pub stage: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub stage: String,
    /// The section of its stage it belongs to, if the stage has sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// A short title for lists; the prompt stands in when there is none.
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub title: Text,
    /// How it is answered; a dialogue unless the file says otherwise.
    #[serde(default, skip_serializing_if = "is_dialogue")]
    pub kind: AnswerKind,
    /// The principles it serves; may be empty.
    #[serde(default)]
    pub principles: Vec<String>,
    pub prompt: Text,
    #[serde(default)]
    pub guidance: Guidance,
    /// The question applies only to services with at least one of these traits; empty means
    /// it applies to every service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traits: Vec<String>,
    /// The options of a `choice` or `choices` question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<NumberRange>,
    /// Signing its stage off without an answer asks first, and is recorded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Shown only when this holds; it reads earlier questions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
}

fn is_dialogue(kind: &AnswerKind) -> bool {
    *kind == AnswerKind::Dialogue
}

/// Help for the consultant: why the question matters and what a good answer looks like.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    #[serde(default)]
    pub why: Text,
    #[serde(default)]
    pub good_answer: Text,
}

impl Question {
    /// Whether the question is asked of a service with these traits.
    pub fn applies_to(&self, service_traits: &[String]) -> bool {
        self.traits.is_empty() || self.traits.iter().any(|t| service_traits.contains(t))
    }
}

fn format_one() -> u32 {
    1
}

impl Questionnaire {
    /// A questionnaire stored as JSON in a consultation's snapshot, of either format: a
    /// format 1 snapshot's plain strings are in its only language, English.
    pub fn from_snapshot(body: &str) -> Result<Questionnaire, serde_json::Error> {
        let mut q: Questionnaire = serde_json::from_str(body)?;
        q.settle_languages();
        Ok(q)
    }

    /// Give a questionnaire read from JSON its languages: the default one if it declares
    /// none, and the first one to text that was read without one.
    pub fn settle_languages(&mut self) {
        if self.languages.is_empty() {
            self.languages.push(DEFAULT_LANGUAGE.to_string());
        }
        self.format = FORMAT;
        let first = self.languages[0].clone();
        for text in self.texts_mut() {
            text.resolve(&first);
        }
    }

    /// Every text of the questionnaire, for work on all of them.
    fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut out = vec![&mut self.title, &mut self.description];
        for t in &mut self.traits {
            out.extend([&mut t.name, &mut t.description]);
        }
        for p in &mut self.principles {
            out.extend([&mut p.name, &mut p.description]);
        }
        for s in &mut self.stages {
            out.extend([&mut s.name, &mut s.description]);
            for section in &mut s.sections {
                out.extend([&mut section.title, &mut section.introduction]);
            }
        }
        for q in &mut self.questions {
            out.extend([&mut q.title, &mut q.prompt, &mut q.guidance.why, &mut q.guidance.good_answer]);
            out.extend(q.choices.iter_mut().map(|c| &mut c.label));
            if let Some(scale) = &mut q.scale {
                out.extend(scale.labels.values_mut());
            }
            if let Some(number) = &mut q.number {
                out.push(&mut number.unit);
            }
        }
        if let Some(scoring) = &mut self.scoring {
            out.extend(scoring.groups.iter_mut().map(|g| &mut g.name));
            for level in &mut scoring.levels {
                out.extend([&mut level.name, &mut level.description, &mut level.requires.sign_off_by]);
                out.extend(level.requires.items.iter_mut());
            }
        }
        out
    }

    /// The language shown until the interface can be told another: the first declared.
    pub fn language(&self) -> &str {
        self.languages.first().map_or(DEFAULT_LANGUAGE, String::as_str)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The section with this id, in whichever stage.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.stages.iter().flat_map(|s| &s.sections).find(|s| s.id == id)
    }

    pub fn principle(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Principle names for these ids in `language`, joined with ", " (an unknown id stands
    /// as itself).
    pub fn principle_names(&self, ids: &[String], language: &str) -> String {
        ids.iter()
            .map(|p| self.principle(p).map_or(Cow::Borrowed(p.as_str()), |x| x.name.shown(language)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The name of stage `id` in `language`; an unknown id stands as itself.
    pub fn stage_name(&self, id: &str, language: &str) -> String {
        self.stage(id).map_or_else(|| id.to_string(), |s| s.name.shown(language).into_owned())
    }

    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.iter().any(|t| t.id == id)
    }

    /// The questions of one stage that apply to a service with these traits, in file order.
    pub fn questions_for<'a>(
        &'a self,
        stage: &'a str,
        service_traits: &'a [String],
    ) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions.iter().filter(move |q| q.stage == stage && q.applies_to(service_traits))
    }

    /// The first stage; a validated questionnaire always has one.
    pub fn first_stage(&self) -> Option<&Stage> {
        self.stages.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: &str, stage: &str, traits: &[&str]) -> Question {
        Question {
            id: id.into(),
            stage: stage.into(),
            section: None,
            title: Text::default(),
            kind: AnswerKind::Dialogue,
            principles: vec!["p".into()],
            prompt: Text::plain("en", "?"),
            guidance: Guidance::default(),
            traits: traits.iter().map(|t| t.to_string()).collect(),
            choices: vec![],
            scale: None,
            number: None,
            required: false,
            show_if: None,
        }
    }

    #[test]
    fn trait_questions_apply_only_to_services_with_the_trait() {
        let q = Questionnaire {
            format: FORMAT,
            id: "q".into(),
            version: "1".into(),
            languages: vec!["en".into()],
            title: Text::plain("en", "t"),
            description: Text::default(),
            traits: vec![],
            principles: vec![],
            stages: vec![],
            questions: vec![question("A", "s1", &[]), question("B", "s1", &["minors"]), question("C", "s2", &[])],
            scoring: None,
        };
        let none: Vec<String> = vec![];
        let minors = vec!["minors".to_string()];
        let ids = |traits| q.questions_for("s1", traits).map(|q| q.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&none), ["A"]);
        assert_eq!(ids(&minors), ["A", "B"]);
    }
}
