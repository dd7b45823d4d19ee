//! The paths that keep chec fast on a large database, checked against the slow, obvious
//! answer on the same file:
//!
//! 1. the counts migration 2's triggers maintain (the dashboard overview, its trend, the
//!    busiest consultations) against a recount of `items`, `item_principles` and
//!    `item_history` through a plain SQLite connection, after every batch of a long
//!    sequence of raises, updates, reopenings and sign-offs;
//! 2. the migration from schema 1 to 2, whose backfill must give the same counts;
//! 3. the consultation list paged in SQL against the whole list;
//! 4. `Store::items_sql` (the literal SQL the benchmarks hand to `sqlite3`) against `find_items`;
//! 5. the real `chec items` binary streaming JSON and CSV, and its `--fail-on` gate when the
//!    reader hangs up on a listing far bigger than a pipe buffer.

use crate::common;
use crate::common::cli::Env;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use chec::cli::items::ItemJson;
use chec::domain::{
    Consultation, Decision, Item, ItemDecision, ItemQuery, ItemSort, ItemStatus, ItemUpdate, NewConsultation, NewItem,
    Priority, Questionnaire, Risk, SignOffError, StatusFilter,
};
use chec::storage::{ConsultationSummary, MIGRATIONS, Overview, Store, StoreError, latest_version};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::mix::Mix;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn questionnaire() -> Questionnaire {
    common::catalog::questionnaire("chec-default")
}

fn create(store: &mut Store, key: &str, name: &str, team: &str) -> Consultation {
    let new = NewConsultation {
        key: key.parse().unwrap(),
        name: name.into(),
        team: team.into(),
        description: String::new(),
        traits: Vec::new(),
    };
    store.create_consultation(&new, &questionnaire()).unwrap()
}

/// A plain connection on the database file, as a reader outside chec would open it.
fn plain(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The day every generated due date and clock time is counted from.
const BASE: &str = "2025-03-01";

fn base_day() -> NaiveDate {
    date(BASE)
}

fn base_time() -> DateTime<Utc> {
    Utc.from_utc_datetime(&base_day().and_hms_opt(9, 0, 0).unwrap())
}

fn day_after_base(offset: i64) -> NaiveDate {
    base_day() + Duration::days(offset)
}

// ---------------------------------------------------------------------------------------
// Operations on items, and a world that applies them
// ---------------------------------------------------------------------------------------

/// Principle ids items are tagged with: the questionnaire's, and one with Korean and a '|'.
const PRINCIPLES: [&str; 6] =
    ["human-centred", "diversity", "explainability", "safety", "privacy", "공정성 | fairness"];

const STATUSES: [ItemStatus; 5] =
    [ItemStatus::Open, ItemStatus::InProgress, ItemStatus::Resolved, ItemStatus::Accepted, ItemStatus::WontDo];

const PRIORITIES: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical];

/// One user action on items. `item` picks a raised item (modulo how many there are).
#[derive(Debug, Clone)]
enum Op {
    Raise {
        consultation: usize,
        priority: Option<Priority>,
        risk: Option<(u8, u8)>,
        due: Option<i64>,
        principles: Vec<usize>,
    },
    Status {
        item: usize,
        status: ItemStatus,
    },
    Priority {
        item: usize,
        priority: Priority,
    },
    Risk {
        item: usize,
        likelihood: u8,
        impact: u8,
    },
    Due {
        item: usize,
        due: Option<i64>,
    },
    /// Several fields in one `update_item` call (one transaction).
    Everything {
        item: usize,
        status: ItemStatus,
        priority: Option<Priority>,
        risk: Option<(u8, u8)>,
        due: Option<Option<i64>>,
    },
    /// Sign off the consultation's current stage (reopening it first if it already is),
    /// accepting every other high or critical item and carrying the rest over.
    SignOff {
        consultation: usize,
        accept: bool,
    },
    /// Let hours pass, so that the history spreads over many days.
    Wait {
        hours: i64,
    },
}

impl Op {
    /// A random operation from the fixed generator.
    fn generate(rng: &mut Mix, consultations: usize) -> Op {
        let item = rng.below(1 << 20) as usize;
        let due = |rng: &mut Mix| (rng.chance(75)).then(|| rng.below(81) as i64 - 40);
        let risk = |rng: &mut Mix| rng.chance(50).then(|| (1 + rng.below(5) as u8, 1 + rng.below(5) as u8));
        match rng.below(100) {
            0..=29 => Op::Raise {
                consultation: rng.below(consultations as u64) as usize,
                priority: rng.chance(50).then(|| PRIORITIES[rng.below(4) as usize]),
                risk: risk(rng),
                due: due(rng),
                principles: (0..rng.below(4)).map(|_| rng.below(PRINCIPLES.len() as u64) as usize).collect(),
            },
            30..=54 => Op::Status { item, status: STATUSES[rng.below(5) as usize] },
            55..=62 => Op::Priority { item, priority: PRIORITIES[rng.below(4) as usize] },
            63..=70 => Op::Risk { item, likelihood: 1 + rng.below(5) as u8, impact: 1 + rng.below(5) as u8 },
            71..=78 => Op::Due { item, due: due(rng) },
            79..=90 => Op::Everything {
                item,
                status: STATUSES[rng.below(5) as usize],
                priority: rng.chance(50).then(|| PRIORITIES[rng.below(4) as usize]),
                risk: risk(rng),
                due: rng.chance(60).then(|| due(rng)),
            },
            91..=94 => Op::SignOff { consultation: rng.below(consultations as u64) as usize, accept: rng.chance(60) },
            _ => Op::Wait { hours: 1 + rng.below(60) as i64 },
        }
    }
}

fn op_strategy(consultations: usize) -> impl Strategy<Value = Op> {
    let priority = prop::sample::select(PRIORITIES.to_vec());
    let status = prop::sample::select(STATUSES.to_vec());
    let risk = (1..=5u8, 1..=5u8);
    let due = prop::option::weighted(0.75, -40..=40i64);
    prop_oneof![
        6 => (
            0..consultations,
            prop::option::of(priority.clone()),
            prop::option::of(risk.clone()),
            due.clone(),
            prop::collection::vec(0..PRINCIPLES.len(), 0..4),
        )
            .prop_map(|(consultation, priority, risk, due, principles)| Op::Raise {
                consultation,
                priority,
                risk,
                due,
                principles
            }),
        5 => (any::<usize>(), status.clone()).prop_map(|(item, status)| Op::Status { item, status }),
        2 => (any::<usize>(), priority.clone()).prop_map(|(item, priority)| Op::Priority { item, priority }),
        2 => (any::<usize>(), risk.clone())
            .prop_map(|(item, (likelihood, impact))| Op::Risk { item, likelihood, impact }),
        2 => (any::<usize>(), due.clone()).prop_map(|(item, due)| Op::Due { item, due }),
        2 => (any::<usize>(), status, prop::option::of(priority), prop::option::of(risk), prop::option::of(due))
            .prop_map(|(item, status, priority, risk, due)| Op::Everything { item, status, priority, risk, due }),
        1 => (0..consultations, any::<bool>()).prop_map(|(consultation, accept)| Op::SignOff { consultation, accept }),
        1 => (1..72i64).prop_map(|hours| Op::Wait { hours }),
    ]
}

/// The consultations and items a sequence of operations works on, and the simulated clock
/// it stamps them with (each operation a few minutes after the last).
struct World {
    consultations: Vec<Consultation>,
    items: Vec<String>,
    /// The store's clock, moved by [`World::tick`].
    clock: chec::clock::Clock,
    raised: usize,
}

const CONSULTATION_NAMES: [(&str, &str, &str); 4] = [
    ("CARE", "돌봄 챗봇 | Care", "케어 AI팀"),
    ("LOAN", "대출 심사 | Loan", "Fintech 신용팀"),
    ("HIRE", "채용 도우미", "HR | People"),
    ("ZETA", "Zeta's search", "검색"),
];

impl World {
    /// `consultations` consultations on a new store at `path`, opened with `steps`.
    fn new(path: &Path, steps: &[&'static str], consultations: usize) -> (World, Store) {
        let clock = base_time();
        let clock = chec::clock::Clock::manual(clock, chec::clock::Zone::UTC);
        let mut store = Store::open_with_schema(path, steps).unwrap();
        store.set_clock(clock.clone());
        store.for_bulk_load().unwrap();
        let consultations = CONSULTATION_NAMES[..consultations]
            .iter()
            .map(|(key, name, team)| create(&mut store, key, name, team))
            .collect();
        (World { consultations, items: Vec::new(), clock, raised: 0 }, store)
    }

    fn tick(&mut self, by: Duration) {
        self.clock.advance(by);
    }

    fn pick(&self, item: usize) -> Option<&str> {
        (!self.items.is_empty()).then(|| self.items[item % self.items.len()].as_str())
    }

    fn apply(&mut self, store: &mut Store, op: &Op) {
        self.tick(Duration::minutes(7));
        let due = |offset: Option<i64>| offset.map(day_after_base);
        let update = |store: &mut Store, key: &str, update: ItemUpdate| {
            store.update_item(key, &update, None).unwrap_or_else(|e| panic!("{op:?} on {key}: {e}"));
        };
        match op {
            Op::Raise { consultation, priority, risk, due: offset, principles } => {
                self.raised += 1;
                let n = self.raised;
                let new = NewItem {
                    title: format!("항목 {n}: it's #{n}"),
                    detail: format!("detail {n}, with \"quotes\" | pipes\nand a second line"),
                    owner: ["Alice", "alice", "김지우", "O'Brien", ""][n % 5].into(),
                    due: due(*offset),
                    priority: *priority,
                    risk: risk.map(|(l, i)| Risk::new(l, i).unwrap()),
                    principles: principles.iter().map(|p| PRINCIPLES[*p].to_string()).collect(),
                    stage: "planning".into(),
                    ..NewItem::default()
                };
                let c = &self.consultations[*consultation % self.consultations.len()];
                let item = store.raise_item(c, &new, None).unwrap();
                self.items.push(item.key);
            }
            Op::Status { item, status } => {
                if let Some(key) = self.pick(*item) {
                    let note = Some(format!("to {status}"));
                    update(store, key, ItemUpdate { status: Some(*status), note, ..ItemUpdate::default() });
                }
            }
            Op::Priority { item, priority } => {
                if let Some(key) = self.pick(*item) {
                    update(store, key, ItemUpdate { priority: Some(*priority), ..ItemUpdate::default() });
                }
            }
            Op::Risk { item, likelihood, impact } => {
                if let Some(key) = self.pick(*item) {
                    let risk = Some(Risk::new(*likelihood, *impact).unwrap());
                    update(store, key, ItemUpdate { risk, ..ItemUpdate::default() });
                }
            }
            Op::Due { item, due: offset } => {
                if let Some(key) = self.pick(*item) {
                    update(store, key, ItemUpdate { due: Some(due(*offset)), ..ItemUpdate::default() });
                }
            }
            Op::Everything { item, status, priority, risk, due: offset } => {
                if let Some(key) = self.pick(*item) {
                    let change = ItemUpdate {
                        status: Some(*status),
                        priority: *priority,
                        risk: risk.map(|(l, i)| Risk::new(l, i).unwrap()),
                        due: offset.map(due),
                        note: Some("all at once".into()),
                        ..ItemUpdate::default()
                    };
                    update(store, key, change);
                }
            }
            Op::SignOff { consultation, accept } => {
                let key = &self.consultations[*consultation % self.consultations.len()].key;
                let c = store.consultation(key).unwrap().unwrap();
                let stage = c.current_stage.clone();
                let decisions: Vec<ItemDecision> = store
                    .active_items(&c, Priority::High)
                    .unwrap()
                    .into_iter()
                    .enumerate()
                    .map(|(n, i)| ItemDecision {
                        item_key: i.key,
                        decision: if *accept && n % 2 == 0 { Decision::Accept } else { Decision::CarryOver },
                        reason: "잔여 위험 수용 | residual risk".into(),
                    })
                    .collect();
                match store.sign_off_stage(
                    &c,
                    &stage,
                    "signed",
                    &decisions,
                    None,
                    &store.sign_off_warnings(&c, &stage).unwrap_or_default(),
                ) {
                    Ok(_) => {}
                    Err(StoreError::SignOff(SignOffError::AlreadySignedOff(_))) => {
                        store.reopen_stage(&c, &stage, "model updated").unwrap();
                        store
                            .sign_off_stage(
                                &c,
                                &stage,
                                "signed again",
                                &decisions,
                                None,
                                &store.sign_off_warnings(&c, &stage).unwrap_or_default(),
                            )
                            .unwrap();
                    }
                    Err(e) => panic!("{op:?}: {e}"),
                }
            }
            Op::Wait { hours } => self.tick(Duration::hours(*hours)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The recount: the obvious answer, from the items and their history
// ---------------------------------------------------------------------------------------

/// An item row as stored, read through a plain connection.
struct Row {
    consultation_key: String,
    status: String,
    priority: i64,
    likelihood: Option<i64>,
    impact: Option<i64>,
    due_date: Option<String>,
}

impl Row {
    fn active(&self) -> bool {
        self.status == "open" || self.status == "in-progress"
    }

    fn overdue(&self, today: &str) -> bool {
        self.active() && self.due_date.as_deref().is_some_and(|d| d < today)
    }
}

struct Recount {
    rows: Vec<Row>,
    /// Principles of active items.
    active_principles: Vec<String>,
    /// (item id, field, new value, day) of every 'created' and 'status' history entry, in
    /// the order they happened.
    events: Vec<(String, String, String, String)>,
    /// (id, key) of every consultation.
    consultations: Vec<(String, String)>,
}

impl Recount {
    fn read(path: &Path) -> Recount {
        let conn = plain(path);
        let rows = conn
            .prepare(
                "SELECT c.key, i.status, i.priority, i.likelihood, i.impact, i.due_date
                   FROM items i JOIN consultations c ON c.id = i.consultation_id",
            )
            .unwrap()
            .query_map([], |r| {
                Ok(Row {
                    consultation_key: r.get(0)?,
                    status: r.get(1)?,
                    priority: r.get(2)?,
                    likelihood: r.get(3)?,
                    impact: r.get(4)?,
                    due_date: r.get(5)?,
                })
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let active_principles = conn
            .prepare(
                "SELECT p.principle FROM item_principles p JOIN items i ON i.id = p.item_id
                  WHERE i.status IN ('open', 'in-progress')",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let events = conn
            .prepare(
                "SELECT item_id, field, new_value, changed_at FROM item_history
                  WHERE field IN ('created', 'status') ORDER BY changed_at, id",
            )
            .unwrap()
            .query_map([], |r| {
                let at: String = r.get(3)?;
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, at[..10].to_string()))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let consultations = conn
            .prepare("SELECT id, key FROM consultations")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        Recount { rows, active_principles, events, consultations }
    }

    fn active(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.active())
    }

    /// Every day from the day before the first history entry to the day after the last.
    fn days(&self) -> Vec<String> {
        let (Some(first), Some(last)) = (self.events.first(), self.events.last()) else {
            return vec![BASE.to_string()];
        };
        let (first, last) = (date(&first.3) - Duration::days(1), date(&last.3) + Duration::days(1));
        first.iter_days().take_while(|d| *d <= last).map(|d| d.to_string()).collect()
    }

    /// Active items at the end of each day, replaying each item's life: raised open, then
    /// whatever each status change made it.
    fn trend(&self, days: &[String]) -> Vec<(String, i64)> {
        let mut active: HashSet<&str> = HashSet::new();
        let mut events = self.events.iter().peekable();
        let mut trend = Vec::new();
        for day in days {
            while let Some((item, field, new, _)) = events.next_if(|e| e.3 <= *day) {
                let becomes_active = match field.as_str() {
                    "created" => {
                        assert_eq!(new, "open", "an item is raised open");
                        true
                    }
                    _ => new == "open" || new == "in-progress",
                };
                if becomes_active {
                    active.insert(item);
                } else {
                    active.remove(item.as_str());
                }
            }
            trend.push((day.clone(), active.len() as i64));
        }
        trend
    }

    fn overview(&self, today: &str, days: &[String]) -> Overview {
        let mut o = Overview::default();
        for r in self.active() {
            o.by_priority[r.priority as usize - 1] += 1;
            match (r.likelihood, r.impact) {
                (Some(l), Some(i)) => o.risk_matrix[l as usize - 1][i as usize - 1] += 1,
                _ => o.unrated += 1,
            }
            if r.overdue(today) {
                o.overdue += 1;
            }
        }
        let mut by_principle: BTreeMap<String, i64> = BTreeMap::new();
        for p in &self.active_principles {
            *by_principle.entry(p.clone()).or_default() += 1;
        }
        o.by_principle = by_principle.into_iter().collect();
        o.by_principle.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        o.trend = self.trend(days);
        o
    }

    /// Per consultation key: (active items, overdue items), for every consultation.
    fn per_consultation(&self, today: &str) -> BTreeMap<String, (i64, i64)> {
        let mut counts: BTreeMap<String, (i64, i64)> =
            self.consultations.iter().map(|(_, key)| (key.clone(), (0, 0))).collect();
        for r in self.active() {
            let entry = counts.get_mut(&r.consultation_key).unwrap();
            entry.0 += 1;
            entry.1 += i64::from(r.overdue(today));
        }
        counts
    }

    /// (key, active, overdue) of every consultation with active items, most first, ties
    /// by key (the order the dashboard lists them in).
    fn busiest(&self, today: &str) -> Vec<(String, i64, i64)> {
        let mut list: Vec<(String, i64, i64)> =
            self.per_consultation(today).into_iter().filter(|c| c.1.0 > 0).map(|(k, (n, o))| (k, n, o)).collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    }
}

fn busiest_of(summaries: &[ConsultationSummary]) -> Vec<(String, i64, i64)> {
    summaries.iter().map(|s| (s.key.clone(), s.open_items, s.overdue_items)).collect()
}

/// Everything the maintained counts show equals the recount, as of several days.
#[track_caller]
fn assert_counts_match_recount(store: &Store, path: &Path, label: &str) {
    // Each item's listed principles (kept by triggers) are its rows in item_principles, in
    // their order: recounted here from those rows in Rust, not by the triggers' own SQL.
    let mut rows: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in common::db::query(path, "SELECT item_id, position, principle FROM item_principles") {
        rows.entry(row[0].clone()).or_default().push((row[1].parse().unwrap(), row[2].clone()));
    }
    for row in common::db::query(path, "SELECT id, principles FROM items") {
        let mut expected = rows.remove(&row[0]).unwrap_or_default();
        expected.sort();
        let expected: Vec<String> = expected.into_iter().map(|(_, p)| p).collect();
        let listed: Vec<String> = serde_json::from_str(&row[1]).unwrap();
        assert_eq!(listed, expected, "{label}: principles listed on item {}", row[0]);
    }
    let recount = Recount::read(path);
    let days = recount.days();
    let last_day = days.last().unwrap().clone();
    let todays = [
        BASE.to_string(),
        day_after_base(-41).to_string(),
        day_after_base(-10).to_string(),
        day_after_base(17).to_string(),
        day_after_base(41).to_string(),
        last_day.clone(),
    ];
    for today in &todays {
        let expected = recount.overview(today, &days);
        let overview = store.overview(today, &days).unwrap();
        assert_eq!(overview, expected, "{label}: overview as of {today}");
        let all = recount.busiest(today);
        let n = recount.consultations.len();
        assert_eq!(busiest_of(&store.busiest_consultations(today, n).unwrap()), all, "{label}: busiest as of {today}");
        assert_eq!(busiest_of(&store.busiest_consultations(today, n + 5).unwrap()), all, "{label}: as of {today}");
        for limit in 1..n {
            // Cut short, ties at the cut may go either way: the same counts, each true, most
            // first, and everyone above the cut is there.
            let busiest = busiest_of(&store.busiest_consultations(today, limit).unwrap());
            let top = &all[..limit.min(all.len())];
            let counts = |list: &[(String, i64, i64)]| list.iter().map(|c| c.1).collect::<Vec<_>>();
            assert_eq!(counts(&busiest), counts(top), "{label}: busiest {limit} as of {today}: {busiest:?}");
            assert!(busiest.iter().all(|c| all.contains(c)), "{label}: busiest {limit}: {busiest:?} vs {all:?}");
            assert!(busiest.is_sorted_by(|a, b| (-a.1, &a.0) <= (-b.1, &b.0)), "{label}: {busiest:?}");
            let cut = top.last().map_or(0, |c| c.1);
            assert!(top.iter().filter(|c| c.1 > cut).all(|c| busiest.contains(c)), "{label}: {busiest:?}");
        }
        let listed: BTreeMap<String, (i64, i64)> = store
            .consultation_summaries(today)
            .unwrap()
            .into_iter()
            .map(|s| (s.key, (s.open_items, s.overdue_items)))
            .collect();
        assert_eq!(listed, recount.per_consultation(today), "{label}: consultation list as of {today}");
    }
    assert_eq!(store.open_items_trend(&days).unwrap(), recount.trend(&days), "{label}: trend");
    // Days asked for from the middle of the history on, a week apart, and none at all.
    let sparse: Vec<String> = days.iter().skip(days.len() / 3).step_by(7).cloned().collect();
    assert_eq!(store.open_items_trend(&sparse).unwrap(), recount.trend(&sparse), "{label}: weekly trend");
    assert!(store.open_items_trend(&[]).unwrap().is_empty());
    // The replayed history ends where the items stand now.
    let active = recount.active().count() as i64;
    assert_eq!(recount.trend(std::slice::from_ref(&last_day))[0].1, active, "{label}: history vs items");
    // No maintained count ever goes below zero (rows of zero are allowed and ignored).
    let negative = common::db::query(
        path,
        "SELECT (SELECT count(*) FROM active_items_by_rating WHERE count < 0)
              + (SELECT count(*) FROM active_items_by_due WHERE count < 0)
              + (SELECT count(*) FROM active_items_by_principle WHERE count < 0)
              + (SELECT count(*) FROM active_items_by_consultation WHERE count < 0)",
    );
    assert_eq!(negative, [["0"]], "{label}: negative maintained counts");
}

/// How many (active, all) items there are, to prove a sequence did something.
fn item_counts(path: &Path) -> (i64, i64) {
    let conn = plain(path);
    conn.query_row(
        "SELECT (SELECT count(*) FROM items WHERE status IN ('open', 'in-progress')), (SELECT count(*) FROM items)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

/// Statuses items have gone through, from the history: (old, new) pairs seen.
fn status_moves(path: &Path) -> BTreeSet<(String, String)> {
    common::db::query(path, "SELECT DISTINCT old_value, new_value FROM item_history WHERE field = 'status'")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// 1. Maintained counts against a recount
// ---------------------------------------------------------------------------------------

#[test]
fn maintained_counts_match_a_recount_after_every_batch_of_a_long_fixed_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let (mut world, mut store) = World::new(&path, MIGRATIONS, 4);
    let mut rng = Mix(0x00C0_FFEE);
    assert_counts_match_recount(&store, &path, "empty");
    for batch in 0..15 {
        for _ in 0..100 {
            let op = Op::generate(&mut rng, world.consultations.len());
            world.apply(&mut store, &op);
        }
        assert_counts_match_recount(&store, &path, &format!("after batch {batch}"));
    }
    // The sequence really exercised what the counts must follow.
    let (active, all) = item_counts(&path);
    assert!(all > 300 && active > 20 && active < all, "{active} active of {all}");
    let moves = status_moves(&path);
    for (old, new) in [("resolved", "open"), ("wont-do", "in-progress"), ("open", "accepted"), ("in-progress", "open")]
    {
        assert!(moves.contains(&(old.to_string(), new.to_string())), "no {old} -> {new} in {moves:?}");
    }
    let days = Recount::read(&path).days();
    assert!(days.len() > 30, "the history spans {} days", days.len());
    let sign_off_accepts = common::db::query(&path, "SELECT count(*) FROM sign_off_items WHERE decision = 'accept'");
    assert_ne!(sign_off_accepts, [["0"]], "sign-offs accepted some items");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("CHEC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(20_250_301),
        ..ProptestConfig::default()
    })]

    #[test]
    fn maintained_counts_match_a_recount_for_generated_sequences(
        batches in prop::collection::vec(prop::collection::vec(op_strategy(3), 1..30), 1..5)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chec.db");
        let (mut world, mut store) = World::new(&path, MIGRATIONS, 3);
        for (n, batch) in batches.iter().enumerate() {
            for op in batch {
                world.apply(&mut store, op);
            }
            assert_counts_match_recount(&store, &path, &format!("after batch {n}"));
        }
        }
}

#[test]

fn the_busiest_n_consultations_are_the_first_n_of_the_busiest_n_plus_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    // LOAN is created before HIRE (a smaller id); both have 3 active items, CARE has 5.
    for (key, items) in [("LOAN", 3), ("HIRE", 3), ("CARE", 5)] {
        let c = create(&mut store, key, key, "");
        for n in 0..items {
            let new = NewItem { title: format!("{key} {n}"), stage: "planning".into(), ..NewItem::default() };
            store.raise_item(&c, &new, None).unwrap();
        }
    }
    let busiest = |limit: usize| -> Vec<String> {
        store.busiest_consultations(TODAY, limit).unwrap().into_iter().map(|s| s.key).collect()
    };
    assert_eq!(busiest(3), ["CARE", "HIRE", "LOAN"], "most first, ties by key");
    for limit in 1..3 {
        assert_eq!(busiest(limit), busiest(3)[..limit], "the busiest {limit}");
    }
}

// ---------------------------------------------------------------------------------------
// 2. Migration from 1
// ---------------------------------------------------------------------------------------

#[test]
fn upgrading_from_schema_1_backfills_counts_equal_to_a_recount_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let (mut world, mut store) = World::new(&path, &MIGRATIONS[..1], 4);
    assert_eq!(store.schema_version().unwrap(), 1);
    // Today's code reads each item's principles from a column schema 6 adds. The operations
    // below get the column for their run, and it goes again before the upgrade, so the file
    // upgraded is schema 1's (the column's values are rebuilt from item_principles then).
    let with_column = "ALTER TABLE items ADD COLUMN principles TEXT NOT NULL DEFAULT '[]'";
    rusqlite::Connection::open(&path).unwrap().execute_batch(with_column).unwrap();
    let mut rng = Mix(0x5EED_0001);
    for _ in 0..600 {
        let op = Op::generate(&mut rng, world.consultations.len());
        // Today's sign-off reads columns schema 1 does not have (which questions are hidden);
        // the item operations are what the counts follow.
        if matches!(op, Op::SignOff { .. }) {
            continue;
        }
        world.apply(&mut store, &op);
    }
    drop(store);
    rusqlite::Connection::open(&path).unwrap().execute_batch("ALTER TABLE items DROP COLUMN principles").unwrap();
    let (active, all) = item_counts(&path);
    assert!(all > 100 && active > 10 && active < all, "{active} active of {all}");
    let tables = |path: &Path| {
        common::db::query(path, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'active_item%'")
    };
    assert!(tables(&path).is_empty(), "schema 1 has no maintained counts");

    let mut store = Store::open(&path).unwrap();
    store.set_clock(world.clock.clone());
    store.for_bulk_load().unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version(), "upgraded through every later migration");
    assert_eq!(tables(&path).len(), 5);
    assert_counts_match_recount(&store, &path, "right after the upgrade");

    // The copy of the file as it was, beside it.
    let backups: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("chec.db.v1-backup-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = &backups[0];
    assert_eq!(common::db::query(backup, "PRAGMA user_version"), [["1"]]);
    assert!(tables(backup).is_empty(), "the backup is the schema 1 file");
    assert_eq!(common::db::query(backup, "SELECT count(*) FROM items"), [[all.to_string()]]);
    assert_eq!(
        common::db::query(backup, "SELECT count(*) FROM item_history"),
        common::db::query(&path, "SELECT count(*) FROM item_history")
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(backup).unwrap().permissions().mode() & 0o777, 0o600);

    // The triggers carry on from the backfilled counts.
    for _ in 0..300 {
        let op = Op::generate(&mut rng, world.consultations.len());
        world.apply(&mut store, &op);
    }
    assert_counts_match_recount(&store, &path, "after more work on the upgraded file");
    drop(store);
    // Opening the upgraded file again migrates nothing and writes no second backup.
    let store = Store::open(&path).unwrap();
    assert_counts_match_recount(&store, &path, "reopened");
    let backups_now = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("backup"))
        .count();
    assert_eq!(backups_now, 1, "no second backup");
}

// ---------------------------------------------------------------------------------------
// 3. The consultation list, paged in SQL
// ---------------------------------------------------------------------------------------

const TODAY: &str = "2025-06-15";

/// 26 consultations: Korean names and teams, '|' in names, mixed case, one in decomposed
/// jamo; some with items, overdue or not, open or closed.
fn consultation_store(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.for_bulk_load().unwrap();
    let decomposed: String = "돌봄 챗봇".nfd().collect();
    let names: [(&str, String, &str); 13] = [
        ("CARE", "돌봄 챗봇 | Care".into(), "케어 AI팀"),
        ("CARE2", decomposed.clone(), "Care AI"),
        ("A1", "a|b".into(), "QA | Ops"),
        ("AB", "Alpha Bot".into(), "alpha"),
        ("B2", "École 추천".into(), "ÉQUIPE"),
        ("LOAN", "대출 심사 | Loan".into(), "Fintech 신용팀"),
        ("HIRE", "채용 도우미".into(), "HR"),
        ("Z9", "100% _done_".into(), "검색"),
        ("SEARCH", "Search ranking".into(), "검색팀 | Search"),
        ("ADS", "광고 추천 | ads".into(), "광고"),
        ("MAP", "지도 | Maps".into(), "CARE partners"),
        ("CHAT", "카카오톡 챗봇".into(), "Chat"),
        ("X0", "x".into(), ""),
    ];
    for (key, name, team) in &names {
        create(&mut store, key, name, team);
    }
    for n in 0..13 {
        let name = if n % 2 == 0 { format!("서비스 {n} | svc") } else { format!("Service {n}") };
        create(&mut store, &format!("S{n:02}"), &name, if n % 3 == 0 { "케어 AI팀" } else { "Platform" });
    }
    // Items in a few of them, so that open and overdue counts differ from one to the next.
    for (key, count) in [("CARE", 5), ("LOAN", 3), ("S03", 4), ("Z9", 1), ("S12", 2)] {
        let c = store.consultation(key).unwrap().unwrap();
        for n in 0..count {
            let due = (n % 2 == 0).then(|| day_after_base(30 * n as i64 + 60));
            let new = NewItem { title: format!("{key} {n}"), stage: "planning".into(), due, ..NewItem::default() };
            let item = store.raise_item(&c, &new, None).unwrap();
            if n == 1 {
                let update = ItemUpdate {
                    status: Some(ItemStatus::Resolved),
                    note: Some("done".into()),
                    ..ItemUpdate::default()
                };
                store.update_item(&item.key, &update, None).unwrap();
            }
        }
    }
    store
}

/// The consultations whose key, name or team contains `filter`, ignoring ASCII case, after
/// trimming it and composing any decomposed Korean: worked out here, not in SQL.
fn expected_keys(all: &[ConsultationSummary], filter: &str) -> Vec<String> {
    let needle: String = filter.trim().nfc().collect::<String>().to_ascii_lowercase();
    all.iter()
        .filter(|s| format!("{} {} {}", s.key, s.name, s.team).to_ascii_lowercase().contains(&needle))
        .map(|s| s.key.clone())
        .collect()
}

#[test]
fn consultation_pages_put_together_are_the_whole_filtered_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let store = consultation_store(&path);
    let everything = store.consultation_summaries(TODAY).unwrap();
    assert_eq!(everything.len(), 26);
    let keys: Vec<&str> = everything.iter().map(|s| s.key.as_str()).collect();
    assert!(keys.is_sorted(), "{keys:?}");
    assert!(everything.iter().any(|s| s.open_items > 0 && s.overdue_items > 0));
    assert!(everything.iter().any(|s| s.open_items > s.overdue_items && s.overdue_items > 0));

    let decomposed: String = "챗봇".nfd().collect();
    let filters: &[(&str, usize)] = &[
        ("", 26),
        ("   ", 26),
        ("care", 3),
        ("CARE", 3),
        ("  Care ", 3),
        ("챗봇", 3),
        (&decomposed, 3),
        ("|", 13),
        (" | ", 13),
        ("a|b", 1),
        ("케어 ai팀", 6),
        ("팀", 8),
        ("fintech", 1),
        ("100%", 1),
        ("_", 1),
        ("%", 1),
        ("école", 0),
        ("École", 1),
        ("s0", 10),
        ("nothing like it", 0),
    ];
    for &(filter, count) in filters {
        let full = store.find_consultations(TODAY, filter).unwrap();
        let full_keys: Vec<String> = full.iter().map(|s| s.key.clone()).collect();
        assert_eq!(full_keys, expected_keys(&everything, filter), "filter {filter:?}");
        assert_eq!(full.len(), count, "filter {filter:?}: {full_keys:?}");
        assert_eq!(store.count_consultations(filter).unwrap(), full.len(), "count for {filter:?}");
        // The same rows, with the same progress and item counts, as in the whole list.
        for s in &full {
            assert_eq!(Some(s), everything.iter().find(|e| e.key == s.key), "filter {filter:?}");
        }
        for size in [1, 2, 3, 4, 7, 10, 50] {
            let mut joined = Vec::new();
            let mut offset = 0;
            loop {
                let page = store.consultations_page(TODAY, filter, offset, Some(size)).unwrap();
                assert!(page.len() <= size);
                let last = page.len() < size;
                offset += page.len();
                joined.extend(page);
                if last {
                    break;
                }
            }
            assert_eq!(joined, full, "filter {filter:?}, pages of {size}");
            for offset in 0..=full.len() + 1 {
                let page = store.consultations_page(TODAY, filter, offset, Some(size)).unwrap();
                let expected = &full[offset.min(full.len())..(offset + size).min(full.len())];
                assert_eq!(page, expected, "filter {filter:?}, {size} from {offset}");
            }
        }
        assert_eq!(store.consultations_page(TODAY, filter, 0, None).unwrap(), full);
        assert_eq!(store.consultations_page(TODAY, filter, 3, None).unwrap(), full[3.min(full.len())..]);
        // Where each consultation stands in the list, or would stand if it matched.
        for s in &everything {
            let (position, total) = store.consultation_position(filter, &s.key).unwrap();
            assert_eq!(total, full.len(), "{filter:?}: the count beside {}", s.key);
            assert_eq!(position, full.partition_point(|f| f.key < s.key), "{filter:?}: {}", s.key);
            if let Some(index) = full.iter().position(|f| f.key == s.key) {
                assert_eq!(position, index, "{filter:?}: {}", s.key);
            }
        }
        for absent in ["A0", "CARE1", "ZZZZ"] {
            let (position, total) = store.consultation_position(filter, absent).unwrap();
            assert_eq!(total, full.len(), "{filter:?}: the count beside {absent}");
            assert_eq!(position, full.partition_point(|f| f.key.as_str() < absent), "{filter:?}: {absent}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// 4. items_sql against find_items
// ---------------------------------------------------------------------------------------

const OWNERS: [&str; 7] = ["Alice", "alice", "ALICE", "O'Brien", "o'brien", "김지우", ""];

const TITLES: [&str; 8] = [
    "It's the consent flow",
    "동의 절차 점검",
    "Red-team the 챗봇",
    "'quoted' title",
    "what? 100%_done",
    "Bias check for 사투리 speakers",
    "plain title",
    "O'Brien's ''double'' review",
];

/// 3 consultations, `items` items in every status, owners differing in case and with quotes,
/// titles with quotes, '?', '%' and Korean; built in memory (a few thousand commits to a file
/// cost seconds) and written to `path` whole, where the returned store reads it.
fn item_store(path: &Path, items: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let cs = [
        create(&mut store, "CARE", "돌봄", ""),
        create(&mut store, "LOAN", "대출", ""),
        create(&mut store, "AB1", "x", ""),
    ];
    let mut rng = Mix(7);
    for n in 0..items {
        let c = &cs[rng.below(3) as usize];
        let new = NewItem {
            title: format!("{} #{n}", TITLES[rng.below(TITLES.len() as u64) as usize]),
            detail: if rng.chance(30) { "세부 it's \"detail\", with\nlines".into() } else { String::new() },
            owner: OWNERS[rng.below(OWNERS.len() as u64) as usize].into(),
            due: rng.chance(70).then(|| day_after_base(rng.below(200) as i64 - 60)),
            priority: rng.chance(60).then(|| PRIORITIES[rng.below(4) as usize]),
            risk: rng.chance(30).then(|| Risk::new(1 + rng.below(5) as u8, 1 + rng.below(5) as u8).unwrap()),
            principles: vec![PRINCIPLES[rng.below(PRINCIPLES.len() as u64) as usize].to_string()],
            stage: "planning".into(),
            ..NewItem::default()
        };
        let item = store.raise_item(c, &new, None).unwrap();
        let status = STATUSES[rng.below(5) as usize];
        if status != ItemStatus::Open {
            let update = ItemUpdate { status: Some(status), note: Some("n".into()), ..ItemUpdate::default() };
            store.update_item(&item.key, &update, None).unwrap();
        }
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    store.backup_to(path, false).unwrap();
    Store::open(path).unwrap()
}

fn query(today: &str) -> ItemQuery {
    ItemQuery::new(today)
}

fn ids(items: &[Item]) -> Vec<String> {
    items.iter().map(|i| i.id.clone()).collect()
}

#[test]
fn items_sql_run_by_sqlite_returns_what_find_items_returns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let store = item_store(&path, 150);
    let today = TODAY;
    let with = |f: &dyn Fn(&mut ItemQuery)| {
        let mut q = query(today);
        f(&mut q);
        q
    };
    // (query, whether it must find something: a query finding nothing proves little)
    let mut queries: Vec<(ItemQuery, bool)> = vec![
        (query(today), true),
        (with(&|q| q.status = StatusFilter::All), true),
        (with(&|q| q.owner = Some("alice".into())), true),
        (with(&|q| q.owner = Some("ALICE".into())), true),
        (with(&|q| q.owner = Some(" aLiCe ".into())), true),
        (with(&|q| q.owner = Some("o'brien".into())), true),
        (with(&|q| q.owner = Some("O'BRIEN".into())), true),
        (with(&|q| q.owner = Some("김지우".into())), true),
        (with(&|q| q.owner = Some("nobody".into())), false),
        (with(&|q| q.search = Some("'".into())), true),
        (with(&|q| q.search = Some("it's".into())), true),
        (with(&|q| q.search = Some("''double''".into())), true),
        (with(&|q| q.search = Some("챗봇".into())), true),
        (with(&|q| q.search = Some("사투리".into())), true),
        (with(&|q| q.search = Some("?".into())), true),
        (with(&|q| q.search = Some("100%_".into())), true),
        (with(&|q| q.search = Some("care-1".into())), true),
        (with(&|q| q.search = Some("QUOTED".into())), true),
        (with(&|q| q.consultation = Some("loan".into())), true),
        (with(&|q| q.min_priority = Some(Priority::High)), true),
        (with(&|q| q.overdue = true), true),
        (
            with(&|q| {
                q.overdue = true;
                q.status = StatusFilter::All;
                q.sort = ItemSort::Due;
            }),
            true,
        ),
        (
            with(&|q| {
                q.owner = Some("O'Brien".into());
                q.search = Some("it's".into());
                q.status = StatusFilter::All;
            }),
            true,
        ),
    ];
    for status in STATUSES {
        queries.push((with(&|q| q.status = StatusFilter::Only(status)), true));
    }
    for sort in [ItemSort::Priority, ItemSort::Due, ItemSort::Key, ItemSort::Updated, ItemSort::Owner] {
        for (limit, offset) in [(None, 0), (Some(10), 0), (Some(7), 13), (Some(1000), 5), (Some(5), 10_000)] {
            let q = with(&|q| {
                q.status = StatusFilter::All;
                q.sort = sort;
                q.limit = limit;
                q.offset = offset;
            });
            queries.push((q, offset < 100));
        }
        queries.push((
            with(&|q| {
                q.sort = sort;
                q.search = Some("'".into());
                q.limit = Some(4);
                q.offset = 2;
            }),
            true,
        ));
    }

    let conn = plain(&path);
    for (q, must_find) in &queries {
        let sql = store.items_sql(q).unwrap();
        let mut stmt = conn.prepare(&sql).unwrap_or_else(|e| panic!("{e}\n{sql}"));
        let from_sql: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
        let found = store.find_items(q).unwrap();
        assert_eq!(from_sql, ids(&found), "{q:?}\n{sql}");
        assert_eq!(!found.is_empty(), *must_find, "{q:?}");
        if q.limit.is_none() {
            assert_eq!(store.count_items(q).unwrap(), found.len() as i64, "{q:?}");
        }
        // with_item_rows streams the very same rows, every field read in place as
        // find_items reads it into an item.
        let streamed = store
            .with_item_rows(q, |rows| {
                std::iter::from_fn(|| rows.next_item().unwrap().map(|i| format!("{i:?}"))).collect::<Vec<_>>()
            })
            .unwrap();
        assert_eq!(streamed, found.iter().map(|i| format!("{:?}", i.view())).collect::<Vec<_>>(), "{q:?}");
    }
    // Case-insensitive owners: all three spellings of Alice, O'Brien in both.
    let owners = |name: &str| {
        let found = store.find_items(&with(&|q| q.owner = Some(name.into()))).unwrap();
        found.iter().map(|i| i.owner.clone()).collect::<BTreeSet<_>>()
    };
    assert_eq!(owners("alice"), ["ALICE", "Alice", "alice"].map(String::from).into());
    assert_eq!(owners("O'BRIEN"), ["O'Brien", "o'brien"].map(String::from).into());
}

// ---------------------------------------------------------------------------------------
// 5. The real binary
// ---------------------------------------------------------------------------------------

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout ({} bytes):\n{}\nstderr:\n{}",
        o.stdout.len(),
        String::from_utf8_lossy(&o.stdout[..o.stdout.len().min(2000)]),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The binary's "today" (its clock is set by the test).
fn local_today() -> String {
    common::clock::BINARY_DAY.to_string()
}

/// The query `chec items ARGS` runs, as the test builds it by hand.
fn cli_query(today: &str, args: &[&str]) -> ItemQuery {
    let mut q = ItemQuery::new(today);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--overdue" => q.overdue = true,
            flag => {
                let value = args.next().unwrap().to_string();
                match flag {
                    "--status" => q.status = value.parse().unwrap(),
                    "--owner" => q.owner = Some(value),
                    "--consultation" => q.consultation = Some(value),
                    "--min-priority" => q.min_priority = Some(value.parse().unwrap()),
                    "--search" => q.search = Some(value),
                    "--sort" => q.sort = value.parse().unwrap(),
                    other => panic!("{other}"),
                }
            }
        }
    }
    q
}

/// What `chec items --format json` must print for `items`: each item as the library
/// serialises it, with its score and overdue flag, cleaned as chec cleans JSON.
fn expected_json(items: &[Item], today: &str) -> serde_json::Value {
    serde_json::Value::Array(
        items
            .iter()
            .map(|i| {
                let json = ItemJson { item: i, score: i.risk_score(), overdue: i.is_overdue(today) };
                chec::export::json::clean(serde_json::to_value(json).unwrap())
            })
            .collect(),
    )
}

#[test]
fn chec_items_streams_json_and_csv_equal_to_find_items() {
    let env = Env::new();
    let today = local_today();
    let store = item_store(&env.db(), 400);
    let cases: &[&[&str]] = &[
        &[],
        &["--status", "all", "--sort", "key"],
        &["--status", "all", "--sort", "updated"],
        &["--owner", "ALICE", "--sort", "due"],
        &["--owner", "o'brien", "--status", "all", "--sort", "owner"],
        &["--search", "it's", "--status", "all"],
        &["--search", "챗봇"],
        &["--consultation", "care", "--min-priority", "high", "--status", "all"],
        &["--status", "wont-do", "--sort", "priority"],
        &["--overdue", "--sort", "due"],
    ];
    for args in cases {
        let q = cli_query(&today, args);
        let found = store.find_items(&q).unwrap();
        assert!(!found.is_empty(), "{args:?} finds nothing");

        let mut json_args = vec!["items", "--format", "json"];
        json_args.extend_from_slice(args);
        let out = env.ok(&json_args);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"));
        let printed: Vec<&str> = json.as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
        let keys: Vec<&str> = found.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(printed, keys, "{args:?}");
        assert_eq!(json, expected_json(&found, &today), "{args:?}");

        let mut csv_args = vec!["items", "--format", "csv"];
        csv_args.extend_from_slice(args);
        let out = env.ok(&csv_args);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        assert_eq!(reader.headers().unwrap().get(0), Some("key"));
        let records: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(records.len(), found.len(), "{args:?}");
        let csv_keys: Vec<&str> = records.iter().map(|r| r.get(0).unwrap()).collect();
        assert_eq!(csv_keys, keys, "{args:?}");
        // Details span lines: more lines than rows, so the count above is of records.
        if found.iter().any(|i| i.detail.contains('\n')) {
            assert!(out.lines().count() > found.len() + 1, "{args:?}");
        }
    }
}

fn read_a_little_then_hang_up(env: &Env, args: &[&str], bytes: usize) -> Output {
    common::pipes::read_a_little_then_hang_up(env.command(args), bytes)
}

fn with_stdout_closed(env: &Env, args: &[&str]) -> Output {
    common::pipes::with_stdout_closed(env.command(args))
}

#[test]
fn the_gate_exits_3_and_counts_every_failing_item_when_the_reader_hangs_up_early() {
    let env = Env::new();
    let store = item_store(&env.db(), 3000);
    let today = local_today();
    let gate = ItemQuery { min_priority: Some(Priority::High), ..ItemQuery::new(&today) };
    let failing = store.count_items(&gate).unwrap();
    assert!(failing > 300, "{failing}");
    let expected_stderr = format!("chec: {failing} active items at high or above:\n");

    for format in ["json", "csv"] {
        let args = ["items", "--status", "all", "--format", format, "--fail-on", "high"];
        // Whole, the listing is far more than a pipe holds.
        let whole = env.command(&args).output().unwrap();
        assert_exit(&whole, 3);
        assert!(whole.stdout.len() > 4 * 65_536, "{format}: {} bytes", whole.stdout.len());
        let stderr = String::from_utf8(whole.stderr).unwrap();
        assert!(stderr.starts_with(&expected_stderr), "{format}: {}", &stderr[..200.min(stderr.len())]);
        assert_eq!(stderr.lines().count() as i64, failing + 1, "{format}: one line per failing item");

        for bytes in [1, 10, 70_000] {
            let o = read_a_little_then_hang_up(&env, &args, bytes);
            assert_exit(&o, 3);
            let stderr = String::from_utf8(o.stderr).unwrap();
            assert!(stderr.starts_with(&expected_stderr), "{format}, {bytes} bytes read: {stderr:.200}");
            assert_eq!(stderr.lines().count() as i64, failing + 1, "{format}, {bytes} bytes read");
        }
        let o = with_stdout_closed(&env, &args);
        assert_exit(&o, 3);
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert!(stderr.starts_with(&expected_stderr), "{format}, stdout closed: {stderr:.200}");
        assert_eq!(stderr.lines().count() as i64, failing + 1, "{format}, stdout closed");
    }
    // Without the gate, hanging up is a quiet success.
    let o = read_a_little_then_hang_up(&env, &["items", "--status", "all", "--format", "json"], 10);
    assert_exit(&o, 0);
    assert!(o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
}
