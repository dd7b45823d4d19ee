//! Item text search on each of its three paths, and reads that give way to the user:
//!
//! 1. `Store::interruptible`: a `stop` that says yes ends a long read with
//!    `StoreError::Interrupted`, one that says no changes nothing, and afterwards the store
//!    reads and writes as before (the progress handler is gone);
//! 2. `find_items`, its pages and `count_items_up_to` with a search the trigram index finds
//!    in 2,000 items or more (the "many" path, where an index that reads the sort order may
//!    be forced with `INDEXED BY`), in fewer (the "few" path, the items table `NOT INDEXED`
//!    so that SQLite starts from the matches) and with a text too short for trigrams (the
//!    `instr` scan: a pass over the table that finds the matches when they are few, or an
//!    ordered walk when they are many), each against the obvious answer: every item,
//!    filtered and sorted in Rust.

use crate::common;

use std::cmp::Reverse;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use chec::domain::{
    Consultation, Item, ItemQuery, ItemSort, ItemStatus, ItemUpdate, NewConsultation, NewItem, Priority, Risk,
    StatusFilter,
};
use chec::storage::{Store, StoreError, parse_item_key};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::mix::Mix;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// "Today" for every query: due dates are spread around it, so some items are overdue.
const TODAY: &str = "2025-03-01";

/// Where `Store::reading` switches from the few path to the many path.
const FEW: i64 = 2000;

fn base_day() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn base_time() -> DateTime<Utc> {
    Utc.from_utc_datetime(&base_day().and_hms_opt(9, 0, 0).unwrap())
}

fn create(store: &mut Store, key: &str, name: &str) -> Consultation {
    let new = NewConsultation {
        key: key.parse().unwrap(),
        name: name.into(),
        team: String::new(),
        description: String::new(),
        traits: Vec::new(),
    };
    let questionnaire = common::catalog::questionnaire("chec-default");
    store.create_consultation(&new, &questionnaire).unwrap()
}

fn keys(items: &[Item]) -> Vec<String> {
    items.iter().map(|i| i.key.clone()).collect()
}

// ---------------------------------------------------------------------------------------
// The fixture
// ---------------------------------------------------------------------------------------

/// How many items the fixture has.
const ITEMS: usize = 2600;

/// The word in six items of seven (2,228: the many path), in several spellings.
const COMMON: [&str; 6] = ["audit", "Audit", "AUDIT", "re-audit", "auditing", "감사 audit"];
/// In exactly 2,000 items: the first count at which the many path is taken.
const EDGE: &str = "ledger";
const TITLES: [&str; 7] = [
    "Data retention",
    "야간 응답 검토 | night review",
    "Bias check for 사투리 speakers",
    "Escalation path | 상담 연결",
    "plain title",
    "Model card",
    "| pipes | everywhere |",
];
const OWNERS: [&str; 8] = ["Alice", "alice", "ALICE", "O'Brien", "o'brien", "김지우", "", "Bob"];
const STATUSES: [ItemStatus; 6] = [
    ItemStatus::Open,
    ItemStatus::Open,
    ItemStatus::InProgress,
    ItemStatus::Resolved,
    ItemStatus::Accepted,
    ItemStatus::WontDo,
];
const PRIORITIES: [Priority; 4] = [Priority::Low, Priority::Medium, Priority::High, Priority::Critical];

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    /// Consultation key → id: the ties of every order but `Key` are by consultation id.
    ids: HashMap<String, String>,
}

/// 4 consultations created out of key order (so that ties by consultation id differ from
/// the order by key), `ITEMS` items in every status, owners differing in case, due dates
/// before and after `TODAY`, titles with Korean and '|', and last-changed times that
/// collide often (each item is stamped at one of 400 minutes).
///
/// Built once, in memory, and copied into a file for each test (a read-only test could
/// share it, but the threshold test changes an item).
fn fixture() -> Fixture {
    static TEMPLATE: OnceLock<(Mutex<Store>, HashMap<String, String>)> = OnceLock::new();
    let (template, ids) = TEMPLATE.get_or_init(|| {
        let (store, ids) = build_fixture();
        (Mutex::new(store), ids)
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    template.lock().unwrap_or_else(PoisonError::into_inner).backup_to(&path, false).unwrap();
    let store = Store::open(&path).unwrap();
    Fixture { _dir: dir, path, store, ids: ids.clone() }
}

/// Raise `new` on `c` and move it to `status`.
fn raise_with_status(store: &mut Store, c: &Consultation, new: &NewItem, status: ItemStatus) {
    let item = store.raise_item(c, new, None).unwrap();
    if status != ItemStatus::Open {
        let update = ItemUpdate { status: Some(status), note: Some("done".into()), ..ItemUpdate::default() };
        store.update_item(&item.key, &update, None).unwrap();
    }
}

fn build_fixture() -> (Store, HashMap<String, String>) {
    let mut store = Store::open_in_memory().unwrap();
    store.for_bulk_load().unwrap();
    let clock = chec::clock::Clock::manual(base_time(), chec::clock::Zone::UTC);
    store.set_clock(clock.clone());
    let cs = [
        create(&mut store, "LOAN", "대출 심사"),
        create(&mut store, "CARE", "돌봄 | 로봇"),
        create(&mut store, "ZED", "z"),
        create(&mut store, "AB1", "a"),
    ];
    let mut rng = Mix(2025);
    for n in 0..ITEMS {
        clock.set(base_time() + Duration::minutes(rng.below(400) as i64));
        let c = &cs[rng.below(cs.len() as u64) as usize];
        let mut title = vec![rng.pick(&TITLES).to_string()];
        let mut detail = vec![if rng.chance(30) { "세부 사항\nsecond line".to_string() } else { String::new() }];
        let mut put = |rng: &mut Mix, word: &str| {
            if rng.chance(50) { title.push(word.to_string()) } else { detail.push(word.to_string()) }
        };
        if n % 7 != 0 {
            let word = rng.pick(&COMMON);
            put(&mut rng, word);
        }
        if n % 13 < 10 {
            put(&mut rng, EDGE);
        }
        if rng.chance(15) {
            let word = rng.pick(&["consent", "Consent", "CONSENT form"]);
            put(&mut rng, word);
        }
        if rng.chance(10) {
            put(&mut rng, "동의서");
        }
        if rng.chance(20) {
            put(&mut rng, "챗봇");
        }
        title.push(format!("#{n}"));
        let new = NewItem {
            title: title.join(" "),
            detail: detail.join(" ").trim().to_string(),
            owner: rng.pick(&OWNERS).to_string(),
            due: rng.chance(75).then(|| base_day() + Duration::days(rng.below(200) as i64 - 100)),
            priority: rng.chance(60).then(|| rng.pick(&PRIORITIES)),
            risk: rng.chance(20).then(|| Risk::new(1 + rng.below(5) as u8, 1 + rng.below(5) as u8).unwrap()),
            stage: "planning".into(),
            ..NewItem::default()
        };
        raise_with_status(&mut store, c, &new, rng.pick(&STATUSES));
    }
    let ids = cs.iter().map(|c| (c.key.to_string(), c.id.clone())).collect();
    (store, ids)
}

// ---------------------------------------------------------------------------------------
// The obvious answer
// ---------------------------------------------------------------------------------------

/// What the obvious answer needs of an item, worked out once.
struct Row {
    key: String,
    consultation: String,
    /// The consultation's id: ties are broken by it, then by `seq`.
    consultation_id: String,
    seq: i64,
    status: ItemStatus,
    /// The owner as `COLLATE NOCASE` compares it: ASCII letters folded, then bytes.
    owner: String,
    priority: Priority,
    /// `due_date IS NULL, due_date`.
    due: (bool, Option<String>),
    updated_at: String,
    overdue: bool,
    /// "KEY-N title detail", lower case.
    text: String,
}

/// Every item of the store, read without a search.
fn rows(fixture: &Fixture) -> Vec<Row> {
    let mut q = ItemQuery::new(TODAY);
    q.status = StatusFilter::All;
    q.sort = ItemSort::Key;
    let all = fixture.store.find_items(&q).unwrap();
    all.iter()
        .map(|i| Row {
            key: i.key.clone(),
            consultation: i.consultation.clone(),
            consultation_id: fixture.ids[&i.consultation].clone(),
            seq: parse_item_key(&i.key).unwrap().1,
            status: i.status,
            owner: i.owner.to_ascii_lowercase(),
            priority: i.priority,
            due: (i.due_date.is_none(), i.due_date.clone()),
            updated_at: i.updated_at.clone(),
            overdue: i.is_overdue(TODAY),
            text: format!("{} {} {}", i.key, i.title, i.detail).to_lowercase(),
        })
        .collect()
}

/// The keys of the items `q` asks for, in its order, ignoring its paging: every filter
/// tested item by item, the search as a case-insensitive substring of "KEY-N title detail",
/// and ties broken as the query's ORDER BY does (by consultation id, then number), so that
/// the order is compared exactly.
fn expected(rows: &[Row], q: &ItemQuery) -> Vec<String> {
    assert_eq!(q.today, TODAY, "`Row::overdue` is as of TODAY");
    let owner = q.owner.as_deref().map(|o| o.trim().to_ascii_lowercase());
    let search = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
    let mut found: Vec<&Row> = rows
        .iter()
        .filter(|r| match q.status {
            StatusFilter::Active => r.status.is_active(),
            StatusFilter::All => true,
            StatusFilter::Only(s) => r.status == s,
        })
        .filter(|r| owner.as_ref().is_none_or(|o| r.owner == *o))
        .filter(|r| q.consultation.as_ref().is_none_or(|c| r.consultation.eq_ignore_ascii_case(c.trim())))
        .filter(|r| q.min_priority.is_none_or(|p| r.priority >= p))
        .filter(|r| !q.overdue || r.overdue)
        .filter(|r| search.as_ref().is_none_or(|s| r.text.contains(s.as_str())))
        .collect();
    match q.sort {
        ItemSort::Priority => {
            found.sort_by(|a, b| (Reverse(a.priority), &a.due, tie(a)).cmp(&(Reverse(b.priority), &b.due, tie(b))))
        }
        ItemSort::Due => {
            found.sort_by(|a, b| (&a.due, Reverse(a.priority), tie(a)).cmp(&(&b.due, Reverse(b.priority), tie(b))))
        }
        ItemSort::Key => found.sort_by(|a, b| (&a.consultation, a.seq).cmp(&(&b.consultation, b.seq))),
        ItemSort::Updated => {
            found.sort_by(|a, b| (Reverse(&a.updated_at), tie(a)).cmp(&(Reverse(&b.updated_at), tie(b))))
        }
        ItemSort::Owner => found.sort_by(|a, b| {
            (&a.owner, Reverse(a.priority), &a.due, tie(a)).cmp(&(&b.owner, Reverse(b.priority), &b.due, tie(b)))
        }),
    }
    found.iter().map(|r| r.key.clone()).collect()
}

/// The last keys of every order but `Key`: consultation id, then number.
fn tie<'a>(r: &&'a Row) -> (&'a str, i64) {
    (r.consultation_id.as_str(), r.seq)
}

/// The extra filters every search is combined with.
fn with_filter(q: &mut ItemQuery, filter: usize) {
    match filter {
        0 => {}
        1 => q.min_priority = Some(Priority::High),
        2 => q.overdue = true,
        3 => q.owner = Some(" aLiCe ".into()),
        4 => {
            q.owner = Some("O'BRIEN".into());
            q.min_priority = Some(Priority::Medium);
            q.overdue = true;
        }
        5 => {
            q.consultation = Some("care".into());
            q.min_priority = Some(Priority::Medium);
        }
        _ => unreachable!(),
    }
}

const STATUS_FILTERS: [StatusFilter; 3] =
    [StatusFilter::Active, StatusFilter::All, StatusFilter::Only(ItemStatus::InProgress)];

fn search_query(text: &str, status: StatusFilter, sort: ItemSort, filter: usize) -> ItemQuery {
    let mut q = ItemQuery::new(TODAY);
    q.search = Some(text.to_string());
    q.status = status;
    q.sort = sort;
    with_filter(&mut q, filter);
    q
}

/// Which queries [`check_search`] compares.
#[derive(Clone, Copy)]
enum Matrix {
    /// Every order × {active, all, in progress} × every extra filter: 90 queries.
    Full,
    /// Every order × {active, all} × {none, overdue, owner}: 30 queries.
    Light,
    /// Every order × {active, all}, no extra filter: 10 queries.
    Orders,
}

/// Compare every order × status filters × extra filters (see [`Matrix`]) of a search for
/// `text` with the obvious answer: the whole list (from `find_items` and `with_item_rows`),
/// pages that cover it, and counts with and without a cap. Returns how many of the queries
/// found something, so that a caller can tell the comparison was not of empty lists.
fn check_search(fixture: &Fixture, rows: &[Row], text: &str, matrix: Matrix) -> usize {
    let store = &fixture.store;
    let mut found_something = 0;
    let (statuses, filters) = match matrix {
        Matrix::Full => (&STATUS_FILTERS[..], &[0, 1, 2, 3, 4, 5][..]),
        Matrix::Light => (&STATUS_FILTERS[..2], &[0, 2, 3][..]),
        Matrix::Orders => (&STATUS_FILTERS[..2], &[0][..]),
    };
    for sort in ItemSort::ALL.iter().copied() {
        for &status in statuses {
            for &filter in filters {
                let q = search_query(text, status, sort, filter);
                let want = expected(rows, &q);
                let n = want.len();
                found_something += usize::from(n > 0);
                assert_eq!(keys(&store.find_items(&q).unwrap()), want, "{q:?}");
                // Once per order: the stream, and a page past the end.
                let once = filter == 0 && status == StatusFilter::Active;
                if once {
                    let streamed = store.with_item_rows(&q, |rows| {
                        std::iter::from_fn(|| rows.next_item().unwrap().map(|i| i.key.to_string())).collect::<Vec<_>>()
                    });
                    assert_eq!(streamed.unwrap(), want, "with_item_rows: {q:?}");
                }

                // Pages of a third of the list, put together, and a page past its end.
                let page = n / 3 + 1;
                let mut pages = Vec::new();
                for offset in (0..n).step_by(page) {
                    let paged = ItemQuery { limit: Some(page), offset, ..q.clone() };
                    pages.extend(keys(&store.find_items(&paged).unwrap()));
                }
                assert_eq!(pages, want, "pages of {page}: {q:?}");
                if once {
                    let past = ItemQuery { limit: Some(page), offset: n, ..q.clone() };
                    assert_eq!(keys(&store.find_items(&past).unwrap()), Vec::<String>::new(), "{past:?}");
                }

                assert_eq!(store.count_items(&q).unwrap(), n as i64, "{q:?}");
                for cap in [n / 2, n + 1] {
                    let counted = store.count_items_up_to(&q, Some(cap)).unwrap();
                    assert_eq!(counted, n.min(cap) as i64, "cap {cap}: {q:?}");
                }
            }
        }
    }
    found_something
}

/// How many items of any status a search for `text` finds: for a text of three characters
/// or more, what the trigram index finds, the count `Store::reading` compares with 2,000.
fn matches(store: &Store, text: &str) -> i64 {
    let mut q = ItemQuery::new(TODAY);
    q.status = StatusFilter::All;
    q.search = Some(text.into());
    store.count_items(&q).unwrap()
}

/// `EXPLAIN QUERY PLAN` of the SQL `find_items` runs for `q`, through a plain connection:
/// (id, parent, detail) per line.
fn plan(store: &Store, conn: &rusqlite::Connection, q: &ItemQuery) -> Vec<(i64, i64, String)> {
    let sql = store.items_sql(q).unwrap();
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
}

/// Whether the plan sorts the outer query's rows (a temporary b-tree at the top level);
/// the one inside, for each item's principles in order, does not count.
fn sorts_the_matches(plan: &[(i64, i64, String)]) -> bool {
    plan.iter().any(|(_, parent, detail)| *parent == 0 && detail.starts_with("USE TEMP B-TREE FOR ORDER BY"))
}

// ---------------------------------------------------------------------------------------
// 1. Reads that give way
// ---------------------------------------------------------------------------------------

/// How many items `interrupt_fixture` raises: a count with a two-letter search over them
/// takes tens of thousands of SQLite steps, so `stop` is asked tens of times.
const LONG: usize = 2000;

/// `LONG` open items on CARE, each "Review #n".
fn interrupt_fixture() -> (tempfile::TempDir, Store, Consultation) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("chec.db")).unwrap();
    store.for_bulk_load().unwrap();
    let care = create(&mut store, "CARE", "돌봄");
    for n in 0..LONG {
        let new = NewItem {
            title: format!("Review #{n}"),
            priority: Some(PRIORITIES[n % 4]),
            stage: "planning".into(),
            ..NewItem::default()
        };
        store.raise_item(&care, &new, None).unwrap();
    }
    (dir, store, care)
}

/// A two-letter search in every item: the `instr` scan reads all of them.
fn long_read() -> ItemQuery {
    let mut q = ItemQuery::new(TODAY);
    q.status = StatusFilter::All;
    q.search = Some("eV".into());
    q
}

/// A `stop` that says no to its first `after` questions and yes from then on, and the
/// count of questions it was asked.
fn stop_after(after: usize) -> (Arc<AtomicUsize>, impl FnMut() -> bool + Send + 'static) {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&asked);
    (asked, move || counter.fetch_add(1, Ordering::SeqCst) >= after)
}

fn asked(counter: &AtomicUsize) -> usize {
    counter.load(Ordering::SeqCst)
}

#[test]
fn a_stop_that_says_yes_ends_a_long_read_and_the_store_reads_and_writes_as_before_afterwards() {
    let (_dir, mut store, care) = interrupt_fixture();
    let q = long_read();
    let count = store.count_items(&q).unwrap();
    assert_eq!(count, LONG as i64);
    let listed = keys(&store.find_items(&q).unwrap());

    let (questions, stop) = stop_after(0);
    let stopped = store.interruptible(stop, |s| s.count_items(&q));
    assert!(matches!(stopped, Err(StoreError::Interrupted)), "{stopped:?}");
    assert_eq!(asked(&questions), 1, "the first yes ends the read");
    let stopped = store.interruptible(|| true, |s| s.find_items(&q));
    assert!(matches!(stopped, Err(StoreError::Interrupted)), "{:?}", stopped.map(|items| items.len()));
    // The many path (every item says "review"), stopped in the middle of a sorted page.
    let mut many = q.clone();
    many.search = Some("Review".into());
    many.limit = Some(1500);
    assert!(store.items_sql(&many).unwrap().contains("INDEXED BY items_by_priority"));
    let stopped = store.interruptible(|| true, |s| s.find_items(&many));
    assert!(matches!(stopped, Err(StoreError::Interrupted)), "{:?}", stopped.map(|items| items.len()));

    // Plain reads after it run to their end: nobody is asked any more.
    assert_eq!(store.count_items(&q).unwrap(), count);
    assert_eq!(keys(&store.find_items(&q).unwrap()), listed);
    assert_eq!(store.find_items(&many).unwrap().len(), 1500);

    // And writes go through.
    let new = NewItem { title: "Review after a stop".into(), stage: "planning".into(), ..NewItem::default() };
    let raised = store.raise_item(&care, &new, None).unwrap();
    assert_eq!(raised.key, format!("CARE-{}", LONG + 1));
    let update = ItemUpdate { status: Some(ItemStatus::Resolved), note: Some("done".into()), ..ItemUpdate::default() };
    store.update_item(&raised.key, &update, None).unwrap();
    assert_eq!(store.count_items(&q).unwrap(), count + 1);
    assert_eq!(store.item(&raised.key).unwrap().unwrap().status, ItemStatus::Resolved);
}

#[test]
fn a_stop_that_says_no_changes_nothing_a_read_returns() {
    let (_dir, store, _care) = interrupt_fixture();
    let q = long_read();
    let mut many = q.clone();
    many.search = Some("REVIEW".into());
    many.sort = ItemSort::Due;
    many.limit = Some(700);
    many.offset = 650;

    let (questions, stop) = stop_after(usize::MAX);
    assert_eq!(store.interruptible(stop, |s| s.count_items(&q)).unwrap(), store.count_items(&q).unwrap());
    assert!(asked(&questions) >= 10, "a long read is asked often, not {} times", asked(&questions));
    let (_, stop) = stop_after(usize::MAX);
    assert_eq!(store.interruptible(stop, |s| s.count_items_up_to(&q, Some(1234))).unwrap(), 1234);
    let (_, stop) = stop_after(usize::MAX);
    let listed = store.interruptible(stop, |s| s.find_items(&q)).unwrap();
    assert_eq!(listed, store.find_items(&q).unwrap());
    let (_, stop) = stop_after(usize::MAX);
    let page = store.interruptible(stop, |s| s.find_items(&many)).unwrap();
    assert_eq!(page, store.find_items(&many).unwrap());
    assert_eq!(page.len(), 700);
    // Several reads in one go, and errors other than a stop come back as they were.
    let (_, stop) = stop_after(usize::MAX);
    let both = store.interruptible(stop, |s| Ok((s.count_items(&many)?, s.item("CARE-7")?))).unwrap();
    assert_eq!(both, (LONG as i64, store.item("CARE-7").unwrap()));
    let missing =
        store.interruptible(|| false, |s| s.item("CARE-99999")?.ok_or(StoreError::NoItem("CARE-99999".into())));
    assert!(matches!(&missing, Err(StoreError::NoItem(key)) if key == "CARE-99999"), "{missing:?}");
}

#[test]
fn a_stop_that_turns_to_yes_ends_a_long_read_but_not_a_read_done_before_it_turns() {
    let (_dir, store, _care) = interrupt_fixture();
    let q = long_read();

    // A read of one item takes far fewer than a thousand steps: nobody is asked, so even a
    // stop that always says yes lets it finish. (SQLite counts a prepared statement's steps
    // across its runs, so this holds for the first runs of the cached statement only: run
    // again and again, about one run in fifteen is asked once.)
    let (questions, stop) = stop_after(0);
    let one = store.interruptible(stop, |s| s.item("CARE-1")).unwrap();
    assert_eq!(asked(&questions), 0);
    assert_eq!(one.as_ref().map(|i| i.title.as_str()), Some("Review #0"));

    // A stop that says yes at its fourth question: the long read is asked four times and ends.
    let (questions, stop) = stop_after(3);
    let stopped = store.interruptible(stop, |s| s.count_items(&q));
    assert!(matches!(stopped, Err(StoreError::Interrupted)), "{stopped:?}");
    assert_eq!(asked(&questions), 4);

    // The same kind of stop lets short reads finish.
    for key in ["CARE-2", "CARE-1999", "care-2000"] {
        let (questions, stop) = stop_after(3);
        let item = store.interruptible(stop, |s| s.item(key)).unwrap();
        assert!(asked(&questions) <= 1, "{key}: asked {} times", asked(&questions));
        assert_eq!(item, store.item(key).unwrap(), "{key}");
        assert!(item.is_some(), "{key}");
    }
    let (_, stop) = stop_after(3);
    let everything = ItemQuery { status: StatusFilter::All, ..ItemQuery::new(TODAY) };
    assert_eq!(store.interruptible(stop, |s| s.count_items_up_to(&everything, Some(5))).unwrap(), 5);
    // And once the stop has turned, plain reads are not stopped.
    assert_eq!(store.count_items(&q).unwrap(), LONG as i64);
}

// ---------------------------------------------------------------------------------------
// 2. Search paths against the obvious answer
// ---------------------------------------------------------------------------------------

#[test]
fn a_search_with_many_matches_lists_pages_and_counts_what_filtering_every_item_gives() {
    let f = fixture();
    let rows = rows(&f);
    let text = "aUdIt";
    let n = matches(&f.store, text);
    assert!(n >= FEW, "the many path needs {FEW} matches or more, not {n}");
    assert_eq!(n, rows.iter().filter(|r| r.text.contains("audit")).count() as i64);
    let found = check_search(&f, &rows, text, Matrix::Full);
    assert_eq!(found, 90, "every query finds something");

    // The many path reads a page in its order from an index instead of sorting every match,
    // whenever no owner or consultation narrows the list (and except by key, which is the
    // consultations' order).
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    for sort in ItemSort::ALL.iter().copied().filter(|s| *s != ItemSort::Key) {
        for status in STATUS_FILTERS {
            // For one status, SQLite reads by priority through `items_by_status` of itself,
            // and by last change and owner through the forced indexes; nothing reads one
            // status by due date, so that order is sorted.
            if matches!(status, StatusFilter::Only(_)) && sort == ItemSort::Due {
                continue;
            }
            for filter in [0, 1, 2] {
                let mut q = search_query(text, status, sort, filter);
                q.limit = Some(50);
                let plan = plan(&f.store, &conn, &q);
                assert!(!sorts_the_matches(&plan), "{q:?}\n{plan:#?}");
            }
        }
    }
}

#[test]
fn a_search_with_few_matches_lists_pages_and_counts_what_filtering_every_item_gives() {
    let f = fixture();
    let rows = rows(&f);
    // ASCII in any case, Korean of exactly three characters (the shortest trigram search),
    // Korean with a '|', and a key.
    for (text, matrix, at_least) in [
        ("CoNsEnT", Matrix::Full, 80),
        ("  동의서 ", Matrix::Light, 25),
        ("| 상담", Matrix::Orders, 10),
        ("Loan-1", Matrix::Orders, 10),
    ] {
        let n = matches(&f.store, text);
        assert!((1..FEW).contains(&n), "{text:?}: the few path needs 1 to {} matches, not {n}", FEW - 1);
        let found = check_search(&f, &rows, text, matrix);
        assert!(found >= at_least, "{text:?}: only {found} queries found something");
    }
}

#[test]
fn a_search_too_short_for_trigrams_lists_pages_and_counts_what_filtering_every_item_gives() {
    let f = fixture();
    let rows = rows(&f);
    // Two Korean characters, one '|', and two letters found in keys (CARE-…) and titles.
    for (text, matrix, at_least) in [("챗봇", Matrix::Full, 80), ("cA", Matrix::Light, 25), ("|", Matrix::Orders, 10)]
    {
        let found = check_search(&f, &rows, text, matrix);
        assert!(found >= at_least, "{text:?}: only {found} queries found something");
    }
    // A short text is read one of two ways: the matches a pass over the table found (fewer
    // than 200), read by rowid; or, when there are more, in the order of an index. Both
    // are checked above; make sure both were taken.
    let mut ways = std::collections::BTreeSet::new();
    for text in ["챗봇", "사투", "|", "cA"] {
        let active = rows.iter().filter(|r| r.status.is_active() && r.text.contains(&text.to_lowercase())).count();
        // A page of them, as the items screen reads it.
        let mut q = search_query(text, StatusFilter::Active, ItemSort::Priority, 0);
        q.limit = Some(50);
        let sql = f.store.items_sql(&q).unwrap();
        let by_rowid = sql.contains("FROM items i NOT INDEXED") && sql.contains("i.rowid IN (");
        let in_order = sql.contains("INDEXED BY items_active_by_priority");
        assert!(if active < 200 { by_rowid } else { in_order }, "{text:?}, {active} active matches:\n{sql}");
        ways.insert(by_rowid);
        // All of them, as `chec items` lists them: read in rowid order, then sorted.
        q.limit = None;
        let sql = f.store.items_sql(&q).unwrap();
        assert!(sql.contains("FROM items i NOT INDEXED"), "{text:?}, the whole list:\n{sql}");
    }
    assert_eq!(ways.len(), 2, "both ways were taken");
}

#[test]
fn a_search_switches_paths_at_its_2000th_match_and_both_sides_give_the_obvious_answer() {
    let mut f = fixture();
    assert_eq!(matches(&f.store, EDGE), FEW, "exactly {FEW} items say {EDGE:?}");
    let rows_at = rows(&f);
    let found = check_search(&f, &rows_at, EDGE, Matrix::Orders);
    assert_eq!(found, 10, "every query finds something");
    let mut q = search_query(EDGE, StatusFilter::Active, ItemSort::Priority, 0);
    q.limit = Some(50);
    assert!(f.store.items_sql(&q).unwrap().contains("INDEXED BY items_active_by_priority"), "the many path");
    q.limit = None;

    // One item stops saying it: 1,999 matches, the few path.
    let item = f.store.find_items(&q).unwrap().into_iter().next().unwrap();
    let update = ItemUpdate {
        title: Some(item.title.replace(EDGE, "")),
        detail: Some(item.detail.replace(EDGE, "")),
        ..ItemUpdate::default()
    };
    f.store.update_item(&item.key, &update, None).unwrap();
    assert_eq!(matches(&f.store, EDGE), FEW - 1);
    let rows_below = rows(&f);
    let found = check_search(&f, &rows_below, EDGE, Matrix::Light);
    assert_eq!(found, 30, "every query finds something");
    let page = ItemQuery { limit: Some(50), ..q.clone() };
    assert!(f.store.items_sql(&page).unwrap().contains("FROM items i NOT INDEXED"), "the few path");
    q.search = Some(EDGE.to_uppercase());
    let without: Vec<String> = expected(&rows_at, &q).into_iter().filter(|k| *k != item.key).collect();
    assert_eq!(keys(&f.store.find_items(&q).unwrap()), without);
}

/// A small store of `items` items, each saying "consent" one time in four, in every status.
fn small_fixture(items: usize) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    store.for_bulk_load().unwrap();
    let cs = [create(&mut store, "CARE", "돌봄"), create(&mut store, "AB1", "a")];
    let mut rng = Mix(11);
    for n in 0..items {
        let c = &cs[n % cs.len()];
        let new = NewItem {
            title: if n % 4 == 0 { format!("consent #{n}") } else { format!("other #{n}") },
            owner: rng.pick(&OWNERS).to_string(),
            due: rng.chance(75).then(|| base_day() + Duration::days(rng.below(200) as i64 - 100)),
            priority: Some(rng.pick(&PRIORITIES)),
            stage: "planning".into(),
            ..NewItem::default()
        };
        raise_with_status(&mut store, c, &new, rng.pick(&STATUSES));
    }
    let ids = cs.iter().map(|c| (c.key.to_string(), c.id.clone())).collect();
    Fixture { _dir: dir, path, store, ids }
}

/// The first step of the plan of every order × status filter × `filters` of a search with
/// few matches: it should read the matches by rowid.
fn assert_few_matches_read_first(filters: &[usize]) {
    let f = small_fixture(200);
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    for sort in ItemSort::ALL.iter().copied() {
        for status in STATUS_FILTERS {
            for &filter in filters {
                let mut q = search_query("consent", status, sort, filter);
                q.limit = Some(50);
                let plan = plan(&f.store, &conn, &q);
                // Items are read by rowid only: first, or after the one consultation asked for.
                let items: Vec<&str> = plan.iter().map(|step| step.2.as_str()).filter(|s| s.contains(" i ")).collect();
                assert_eq!(items, ["SEARCH i USING INTEGER PRIMARY KEY (rowid=?)"], "{q:?}\n{plan:#?}");
                let first = plan[0].2.as_str();
                assert!(
                    first == items[0] || first == "SEARCH c USING INDEX sqlite_autoindex_consultations_2 (key=?)",
                    "{q:?}\n{plan:#?}"
                );
            }
        }
    }
    // And they are the right ones.
    let rows = rows(&f);
    assert!(check_search(&f, &rows, "consent", Matrix::Full) >= 60);
}

/// Unless kept from the item indexes (`NOT INDEXED`), SQLite walks every active item by
/// status and checks each against the matches (see `Reading::FewTextMatches`).
#[test]
fn a_search_with_few_matches_reads_them_by_rowid_first_whatever_the_item_filters() {
    assert_few_matches_read_first(&[0, 1, 2, 3, 4]);
}

/// With a consultation filter, SQLite would start from the consultation's key and walk
/// every item of the consultation through `sqlite_autoindex_items_2 (consultation_id=?)`,
/// checking each against the matches: on a consultation of 270,000 items (release build),
/// `find_items` + `count_items` of a search with 20 matches took 78 ms against 1.2 ms
/// without the consultation filter, until the items table was named `NOT INDEXED`.
#[test]
fn a_search_with_few_matches_reads_them_by_rowid_first_with_a_consultation_filter_too() {
    assert_few_matches_read_first(&[5]);
}

/// A short text's pass over the table is kept for paging and counting, but never past a
/// write: this connection's, or another process's.
#[test]
fn a_short_search_sees_items_raised_since_its_last_pass_here_or_elsewhere() {
    let mut f = small_fixture(300);
    let q = |text: &str| ItemQuery { search: Some(text.into()), ..ItemQuery::new(TODAY) };
    let found = |store: &Store| store.find_items(&q("zq")).unwrap().len();
    assert_eq!((found(&f.store), f.store.count_items(&q("zq")).unwrap()), (0, 0));
    let care = f.store.consultation("CARE").unwrap().unwrap();
    let new = NewItem { title: "zq here".into(), stage: "planning".into(), ..NewItem::default() };
    f.store.raise_item(&care, &new, None).unwrap();
    assert_eq!((found(&f.store), f.store.count_items(&q("zq")).unwrap()), (1, 1), "after this store's write");
    let mut other = Store::open(&f.path).unwrap();
    other.raise_item(&care, &NewItem { title: "and zq there".into(), ..new }, None).unwrap();
    assert_eq!((found(&f.store), f.store.count_items(&q("zq")).unwrap()), (2, 2), "after another's write");
    // The same text with another filter is its own pass.
    let open_only = ItemQuery { status: StatusFilter::Only(ItemStatus::Resolved), ..q("zq") };
    assert_eq!(f.store.count_items(&open_only).unwrap(), 0);
}

/// The items a whole listing (`chec items`) of `q` would list, and how it reads the table.
fn whole_listing_sql(store: &Store, q: &ItemQuery) -> String {
    assert!(q.limit.is_none() && q.owner.is_none() && q.consultation.is_none(), "{q:?}");
    store.items_sql(q).unwrap()
}

#[test]
fn a_whole_listing_asks_no_question_of_its_search_first_and_passes_over_the_table_once() {
    let f = small_fixture(400);
    // A short text found in few items: a page reads the rowids a first pass found; the
    // whole listing reads every match anyway, so it makes its one pass with the filter.
    for text in ["ns", "편", "consent"] {
        let mut page = search_query(text, StatusFilter::Active, ItemSort::Priority, 0);
        page.limit = Some(50);
        let whole = ItemQuery { limit: None, ..page.clone() };
        let sql = whole_listing_sql(&f.store, &whole);
        assert!(sql.contains("FROM items i NOT INDEXED"), "{text:?}:\n{sql}");
        assert!(!sql.contains("i.rowid IN (SELECT") || text.chars().count() >= 3, "{text:?}:\n{sql}");
        assert!(
            !sql.contains("i.rowid IN (?") && !sql.contains("i.rowid IN (1"),
            "no rowids from a first pass:\n{sql}"
        );
        // And it lists what the page's way finds.
        let all = ItemQuery { limit: Some(10_000), ..page.clone() };
        assert_eq!(keys(&f.store.find_items(&whole).unwrap()), keys(&f.store.find_items(&all).unwrap()), "{text:?}");
    }
}

#[test]
fn a_whole_listing_of_high_priorities_walks_the_priority_index_in_a_small_table_and_passes_over_a_large_one() {
    let f = small_fixture(400);
    let mut q = ItemQuery::new(TODAY);
    q.min_priority = Some(Priority::High);
    let listed = keys(&f.store.find_items(&q).unwrap());
    assert!(!listed.is_empty());
    let sql = whole_listing_sql(&f.store, &q);
    assert!(sql.contains("INDEXED BY items_active_by_priority"), "{sql}");
    let all = ItemQuery { status: StatusFilter::All, ..q.clone() };
    assert!(whole_listing_sql(&f.store, &all).contains("INDEXED BY items_by_priority"));
    // Lower priorities are most items: a pass, small table or not. So is another order.
    let medium = ItemQuery { min_priority: Some(Priority::Medium), ..q.clone() };
    assert!(whole_listing_sql(&f.store, &medium).contains("FROM items i NOT INDEXED"));
    let by_due = ItemQuery { sort: ItemSort::Due, ..q.clone() };
    assert!(whole_listing_sql(&f.store, &by_due).contains("FROM items i NOT INDEXED"));

    // The table's size is estimated by its largest rowid: one item numbered past 150,000
    // makes it a large table, read in one pass, listing the same items in the same order.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.execute("UPDATE items SET rowid = 250000 WHERE rowid = (SELECT max(rowid) FROM items)", []).unwrap();
    let store = Store::open(&f.path).unwrap();
    let sql = whole_listing_sql(&store, &q);
    assert!(sql.contains("FROM items i NOT INDEXED"), "{sql}");
    assert_eq!(keys(&store.find_items(&q).unwrap()), listed);
}

#[test]
fn an_owners_whole_listing_keeps_its_index_in_a_small_table_and_for_a_small_share_of_a_large_one() {
    let f = small_fixture(400);
    let owner = OWNERS[0];
    let q = ItemQuery { owner: Some(owner.to_string()), status: StatusFilter::All, ..ItemQuery::new(TODAY) };
    let listed = keys(&f.store.find_items(&q).unwrap());
    assert!(!listed.is_empty());
    assert!(!f.store.items_sql(&q).unwrap().contains("NOT INDEXED"), "a small table: the owner's index");

    // A large table (its largest rowid past 150,000) where the owner has fewer than one item
    // in 25: still one lookup per item, the same items in the same order.
    let conn = rusqlite::Connection::open(&f.path).unwrap();
    conn.execute("UPDATE items SET rowid = 250000 WHERE rowid = (SELECT max(rowid) FROM items)", []).unwrap();
    let store = Store::open(&f.path).unwrap();
    assert!(!store.items_sql(&q).unwrap().contains("NOT INDEXED"), "{}", store.items_sql(&q).unwrap());
    assert_eq!(keys(&store.find_items(&q).unwrap()), listed);
    // Active items have an index of their own, that a large share does not leave.
    let active = ItemQuery { status: StatusFilter::Active, ..q.clone() };
    assert!(!store.items_sql(&active).unwrap().contains("NOT INDEXED"));
}
