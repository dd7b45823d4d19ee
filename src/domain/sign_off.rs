//! The stage process: which stage is current, what signing a stage off or reopening it
//! does to that, and what the consultant must confirm before a sign-off.
//!
//! The current stage is the earliest stage not signed off, so an open earlier stage is never
//! skipped. Storage reads the stages, asks these functions, and writes what they decide.

use std::fmt;

use super::{Decision, Item, ItemDecision, Priority, SignOffError, StageState, StageStatus};

/// What the consultant is asked to confirm before a stage is signed off.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SignOffWarning {
    /// An earlier stage (`current`, by name) is not signed off yet.
    OutOfOrder { stage: String, current: String },
    /// `count` of the stage's `questions` are not assessed.
    Unassessed { stage: String, count: i64, questions: i64 },
}

impl fmt::Display for SignOffWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignOffWarning::OutOfOrder { stage, current } => {
                write!(f, "{current} comes before {stage} and is not signed off")
            }
            SignOffWarning::Unassessed { stage, count, questions } => {
                let verb = if *count == 1 { "is" } else { "are" };
                write!(f, "{count} of the {questions} questions of {stage} {verb} not assessed")
            }
        }
    }
}

impl SignOffWarning {
    /// Whether the consultant confirmed this, or something at least as serious: signing off
    /// out of order, or with at least as many questions unassessed.
    pub fn is_covered_by(&self, acknowledged: &[SignOffWarning]) -> bool {
        acknowledged.iter().any(|a| match (self, a) {
            (SignOffWarning::OutOfOrder { stage, .. }, SignOffWarning::OutOfOrder { stage: seen, .. }) => stage == seen,
            (
                SignOffWarning::Unassessed { stage, count, .. },
                SignOffWarning::Unassessed { stage: seen, count: seen_count, .. },
            ) => stage == seen && seen_count >= count,
            _ => false,
        })
    }

    /// The warnings as one question to ask, e.g. "… Sign it off anyway?".
    pub fn question(warnings: &[SignOffWarning]) -> String {
        let said: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        format!("{}. Sign it off anyway?", said.join("; "))
    }
}

/// A stage named for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRef {
    pub id: String,
    pub name: String,
}

impl StageRef {
    fn of(s: &StageStatus) -> StageRef {
        StageRef { id: s.stage.clone(), name: s.name.clone() }
    }
}

/// What a sign-off or a reopening does to the consultation's current stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageMove {
    /// The stage signed off or reopened.
    pub stage: StageRef,
    pub current_before: Option<StageRef>,
    /// `None` when every stage is signed off.
    pub current_after: Option<StageRef>,
}

impl StageMove {
    /// What signing off did, in words that say what truly happened.
    pub fn signed_off_message(&self) -> String {
        let done = format!("Signed off {}", self.stage.name);
        match &self.current_after {
            None => format!("{done}; every stage is now signed off"),
            Some(after) if self.current_before.as_ref() == Some(after) => {
                format!("{done}; {} is still the current stage", after.name)
            }
            Some(after) => format!("{done}; the current stage is now {}", after.name),
        }
    }

    /// What reopening did.
    pub fn reopened_message(&self) -> String {
        let done = format!("Reopened {}", self.stage.name);
        match &self.current_after {
            Some(after) if *after == self.stage => format!("{done}; it is the current stage"),
            Some(after) => format!("{done}; {} comes first and stays the current stage", after.name),
            None => done,
        }
    }

    /// The stage to store as current: the earliest not signed off, or the last stage once
    /// every stage is signed off.
    pub fn stored_current<'a>(&'a self, stages: &'a [StageStatus]) -> Option<&'a str> {
        match &self.current_after {
            Some(after) => Some(after.id.as_str()),
            None => stages.last().map(|s| s.stage.as_str()),
        }
    }
}

/// The current stage: the earliest stage not signed off; `None` when all are.
pub fn current_stage(stages: &[StageStatus]) -> Option<&StageStatus> {
    stages.iter().find(|s| s.state != StageState::SignedOff)
}

fn find<'a>(stages: &'a [StageStatus], stage: &str) -> Result<&'a StageStatus, SignOffError> {
    stages.iter().find(|s| s.stage == stage).ok_or_else(|| SignOffError::UnknownStage(stage.to_string()))
}

/// The current stage once `stage` has taken `state`.
fn current_with(stages: &[StageStatus], stage: &str, state: StageState) -> Option<StageRef> {
    stages
        .iter()
        .find(|s| if s.stage == stage { state != StageState::SignedOff } else { s.state != StageState::SignedOff })
        .map(StageRef::of)
}

/// What signing `stage` off would need confirming. A stage already signed off cannot be.
pub fn sign_off_warnings(stages: &[StageStatus], stage: &str) -> Result<Vec<SignOffWarning>, SignOffError> {
    let status = find(stages, stage)?;
    if status.state == StageState::SignedOff {
        return Err(SignOffError::AlreadySignedOff(status.name.clone()));
    }
    let mut warnings = Vec::new();
    if let Some(current) = current_stage(stages).filter(|c| c.stage != stage) {
        warnings.push(SignOffWarning::OutOfOrder { stage: status.name.clone(), current: current.name.clone() });
    }
    let unassessed = status.questions - status.assessed;
    if unassessed > 0 {
        warnings.push(SignOffWarning::Unassessed {
            stage: status.name.clone(),
            count: unassessed,
            questions: status.questions,
        });
    }
    Ok(warnings)
}

/// Check a sign-off of `stage` against what the consultant confirmed, and say where the
/// consultation stands after it.
pub fn sign_off(
    stages: &[StageStatus],
    stage: &str,
    acknowledged: &[SignOffWarning],
) -> Result<StageMove, SignOffError> {
    let unconfirmed: Vec<SignOffWarning> =
        sign_off_warnings(stages, stage)?.into_iter().filter(|w| !w.is_covered_by(acknowledged)).collect();
    if !unconfirmed.is_empty() {
        return Err(SignOffError::Unconfirmed(unconfirmed));
    }
    Ok(StageMove {
        stage: StageRef::of(find(stages, stage)?),
        current_before: current_stage(stages).map(StageRef::of),
        current_after: current_with(stages, stage, StageState::SignedOff),
    })
}

/// Reopening `stage`: it must be signed off; it becomes current only if no earlier stage is
/// open.
pub fn reopen(stages: &[StageStatus], stage: &str) -> Result<StageMove, SignOffError> {
    let status = find(stages, stage)?;
    if status.state != StageState::SignedOff {
        return Err(SignOffError::NotSignedOff(status.name.clone()));
    }
    Ok(StageMove {
        stage: StageRef::of(status),
        current_before: current_stage(stages).map(StageRef::of),
        current_after: current_with(stages, stage, StageState::InProgress),
    })
}

/// Items from this priority up must be decided at a sign-off while they are unresolved.
pub const DECIDE_FROM: Priority = Priority::High;

/// Whether `item` must be decided (carried over or its risk accepted) before any stage is
/// signed off: it is unresolved and high or critical.
pub fn must_be_decided(item: &Item) -> bool {
    item.status.is_active() && item.priority >= DECIDE_FROM
}

/// A sign-off as checked, ready to be written: where the consultation stands after it, the
/// comment as stored, and each item that had to be decided with its decision and reason (as
/// stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSignOff<'a> {
    pub moved: StageMove,
    pub comment: String,
    pub decided: Vec<(&'a Item, Decision, String)>,
}

/// What the consultant asks for when signing `stage` off.
#[derive(Debug, Clone, Copy)]
pub struct SignOffRequest<'r> {
    pub stage: &'r str,
    pub comment: &'r str,
    pub decisions: &'r [ItemDecision],
    /// The warnings the consultant confirmed (see [`sign_off_warnings`]).
    pub acknowledged: &'r [SignOffWarning],
}

/// Every rule a sign-off keeps, in the order they are told: it has a comment; the stage
/// order and unassessed questions were confirmed ([`sign_off`]); every item that
/// [`must_be_decided`] among `items` has a decision; accepting a risk needs a reason.
/// Decisions on other items are ignored.
pub fn check_sign_off<'a>(
    stages: &[StageStatus],
    items: &'a [Item],
    request: SignOffRequest<'_>,
) -> Result<CheckedSignOff<'a>, SignOffError> {
    let comment = crate::text::stored(request.comment);
    if comment.is_empty() {
        return Err(SignOffError::EmptyComment);
    }
    let moved = sign_off(stages, request.stage, request.acknowledged)?;
    let decisions = request.decisions;
    let pending: Vec<&Item> = items.iter().filter(|i| must_be_decided(i)).collect();
    let decision_on = |item: &Item| decisions.iter().find(|d| d.item_key == item.key);
    let undecided: Vec<&str> = pending.iter().filter(|i| decision_on(i).is_none()).map(|i| i.key.as_str()).collect();
    if !undecided.is_empty() {
        return Err(SignOffError::Undecided(undecided.join(", ")));
    }
    let mut decided = Vec::new();
    for item in pending {
        let Some(d) = decision_on(item) else { continue };
        let reason = crate::text::stored(&d.reason);
        if d.decision == Decision::Accept && reason.is_empty() {
            return Err(SignOffError::AcceptNeedsReason(d.item_key.clone()));
        }
        decided.push((item, d.decision, reason));
    }
    Ok(CheckedSignOff { moved, comment, decided })
}

/// The note an item's history keeps when its risk is accepted at the sign-off of `stage`.
pub fn accepted_note(stage: &StageRef, reason: &str) -> String {
    format!("risk accepted at sign-off of {}: {reason}", stage.name)
}

/// The reason for reopening a stage, as stored: it must say something.
pub fn check_reopen_reason(reason: &str) -> Result<String, SignOffError> {
    let reason = crate::text::stored(reason);
    if reason.is_empty() { Err(SignOffError::EmptyReason) } else { Ok(reason) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, state: StageState, assessed: i64) -> StageStatus {
        StageStatus {
            stage: id.into(),
            name: format!("{id} stage"),
            position: 0,
            state,
            questions: 4,
            assessed,
            sign_off: None,
        }
    }

    use StageState::{InProgress, NotStarted, SignedOff};

    #[test]
    fn the_current_stage_is_the_earliest_not_signed_off() {
        let stages = [stage("a", SignedOff, 4), stage("b", NotStarted, 0), stage("c", InProgress, 1)];
        assert_eq!(current_stage(&stages).map(|s| s.stage.as_str()), Some("b"));
        let done = [stage("a", SignedOff, 4), stage("b", SignedOff, 4)];
        assert_eq!(current_stage(&done), None);
    }

    #[test]
    fn signing_off_out_of_order_or_unassessed_asks_and_says_how_many() {
        let stages = [stage("a", InProgress, 1), stage("b", NotStarted, 0)];
        let warnings = sign_off_warnings(&stages, "b").unwrap();
        assert_eq!(
            warnings,
            [
                SignOffWarning::OutOfOrder { stage: "b stage".into(), current: "a stage".into() },
                SignOffWarning::Unassessed { stage: "b stage".into(), count: 4, questions: 4 },
            ]
        );
        assert_eq!(
            SignOffWarning::question(&warnings),
            "a stage comes before b stage and is not signed off; \
             4 of the 4 questions of b stage are not assessed. Sign it off anyway?"
        );
        assert_eq!(sign_off(&stages, "b", &[]), Err(SignOffError::Unconfirmed(warnings.clone())));
        let moved = sign_off(&stages, "b", &warnings).unwrap();
        assert_eq!(moved.current_after.map(|s| s.id), Some("a".into()), "the earlier open stage stays current");
    }

    #[test]
    fn a_confirmation_covers_fewer_unassessed_questions_but_not_more() {
        let seen = [SignOffWarning::Unassessed { stage: "a".into(), count: 3, questions: 4 }];
        let fewer = SignOffWarning::Unassessed { stage: "a".into(), count: 2, questions: 4 };
        let more = SignOffWarning::Unassessed { stage: "a".into(), count: 4, questions: 4 };
        assert!(fewer.is_covered_by(&seen));
        assert!(!more.is_covered_by(&seen));
        let other_stage = SignOffWarning::Unassessed { stage: "b".into(), count: 1, questions: 4 };
        assert!(!other_stage.is_covered_by(&seen));
    }

    #[test]
    fn a_fully_assessed_current_stage_signs_off_without_asking() {
        let stages = [stage("a", InProgress, 4), stage("b", NotStarted, 0)];
        assert_eq!(sign_off_warnings(&stages, "a").unwrap(), []);
        let moved = sign_off(&stages, "a", &[]).unwrap();
        assert_eq!(moved.signed_off_message(), "Signed off a stage; the current stage is now b stage");
        let last = [stage("a", SignedOff, 4), stage("b", InProgress, 4)];
        let moved = sign_off(&last, "b", &[]).unwrap();
        assert_eq!(moved.signed_off_message(), "Signed off b stage; every stage is now signed off");
        assert_eq!(moved.stored_current(&last), Some("b"));
    }

    #[test]
    fn reopening_never_skips_an_earlier_open_stage() {
        let stages = [stage("a", InProgress, 0), stage("b", SignedOff, 4)];
        let moved = reopen(&stages, "b").unwrap();
        assert_eq!(moved.current_after.as_ref().map(|s| s.id.as_str()), Some("a"));
        assert_eq!(moved.reopened_message(), "Reopened b stage; a stage comes first and stays the current stage");
        let stages = [stage("a", SignedOff, 4), stage("b", InProgress, 0)];
        let moved = reopen(&stages, "a").unwrap();
        assert_eq!(moved.reopened_message(), "Reopened a stage; it is the current stage");
        assert_eq!(reopen(&stages, "b"), Err(SignOffError::NotSignedOff("b stage".into())));
        assert_eq!(sign_off_warnings(&stages, "a"), Err(SignOffError::AlreadySignedOff("a stage".into())));
        assert_eq!(reopen(&stages, "z"), Err(SignOffError::UnknownStage("z".into())));
    }

    fn item(key: &str, priority: Priority, status: super::super::ItemStatus) -> Item {
        Item::for_test(key, priority, status)
    }

    fn decide(key: &str, decision: Decision, reason: &str) -> ItemDecision {
        ItemDecision { item_key: key.into(), decision, reason: reason.into() }
    }

    /// Signing off stage "a", the current one, fully assessed.
    fn check<'a>(
        comment: &str,
        items: &'a [Item],
        decisions: &[ItemDecision],
    ) -> Result<CheckedSignOff<'a>, SignOffError> {
        let stages = [stage("a", InProgress, 4), stage("b", NotStarted, 0)];
        check_sign_off(&stages, items, SignOffRequest { stage: "a", comment, decisions, acknowledged: &[] })
    }

    #[test]
    fn every_unresolved_high_or_critical_item_must_be_decided_and_only_those() {
        use super::super::ItemStatus::{Accepted, InProgress as Doing, Open, Resolved};
        let items = [
            item("C-1", Priority::Critical, Open),
            item("C-2", Priority::High, Doing),
            item("C-3", Priority::Medium, Open),
            item("C-4", Priority::High, Resolved),
            item("C-5", Priority::Critical, Accepted),
        ];
        let keys: Vec<&str> = items.iter().filter(|i| must_be_decided(i)).map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["C-1", "C-2"]);
        assert_eq!(
            check("done", &items, &[decide("C-2", Decision::CarryOver, "")]),
            Err(SignOffError::Undecided("C-1".into()))
        );
        let decisions = [
            decide("C-1", Decision::CarryOver, ""),
            decide("C-2", Decision::Accept, " 팀이 감수 | ok "),
            decide("C-3", Decision::Accept, ""),
        ];
        let checked = check(" 끝 ", &items, &decisions).unwrap();
        assert_eq!(checked.comment, "끝");
        assert_eq!(checked.moved.current_after.map(|s| s.id), Some("b".into()));
        let decided: Vec<(&str, Decision, &str)> =
            checked.decided.iter().map(|(i, d, r)| (i.key.as_str(), *d, r.as_str())).collect();
        assert_eq!(decided, [("C-1", Decision::CarryOver, ""), ("C-2", Decision::Accept, "팀이 감수 | ok")]);
    }

    #[test]
    fn a_sign_off_needs_a_comment_and_an_accepted_risk_a_reason() {
        let items = [item("C-1", Priority::High, super::super::ItemStatus::Open)];
        assert_eq!(check(" \u{200B} ", &items, &[]), Err(SignOffError::EmptyComment));
        assert_eq!(
            check("ok", &items, &[decide("C-1", Decision::Accept, "  ")]),
            Err(SignOffError::AcceptNeedsReason("C-1".into()))
        );
        let out_of_order = [stage("a", InProgress, 0), stage("b", NotStarted, 0)];
        let request = SignOffRequest { stage: "b", comment: "", decisions: &[], acknowledged: &[] };
        assert_eq!(check_sign_off(&out_of_order, &items, request), Err(SignOffError::EmptyComment), "told first");
        let request = SignOffRequest { comment: "ok", ..request };
        assert!(matches!(check_sign_off(&out_of_order, &items, request), Err(SignOffError::Unconfirmed(_))));
        assert_eq!(check_reopen_reason("\t"), Err(SignOffError::EmptyReason));
        assert_eq!(check_reopen_reason(" 모델 갱신 ").as_deref(), Ok("모델 갱신"));
    }
}
