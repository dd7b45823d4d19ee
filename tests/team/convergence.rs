//! Convergence, as a property: N machines make random changes to one consultation and sync
//! on random schedules; once every machine has synced, all hold the same record (compared
//! as a canonical dump), and no text any of them committed is lost from it.
//!
//! The repository is played by a shared log of events (what git carries, without git), so
//! many cases run fast: `CHEC_PROPTEST_CASES` sets how many (default 24). With
//! `CHEC_TEAM_GIT_CASES=N`, N more cases run through real git repositories.

use crate::common;

use chec::domain::QuestionRef;
use chec::domain::{
    Assessment, Attendee, ItemStatus, ItemUpdate, MeetingField, NewItem, NewMeeting, ResponseField, Saved, TextEdit,
    TextTarget,
};
use chec::storage::{Import, Incoming, Store};
use proptest::prelude::*;

const DAY: &str = "2026-11-22";
const PEOPLE: [&str; 3] = ["김민지", "이서연", "박준호"];
const QUESTIONS: [QuestionRef<'static>; 3] = [
    QuestionRef { id: "PLN-01", stage: "planning" },
    QuestionRef { id: "PLN-02", stage: "planning" },
    QuestionRef { id: "PLN-03", stage: "planning" },
];

/// Choice questions of the AI impact screening and answers to them: `none` on SCR-01 hides
/// SCR-02 and SCR-03, the others score.
const SCREEN_CHOICES: [(QuestionRef<'static>, &[&str]); 3] = [
    (QuestionRef { id: "SCR-01", stage: "screening" }, &["health", "none", "rights unsure", ""]),
    (QuestionRef { id: "SCR-03", stage: "screening" }, &["decides", "informs", "no-decision"]),
    (QuestionRef { id: "SCR-04", stage: "screening" }, &["few", "many", "everyone"]),
];

/// Open the scored consultation every machine also works on.
fn open_screen(store: &mut Store) {
    let q = common::catalog::questionnaire("ai-impact-screening");
    let new = chec::domain::NewConsultation {
        key: "SCREEN".parse().unwrap(),
        name: "채용 심사 | hiring".into(),
        team: String::new(),
        description: String::new(),
        traits: vec![],
    };
    store.create_consultation(&new, &q).unwrap();
}

#[derive(Debug, Clone)]
enum Op {
    /// Edit an answer or notes from what this machine shows.
    Text {
        machine: usize,
        question: usize,
        notes: bool,
        text: String,
    },
    Assess {
        machine: usize,
        question: usize,
        assessment: usize,
    },
    Raise {
        machine: usize,
        title: String,
    },
    ItemStatus {
        machine: usize,
        item: usize,
        status: usize,
    },
    ItemTitle {
        machine: usize,
        item: usize,
        title: String,
    },
    ItemRisk {
        machine: usize,
        item: usize,
        likelihood: u8,
        impact: u8,
    },
    /// Sign the planning stage off (carrying every pending item over), or reopen it.
    Stage {
        machine: usize,
    },
    /// Start a meeting, or end the running one.
    Meeting {
        machine: usize,
    },
    MeetingNotes {
        machine: usize,
        text: String,
    },
    Attendees {
        machine: usize,
        people: Vec<usize>,
    },
    /// Settle the first conflict this machine shows, keeping one version.
    Settle {
        machine: usize,
        keep: usize,
    },
    /// Answer a choice question of the scored consultation (SCREEN, on the shipped AI impact
    /// screening): its conditions hide questions and its points move the impact level.
    Value {
        machine: usize,
        question: usize,
        choice: usize,
    },
    Sync {
        machine: usize,
    },
    Later {
        machine: usize,
        minutes: i64,
    },
}

fn text() -> impl Strategy<Value = String> {
    "[가나다라 a-c|]{0,8}"
}

fn op(machines: usize) -> impl Strategy<Value = Op> {
    let m = 0..machines;
    prop_oneof![
        4 => (m.clone(), 0..3usize, any::<bool>(), text())
            .prop_map(|(machine, question, notes, text)| Op::Text { machine, question, notes, text }),
        2 => (m.clone(), 0..3usize, 0..5usize).prop_map(|(machine, question, assessment)| Op::Assess { machine, question, assessment }),
        2 => (m.clone(), "[a-z]{1,6}").prop_map(|(machine, title)| Op::Raise { machine, title }),
        2 => (m.clone(), 0..4usize, 0..5usize).prop_map(|(machine, item, status)| Op::ItemStatus { machine, item, status }),
        2 => (m.clone(), 0..4usize, "[a-z가]{1,6}").prop_map(|(machine, item, title)| Op::ItemTitle { machine, item, title }),
        1 => (m.clone(), 0..4usize, 1..6u8, 1..6u8)
            .prop_map(|(machine, item, likelihood, impact)| Op::ItemRisk { machine, item, likelihood, impact }),
        1 => m.clone().prop_map(|machine| Op::Stage { machine }),
        1 => m.clone().prop_map(|machine| Op::Meeting { machine }),
        2 => (m.clone(), text()).prop_map(|(machine, text)| Op::MeetingNotes { machine, text }),
        1 => (m.clone(), prop::collection::vec(0..3usize, 0..3)).prop_map(|(machine, people)| Op::Attendees { machine, people }),
        1 => (m.clone(), 0..3usize).prop_map(|(machine, keep)| Op::Settle { machine, keep }),
        2 => (m.clone(), 0..3usize, 0..4usize).prop_map(|(machine, question, choice)| Op::Value { machine, question, choice }),
        5 => m.clone().prop_map(|machine| Op::Sync { machine }),
        1 => (m, 1..10i64).prop_map(|(machine, minutes)| Op::Later { machine, minutes }),
    ]
}

/// How a machine reaches the others.
trait Network {
    fn sync(&mut self, machine: usize, store: &mut Store);
    /// A machine that joins now, with everything at once: its first import.
    fn newcomer(&mut self) -> Store;
}

/// The repository, played by a shared log: a sync sends this machine's new events and
/// imports everything else.
#[derive(Default)]
struct Log {
    events: Vec<Incoming>,
}

impl Network for Log {
    fn sync(&mut self, _machine: usize, store: &mut Store) {
        let unsent = store.unsent_events().unwrap();
        store.mark_sent(&unsent.iter().map(|e| e.id.clone()).collect::<Vec<_>>()).unwrap();
        for event in unsent {
            let place = format!("log:{}", self.events.len() + 1);
            self.events.push(Incoming::new(event, place));
        }
        let device = store.device().unwrap();
        let events = self.events.iter().filter(|i| i.event.device != device).cloned().collect();
        let report = store.import(Import { events, ..Import::default() }).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }

    fn newcomer(&mut self) -> Store {
        let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
        store.set_actor("newcomer");
        let report = store.import(Import { events: self.events.clone(), ..Import::default() }).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        store
    }
}

/// The real thing: a bare repository, each machine's database with its clone beside it.
struct GitTeam {
    dbs: Vec<std::path::PathBuf>,
    remote: String,
    dir: tempfile::TempDir,
}

impl Network for GitTeam {
    fn sync(&mut self, machine: usize, store: &mut Store) {
        let report = chec::team::sync::sync(store, &self.dbs[machine], true).unwrap();
        assert!(report.import.problems.is_empty(), "{:?}", report.import.problems);
        assert!(report.offline.is_none(), "{:?}", report.offline);
    }

    fn newcomer(&mut self) -> Store {
        let mut m = common::team::Machine::new(self.dir.path(), "newcomer", "newcomer", DAY);
        m.join(&self.remote);
        m.store
    }
}

/// Machines of a team sharing a bare repository: the first opens CARE and starts the team,
/// every one is a consultant, the others join.
fn git_world(machines: usize) -> World<GitTeam> {
    let dir = tempfile::tempdir().unwrap();
    let remote = common::team::bare_repository(dir.path());
    let mut team: Vec<common::team::Machine> =
        (0..machines).map(|m| common::team::Machine::new(dir.path(), &format!("m{m}"), PEOPLE[m], DAY)).collect();
    common::team::open(&mut team[0].store, "CARE", "돌봄 챗봇 | Care");
    open_screen(&mut team[0].store);
    team[0].init(&remote);
    let first = &mut team[0];
    for person in &PEOPLE[1..machines] {
        chec::team::sync::set_member(&mut first.store, &first.db, person, chec::domain::Role::Consultant).unwrap();
    }
    team[0].sync();
    for m in team.iter_mut().skip(1) {
        m.join(&remote);
    }
    let dbs = team.iter().map(|m| m.db.clone()).collect();
    let stores = team.into_iter().map(|m| m.store).collect();
    World { stores, network: GitTeam { dbs, remote, dir }, committed: Committed::default() }
}

/// Texts committed somewhere, each of which must be in the record at the end.
#[derive(Default, Debug)]
struct Committed {
    responses: Vec<(String, &'static str, String)>,
    meeting_notes: Vec<String>,
    titles: Vec<String>,
}

struct World<N: Network> {
    stores: Vec<Store>,
    network: N,
    committed: Committed,
}

impl<N: Network> World<N> {
    fn apply(&mut self, op: &Op) {
        match op.clone() {
            Op::Text { machine, question, notes, text } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                let q = QUESTIONS[question];
                let field = if notes { ResponseField::Notes } else { ResponseField::Answer };
                let shown =
                    store.responses(&c).unwrap().get(q.id).map(|r| r.text(field).to_string()).unwrap_or_default();
                let meeting = store.running_meeting(&c).unwrap().map(|m| m.id);
                match store.set_response_text(&c, q, field, &TextEdit::new(shown, text.clone()), meeting.as_deref()) {
                    Ok(Saved::Changed) => {
                        // As stored: text that shows nothing (a lone space) is kept as empty.
                        let kept = store.responses(&c).unwrap()[q.id].text(field).to_string();
                        self.committed.responses.push((q.id.to_string(), field.as_str(), kept))
                    }
                    Ok(_) => {}
                    // A reopened or signed-off stage, say: refused whole.
                    Err(_) => {}
                }
            }
            Op::Assess { machine, question, assessment } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                let _ = store.set_assessment(&c, QUESTIONS[question], Assessment::ALL[assessment], None);
            }
            Op::Raise { machine, title } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                store
                    .raise_item(
                        &c,
                        &NewItem { title: title.clone(), stage: "planning".into(), ..Default::default() },
                        None,
                    )
                    .unwrap();
                self.committed.titles.push(title);
            }
            Op::ItemStatus { machine, item, status } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                if let Some(item) = store.items_of(&c).unwrap().get(item) {
                    let update = ItemUpdate {
                        status: Some(ItemStatus::ALL[status]),
                        note: Some("why".into()),
                        ..Default::default()
                    };
                    store.update_item(&item.key, &update, None).unwrap();
                }
            }
            Op::ItemTitle { machine, item, title } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                if let Some(item) = store.items_of(&c).unwrap().get(item).cloned() {
                    let update = ItemUpdate {
                        title: Some(title.clone()),
                        started_from: Some(Box::new(item.clone())),
                        ..Default::default()
                    };
                    if store.update_item(&item.key, &update, None).is_ok() && item.title != title {
                        self.committed.titles.push(title);
                    }
                }
            }
            Op::ItemRisk { machine, item, likelihood, impact } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                if let Some(item) = store.items_of(&c).unwrap().get(item) {
                    let risk = chec::domain::Risk::new(likelihood, impact).unwrap();
                    store.update_item(&item.key, &ItemUpdate { risk: Some(risk), ..Default::default() }, None).unwrap();
                }
            }
            Op::Stage { machine } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                let planning = store.stage_statuses(&c).unwrap().into_iter().next().unwrap();
                if planning.state == chec::domain::StageState::SignedOff {
                    store.reopen_stage(&c, "planning", "다시 | again").unwrap();
                } else {
                    let pending = store.active_items(&c, chec::domain::Priority::High).unwrap();
                    let decisions: Vec<chec::domain::ItemDecision> = pending
                        .iter()
                        .map(|i| chec::domain::ItemDecision {
                            item_key: i.key.clone(),
                            decision: chec::domain::Decision::CarryOver,
                            reason: "나중에".into(),
                        })
                        .collect();
                    let warnings = store.sign_off_warnings(&c, "planning").unwrap();
                    store.sign_off_stage(&c, "planning", "끝 | done", &decisions, None, &warnings).unwrap();
                }
            }
            Op::Meeting { machine } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                match store.running_meeting(&c).unwrap() {
                    Some(m) => store.end_meeting(&m.id).unwrap(),
                    None => {
                        store
                            .start_meeting(&c, &NewMeeting { stage: "planning".into(), ..Default::default() })
                            .unwrap();
                    }
                }
            }
            Op::MeetingNotes { machine, text } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                if let Some(m) = store.meetings(&c).unwrap().last() {
                    let edit = TextEdit::new(m.notes.clone(), text.clone());
                    if store.set_meeting_text(&c, &m.id, MeetingField::Notes, &edit).unwrap() == Saved::Changed {
                        // As stored: text that shows nothing (a lone space) is kept as empty.
                        let kept = store.meeting(&m.id).unwrap().map(|m| m.notes).unwrap_or_default();
                        self.committed.meeting_notes.push(kept);
                    }
                }
            }
            Op::Attendees { machine, people } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("CARE").unwrap().unwrap();
                if let Some(m) = store.meetings(&c).unwrap().last() {
                    let list: Vec<Attendee> =
                        people.iter().map(|p| Attendee { name: PEOPLE[*p].into(), role: String::new() }).collect();
                    store.set_attendees(&m.id, &list).unwrap();
                }
            }
            Op::Settle { machine, keep } => {
                let store = &mut self.stores[machine];
                if let Some(conflict) = store.team_conflicts().unwrap().into_iter().next() {
                    let c = store.consultation(&conflict.consultation).unwrap().unwrap();
                    let text = conflict.versions[keep % conflict.versions.len()].value.clone();
                    store.resolve_conflict(&c, &conflict.target, &text).unwrap();
                    match &conflict.target {
                        TextTarget::Meeting { .. } => self.committed.meeting_notes.push(text),
                        TextTarget::Item { .. } => self.committed.titles.push(text),
                        TextTarget::Response { question, field } => {
                            self.committed.responses.push((question.clone(), field.as_str(), text))
                        }
                        TextTarget::Attendees { .. } => {}
                    }
                }
            }
            Op::Value { machine, question, choice } => {
                let store = &mut self.stores[machine];
                let c = store.consultation("SCREEN").unwrap().unwrap();
                let (q, choices) = SCREEN_CHOICES[question];
                let _ = store.set_response_value(&c, q, choices[choice % choices.len()], None);
            }
            Op::Sync { machine } => self.network.sync(machine, &mut self.stores[machine]),
            Op::Later { machine, minutes } => self.stores[machine].clock().advance(chrono::TimeDelta::minutes(minutes)),
        }
    }

    /// Everyone syncs, twice round, then all must agree and hold every committed text.
    fn settle_and_check(&mut self) {
        for _ in 0..2 {
            for m in 0..self.stores.len() {
                self.network.sync(m, &mut self.stores[m]);
            }
        }
        let mut dumps: Vec<String> = self.stores.iter().map(|s| s.canonical_dump().unwrap()).collect();
        // A first import of all of it, at once, gives the same record as syncing along.
        dumps.push(self.network.newcomer().canonical_dump().unwrap());
        for (m, dump) in dumps.iter().enumerate().skip(1) {
            assert!(dump == &dumps[0], "machine {m} differs from machine 0:\n{}", first_difference(&dumps[0], dump));
        }
        let store = &self.stores[0];
        let c = store.consultation("CARE").unwrap().unwrap();
        let histories = store.response_histories(&c).unwrap();
        for (question, field, text) in &self.committed.responses {
            let kept =
                histories.get(question).is_some_and(|h| h.iter().any(|c| c.field == *field && c.new_value == *text));
            assert!(kept, "{question} {field} '{text}' was committed and is not in the history");
        }
        let meetings = store.meetings(&c).unwrap();
        for text in &self.committed.meeting_notes {
            let kept = meetings.iter().any(|m| {
                m.notes == *text
                    || store
                        .text_heads(&c, &TextTarget::Meeting { meeting: m.id.clone(), field: MeetingField::Notes })
                        .unwrap()
                        .iter()
                        .any(|h| h.value == *text)
            }) || meeting_history_has(store, text);
            assert!(kept, "meeting notes '{text}' were committed and are lost");
        }
        let items = store.items_of(&c).unwrap();
        for title in &self.committed.titles {
            let kept = items.iter().any(|i| {
                i.title == *title
                    || store.item_history(i).unwrap().iter().any(|h| {
                        h.field == "title" && [&h.old_value, &h.new_value].iter().any(|v| v.as_deref() == Some(title))
                    })
            });
            assert!(kept, "item title '{title}' was committed and is lost");
        }
    }
}

/// Whether a meeting text ever held `text`, read from the dump's meeting history.
fn meeting_history_has(store: &Store, text: &str) -> bool {
    let dump = store.canonical_dump().unwrap();
    let section = dump.split("# meeting_history\n").nth(1).unwrap_or("");
    section.lines().take_while(|l| !l.starts_with('#')).any(|line| {
        let row: Vec<serde_json::Value> = serde_json::from_str(line).unwrap();
        row[1] == "notes" && row[3] == text
    })
}

fn first_difference(a: &str, b: &str) -> String {
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n  {x}\n  {y}", n + 1);
        }
    }
    format!("lengths {} and {}", a.lines().count(), b.lines().count())
}

/// Machines that have all joined CARE, opened on the first.
fn world<N: Network>(machines: usize, mut network: N) -> World<N> {
    let mut stores: Vec<Store> = (0..machines)
        .map(|m| {
            let mut store = common::clock::on_day(Store::open_in_memory().unwrap(), DAY);
            store.set_actor(PEOPLE[m]);
            store
        })
        .collect();
    common::team::open(&mut stores[0], "CARE", "돌봄 챗봇 | Care");
    open_screen(&mut stores[0]);
    for (m, store) in stores.iter_mut().enumerate() {
        network.sync(m, store);
    }
    World { stores, network, committed: Committed::default() }
}

fn cases(var: &str, default: u32) -> u32 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases("CHEC_PROPTEST_CASES", 24), ..ProptestConfig::default() })]

    #[test]
    fn machines_syncing_on_random_schedules_end_with_the_same_record_and_every_committed_text(
        machines in 2..4usize,
        ops in prop::collection::vec(op(3), 1..40),
    ) {
        let mut world = world(machines, Log::default());
        for op in ops.iter().filter(|op| machine_of(op) < machines) {
            world.apply(op);
        }
        world.settle_and_check();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases("CHEC_TEAM_GIT_CASES", 0), ..ProptestConfig::default() })]

    /// The same through git: opt in with `CHEC_TEAM_GIT_CASES=N` (each case takes seconds).
    #[test]
    fn machines_syncing_through_git_on_random_schedules_end_with_the_same_record(
        machines in 2..4usize,
        ops in prop::collection::vec(op(3), 1..25),
    ) {
        let mut world = git_world(machines);
        for op in ops.iter().filter(|op| machine_of(op) < machines) {
            world.apply(op);
        }
        world.settle_and_check();
    }
}

fn machine_of(op: &Op) -> usize {
    match op {
        Op::Text { machine, .. }
        | Op::Assess { machine, .. }
        | Op::Raise { machine, .. }
        | Op::ItemStatus { machine, .. }
        | Op::ItemTitle { machine, .. }
        | Op::ItemRisk { machine, .. }
        | Op::Stage { machine }
        | Op::Meeting { machine }
        | Op::MeetingNotes { machine, .. }
        | Op::Attendees { machine, .. }
        | Op::Settle { machine, .. }
        | Op::Value { machine, .. }
        | Op::Sync { machine }
        | Op::Later { machine, .. } => *machine,
    }
}
