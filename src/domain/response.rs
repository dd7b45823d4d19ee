//! The dialogue on one question: the team's answer, the consultant's assessment and notes.

use super::word_enum;

word_enum! {
    /// The consultant's assessment of the team's answer. "Not applicable" is a fine answer.
    pub enum Assessment {
        NotDiscussed => ("not-discussed", "not discussed"),
        Satisfied => ("satisfied", "satisfied"),
        NeedsImprovement => ("needs-improvement", "needs improvement"),
        RiskIdentified => ("risk-identified", "risk identified"),
        NotApplicable => ("not-applicable", "not applicable"),
    }
}

impl Assessment {
    /// Whether the question counts as dealt with for progress.
    pub fn is_assessed(self) -> bool {
        self != Assessment::NotDiscussed
    }
}
