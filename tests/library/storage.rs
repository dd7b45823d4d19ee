//! Storage on real temporary files: creation, pragmas, permissions, migrations, backups.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use chec::domain::{NewConsultation, Questionnaire};
use chec::storage::{MIGRATIONS, PAGE_SIZE, Store, StoreError, latest_version};
use rusqlite::Connection;

fn new_consultation(key: &str, traits: &[&str]) -> NewConsultation {
    NewConsultation {
        key: key.parse().unwrap(),
        name: "돌봄 챗봇 | Care".into(),
        team: "Care AI".into(),
        description: String::new(),
        traits: traits.iter().map(|t| t.to_string()).collect(),
    }
}

fn questionnaire(id: &str) -> Questionnaire {
    crate::common::catalog::questionnaire(id)
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn pragma(path: &Path, name: &str) -> String {
    let conn = Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
        .unwrap()
}

#[test]
fn a_new_database_is_private_in_wal_mode_at_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folders/chec.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version());
    drop(store);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(pragma(&path, "journal_mode"), "wal");
    assert_eq!(pragma(&path, "user_version"), latest_version().to_string());
    assert_eq!(pragma(&path, "page_size"), PAGE_SIZE.to_string());
    assert_ne!(PAGE_SIZE, 4096, "not SQLite's default: the test would pass without the setting");
}

#[test]
fn a_database_made_with_small_pages_keeps_them_and_takes_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        // As an older chec made it: SQLite's default page size, then the schema.
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE made (x)").unwrap();
        conn.execute_batch("DROP TABLE made").unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    store.create_consultation(&new_consultation("CARE", &[]), &questionnaire("chec-default")).unwrap();
    drop(store);
    assert_eq!(pragma(&path, "page_size"), "4096");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.consultation("CARE").unwrap().unwrap().name, "돌봄 챗봇 | Care");
}

#[test]
fn wal_and_shm_files_are_private_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    let q = questionnaire("chec-default");
    store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap();
    let wal = dir.path().join("chec.db-wal");
    assert!(wal.exists(), "WAL file exists while the store is open");
    assert_eq!(mode(&wal), 0o600);
    assert_eq!(mode(&dir.path().join("chec.db-shm")), 0o600);
}

#[test]
fn a_database_from_a_newer_chec_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", latest_version() + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == latest_version() + 1), "{err}");
    let message = err.to_string();
    assert!(message.contains("newer version of chec") && message.contains("chec.db"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "file untouched");
}

#[test]
fn a_sqlite_file_that_is_not_checs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    Connection::open(&path).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::NotChec { .. }), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_gives_a_clear_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "these are my meeting notes, not a database. ".repeat(10)).unwrap();
    let err = Store::open(&path).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("notes.db") && message.contains("not a database"), "{message}");
}

#[test]
fn an_older_schema_is_backed_up_beside_the_file_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let q = questionnaire("chec-default");
    {
        let mut store = Store::open(&path).unwrap();
        store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap();
    }
    // Play a newer chec with one more migration.
    let mut newer: Vec<&'static str> = MIGRATIONS.to_vec();
    newer.push("ALTER TABLE consultations ADD COLUMN colour TEXT");
    let store = Store::open_with_schema(&path, &newer).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_version() + 1);
    assert!(store.consultation("CARE").unwrap().is_some(), "data survives the migration");
    drop(store);

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with(&format!("chec.db.v{}-backup-", latest_version()))
        })
        .collect();
    assert_eq!(backups.len(), 1, "one backup beside the database");
    assert_eq!(mode(&backups[0]), 0o600);
    assert_eq!(pragma(&backups[0], "user_version"), latest_version().to_string(), "the backup is the old schema");
    let old = Store::open(&backups[0]).unwrap();
    assert!(old.consultation("CARE").unwrap().is_some());
    drop(old);

    // This build cannot open what the newer one wrote, and says so.
    assert!(matches!(Store::open(&path), Err(StoreError::TooNew { .. })));
}

#[test]
fn consultations_round_trip_with_their_questionnaire_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let catalog = crate::common::catalog::shipped();
    let q = catalog.get("chec-default").unwrap().questionnaire.clone();
    let created = {
        let mut store = Store::open(&path).unwrap();
        store.create_consultation(&new_consultation("CARE", &["personal-data"]), &q).unwrap()
    };
    let store = Store::open(&path).unwrap();
    let found = store.consultation("CARE").unwrap().unwrap();
    assert_eq!(found, created);
    assert_eq!(found.name, "돌봄 챗봇 | Care");
    assert_eq!(found.current_stage, q.stages[0].id);
    assert_eq!(found.traits, ["personal-data"]);
    assert_eq!(store.questionnaire_of(&found).unwrap(), q, "the snapshot is the questionnaire as loaded");
    uuid::Uuid::parse_str(&found.id).unwrap();
    chrono::DateTime::parse_from_rfc3339(&found.created_at).unwrap();
    assert!(store.consultation("NOPE").unwrap().is_none());
}

#[test]
fn progress_counts_only_questions_that_apply_to_the_services_traits() {
    let mut store = Store::open_in_memory().unwrap();
    let q = questionnaire("chec-default");
    store.create_consultation(&new_consultation("PLAIN", &[]), &q).unwrap();
    let all_traits: Vec<&str> = q.traits.iter().map(|t| t.id.as_str()).collect();
    store.create_consultation(&new_consultation("FULL", &all_traits), &q).unwrap();
    let rows = store.consultation_summaries("2026-01-01").unwrap();
    let general = q.questions.iter().filter(|x| x.traits.is_empty()).count() as i64;
    assert_eq!(rows.iter().find(|r| r.key == "PLAIN").unwrap().questions, general);
    assert_eq!(rows.iter().find(|r| r.key == "FULL").unwrap().questions, q.questions.len() as i64);
    assert!(general < q.questions.len() as i64, "the shipped questionnaire has trait questions");
}

#[test]
fn the_first_stage_starts_and_the_others_wait() {
    let mut store = Store::open_in_memory().unwrap();
    let q = questionnaire("kakao-lifecycle");
    let c = store.create_consultation(&new_consultation("KK", &[]), &q).unwrap();
    let summary = &store.consultation_summaries("2026-01-01").unwrap()[0];
    assert_eq!(summary.current_stage, c.current_stage);
    assert_eq!(summary.current_stage_name, q.stages[0].name.get("en").0);
}

#[test]
fn duplicate_keys_are_refused_and_nothing_is_half_written() {
    let mut store = Store::open_in_memory().unwrap();
    let q = questionnaire("chec-default");
    store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap();
    let err = store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap_err();
    assert!(matches!(err, StoreError::DuplicateKey(ref k) if k == "CARE"), "{err}");
    assert_eq!(store.consultation_summaries("2026-01-01").unwrap().len(), 1);
}

#[test]
fn backups_are_complete_private_single_files_and_never_overwrite_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    let q = questionnaire("chec-default");
    store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap();

    let backup = dir.path().join("copy.db");
    store.backup_to(&backup, false).unwrap();
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(pragma(&backup, "journal_mode"), "delete", "one self-contained file");
    let copy = Store::open(&backup).unwrap();
    assert_eq!(copy.consultation("CARE").unwrap().unwrap().name, "돌봄 챗봇 | Care");
    drop(copy);

    let err = store.backup_to(&backup, false).unwrap_err();
    assert!(matches!(err, StoreError::Exists(_)), "{err}");
    store.backup_to(&backup, true).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".chec-backup-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn meetings_from_before_schema_3_have_no_minute_taker_and_new_ones_record_who_ran_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    {
        let mut store = Store::open_with_schema(&path, &MIGRATIONS[..2]).unwrap();
        store.create_consultation(&new_consultation("CARE", &[]), &questionnaire("chec-default")).unwrap();
    }
    // A meeting as chec wrote it at schema 2, before it kept the minute-taker.
    Connection::open(&path)
        .unwrap()
        .execute_batch(
            "INSERT INTO meetings (id, consultation_id, seq, stage, started_at, created_at, updated_at)
             SELECT '01900000-0000-7000-8000-000000000001', id, 1, 'planning', '2026-03-01T09:00:00.000Z',
                    '2026-03-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z' FROM consultations;
             UPDATE consultations SET next_meeting_seq = 2;",
        )
        .unwrap();

    let mut store = Store::open(&path).unwrap();
    store.set_actor("김민지 | consultant");
    assert_eq!(store.schema_version().unwrap(), latest_version());
    let c = store.consultation("CARE").unwrap().unwrap();
    assert_eq!(store.meeting_by_seq(&c, 1).unwrap().unwrap().minute_taker, "");
    store.end_meeting("01900000-0000-7000-8000-000000000001").unwrap();
    let m2 = store.start_meeting(&c, &chec::domain::NewMeeting { stage: "planning".into(), ..Default::default() });
    assert_eq!(m2.unwrap().minute_taker, "김민지 | consultant");

    let record = chec::export::Record::load(&store, "CARE").unwrap();
    let old = chec::export::minutes::minutes(&record, record.meeting(1).unwrap());
    assert!(old.contains("\n- **Minute-taker:** not recorded\n"), "{old}");
}

#[test]
fn writes_in_bulk_commit_together_and_a_failed_one_leaves_nothing_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chec.db");
    let mut store = Store::open(&path).unwrap();
    let q = questionnaire("chec-default");
    let events = |path: &Path| -> i64 {
        Connection::open(path).unwrap().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap()
    };
    let before = events(&path);
    let made: Result<(), StoreError> = store.in_bulk(|store| {
        store.create_consultation(&new_consultation("CARE", &[]), &q)?;
        // Refused inside the batch: only this write is undone, the batch goes on.
        let err = store.create_consultation(&new_consultation("CARE", &[]), &q).unwrap_err();
        assert!(matches!(err, StoreError::DuplicateKey(_)), "{err}");
        store.create_consultation(&new_consultation("AB1", &[]), &q)?;
        // Nothing is visible to another connection before the end.
        assert_eq!(events(&path), before);
        Ok(())
    });
    made.unwrap();
    let keys = |store: &Store| -> Vec<String> {
        let mut keys: Vec<String> =
            store.consultation_summaries("2026-01-01").unwrap().into_iter().map(|s| s.key.to_string()).collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&store), ["AB1", "CARE"]);
    assert_eq!(events(&path), before + 2, "one event per consultation made, none for the refused one");

    // A batch that ends in an error keeps nothing.
    let failed: Result<(), StoreError> = store.in_bulk(|store| {
        store.create_consultation(&new_consultation("GONE", &[]), &q)?;
        Err(StoreError::Invalid("stop".into()))
    });
    assert!(failed.is_err());
    assert_eq!(keys(&store), ["AB1", "CARE"]);
    assert_eq!(events(&path), before + 2);
    // And the store writes on its own as before.
    store.create_consultation(&new_consultation("NEXT", &[]), &q).unwrap();
    assert_eq!(events(&path), before + 3);
}
