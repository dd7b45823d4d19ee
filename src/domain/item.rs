//! Improvement items: agreed actions with an owner, a due date and a priority.

use super::word_enum;

word_enum! {
    /// How urgent an item is. Ordered: `Low < Medium < High < Critical`.
    pub enum Priority {
        Low => ("low", "low"),
        Medium => ("medium", "medium"),
        High => ("high", "high"),
        Critical => ("critical", "critical"),
    }
}

impl Priority {
    /// The rank stored in the database, so that "at least high" is a plain comparison.
    pub fn rank(self) -> i64 {
        self as i64 + 1
    }

    pub fn from_rank(rank: i64) -> Option<Priority> {
        Priority::ALL.iter().copied().find(|p| p.rank() == rank)
    }
}

word_enum! {
    /// Where an item stands.
    pub enum ItemStatus {
        Open => ("open", "open"),
        InProgress => ("in-progress", "in progress"),
        Resolved => ("resolved", "resolved"),
        Accepted => ("accepted", "accepted risk"),
        WontDo => ("wont-do", "won't do"),
    }
}

impl ItemStatus {
    /// Open and in-progress items still need work.
    pub fn is_active(self) -> bool {
        matches!(self, ItemStatus::Open | ItemStatus::InProgress)
    }
}

word_enum! {
    /// Where a risk comes from.
    pub enum RiskSource {
        /// From the AI system itself.
        Technical => ("technical", "technical"),
        /// From how people design or use it.
        Human => ("human", "human/ethical"),
    }
}

word_enum! {
    /// How the team responds to a risk.
    pub enum RiskResponse {
        Mitigate => ("mitigate", "mitigate"),
        Avoid => ("avoid", "avoid"),
        Transfer => ("transfer", "transfer"),
        Accept => ("accept", "accept"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_any_spelling() {
        assert_eq!(
            "in_progress".parse::<ItemStatus>(),
            Ok(ItemStatus::InProgress)
        );
        assert_eq!(
            "In Progress".parse::<ItemStatus>(),
            Ok(ItemStatus::InProgress)
        );
        assert_eq!("HIGH".parse::<Priority>(), Ok(Priority::High));
        let err = "urgent".parse::<Priority>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown Priority 'urgent' (expected one of: low, medium, high, critical)"
        );
    }

    #[test]
    fn priority_ranks_round_trip_in_order() {
        for p in Priority::ALL {
            assert_eq!(Priority::from_rank(p.rank()), Some(*p));
        }
        assert!(Priority::High > Priority::Medium);
        assert_eq!(Priority::from_rank(0), None);
    }
}
