//! Questionnaires: principles, stages and the questions asked at each stage.
//!
//! A questionnaire is data, not code. The validated form lives here; parsing files and
//! reporting their errors is the job of [`crate::catalog`].

use serde::{Deserialize, Serialize};

/// A validated questionnaire. Every question's stage, principles and traits exist and ids
/// are unique (see [`crate::catalog::parse`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub id: String,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub traits: Vec<Trait>,
    pub principles: Vec<Principle>,
    pub stages: Vec<Stage>,
    pub questions: Vec<Question>,
}

/// A property of a service that makes some questions apply to it (e.g. uses personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trait {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// An ethical principle that questions serve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principle {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A step in a service's lifecycle, from the first plan to after launch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub stage: String,
    pub principles: Vec<String>,
    pub prompt: String,
    #[serde(default)]
    pub guidance: Guidance,
    /// The question applies only to services with at least one of these traits; empty means
    /// it applies to every service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub traits: Vec<String>,
}

/// Help for the consultant: why the question matters and what a good answer looks like.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub good_answer: String,
}

impl Question {
    /// Whether the question is asked of a service with these traits.
    pub fn applies_to(&self, service_traits: &[String]) -> bool {
        self.traits.is_empty() || self.traits.iter().any(|t| service_traits.contains(t))
    }
}

impl Questionnaire {
    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    pub fn principle(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Principle names for these ids, joined with ", " (an unknown id stands as itself).
    pub fn principle_names(&self, ids: &[String]) -> String {
        ids.iter().map(|p| self.principle(p).map_or(p.as_str(), |x| x.name.as_str())).collect::<Vec<_>>().join(", ")
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
            principles: vec!["p".into()],
            prompt: "?".into(),
            guidance: Guidance::default(),
            traits: traits.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn trait_questions_apply_only_to_services_with_the_trait() {
        let q = Questionnaire {
            id: "q".into(),
            version: "1".into(),
            title: "t".into(),
            description: String::new(),
            traits: vec![],
            principles: vec![],
            stages: vec![],
            questions: vec![question("A", "s1", &[]), question("B", "s1", &["minors"]), question("C", "s2", &[])],
        };
        let none: Vec<String> = vec![];
        let minors = vec!["minors".to_string()];
        let ids = |traits| q.questions_for("s1", traits).map(|q| q.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&none), ["A"]);
        assert_eq!(ids(&minors), ["A", "B"]);
    }
}
