//! Machines of a team, each with its database and clone, sharing a bare repository in a
//! temporary folder (no network).

use std::path::{Path, PathBuf};

use chec::catalog::Catalog;
use chec::domain::{Consultation, NewConsultation, Questionnaire};
use chec::storage::Store;

/// A bare repository, as a team would have on a git host.
pub fn bare_repository(dir: &Path) -> String {
    let remote = dir.join("team.git");
    let status = std::process::Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(&remote)
        .env("LC_ALL", "C")
        .status()
        .expect("git runs");
    assert!(status.success());
    remote.display().to_string()
}

/// `git ARGS` in `dir`, as a person would run it (not as chec does); its output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(["-c", "core.quotepath=off", "-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One person's machine, driven through the real binary.
pub struct Person {
    pub db: PathBuf,
    pub config: PathBuf,
    pub name: &'static str,
}

impl Person {
    pub fn new(dir: &Path, folder: &str, name: &'static str) -> Person {
        let config = dir.join(folder).join("config");
        std::fs::create_dir_all(&config).unwrap();
        Person { db: dir.join(folder).join("chec.db"), config, name }
    }

    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_chec"));
        cmd.args(args)
            .env("CHEC_DB", &self.db)
            .env("CHEC_CONFIG_DIR", &self.config)
            .env("CHEC_USER", self.name)
            .env_remove("CHEC_SYNC_PAUSE");
        super::clock::for_binary(&mut cmd);
        cmd
    }

    pub fn chec(&self, args: &[&str]) -> std::process::Output {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "chec {args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db).unwrap()
    }
}

/// One person's machine: a database of its own and its clone beside it.
pub struct Machine {
    pub db: PathBuf,
    pub store: Store,
}

impl Machine {
    /// A machine in `dir/name/`, for `person`, its clock at 10:00 UTC on `day`.
    pub fn new(dir: &Path, name: &str, person: &str, day: &str) -> Machine {
        let db = dir.join(name).join("chec.db");
        let mut store = super::clock::on_day(Store::open(&db).unwrap(), day);
        store.set_actor(person);
        Machine { db, store }
    }

    pub fn init(&mut self, remote: &str) -> chec::team::SyncReport {
        chec::team::sync::init(&mut self.store, &self.db, remote).unwrap()
    }

    pub fn join(&mut self, remote: &str) -> chec::team::SyncReport {
        chec::team::sync::join(&mut self.store, &self.db, remote).unwrap()
    }

    pub fn sync(&mut self) -> chec::team::SyncReport {
        chec::team::sync::sync(&mut self.store, &self.db, true).unwrap()
    }

    pub fn consultation(&self, key: &str) -> Consultation {
        self.store.consultation(key).unwrap().unwrap_or_else(|| panic!("no {key} on {}", self.db.display()))
    }

    pub fn dump(&self) -> String {
        self.store.canonical_dump().unwrap()
    }

    /// The clock moves on by `minutes`.
    pub fn later(&self, minutes: i64) {
        self.store.clock().advance(chrono::TimeDelta::minutes(minutes));
    }
}

pub fn questionnaire() -> Questionnaire {
    super::catalog::questionnaire("chec-default")
}

/// Consultation `key` named `name`, of the team 케어 AI팀, on the default questionnaire.
pub fn open(store: &mut Store, key: &str, name: &str) -> Consultation {
    open_on(store, key, name, "chec-default")
}

/// Consultation `key` named `name`, of the team 케어 AI팀, on the shipped questionnaire
/// `questionnaire`.
pub fn open_on(store: &mut Store, key: &str, name: &str, questionnaire: &str) -> Consultation {
    let new = NewConsultation {
        key: key.parse().unwrap(),
        name: name.into(),
        team: "케어 AI팀".into(),
        description: String::new(),
        traits: vec![],
    };
    store.create_consultation(&new, &super::catalog::questionnaire(questionnaire)).unwrap()
}

/// A team of two in `dir`, in step, on `day`: kim (김민지) opened CARE (돌봄 챗봇) and
/// started the team on a bare repository; lee (이서연) joined and was made a consultant.
pub fn kim_and_lee(dir: &Path, day: &str) -> (Machine, Machine, Consultation) {
    let remote = bare_repository(dir);
    let mut kim = Machine::new(dir, "kim", "김민지", day);
    let care = open(&mut kim.store, "CARE", "돌봄 챗봇");
    kim.init(&remote);
    let mut lee = Machine::new(dir, "lee", "이서연", day);
    lee.join(&remote);
    chec::team::sync::set_member(&mut kim.store, &kim.db, "이서연", chec::domain::Role::Consultant).unwrap();
    kim.sync();
    lee.sync();
    (kim, lee, care)
}

/// [`kim_and_lee`] through the real binary: kim (김민지) opened CARE (돌봄 챗봇 | Care) and
/// started the team on a bare repository in `dir`, made lee (이서연) a consultant and
/// synced; lee joined. Returns the repository, kim and lee.
pub fn kim_and_lee_through_the_binary(dir: &Path) -> (String, Person, Person) {
    let remote = bare_repository(dir);
    let kim = Person::new(dir, "kim", "김민지");
    let lee = Person::new(dir, "lee", "이서연");
    kim.chec(&["new", "--key", "CARE", "--name", "돌봄 챗봇 | Care"]);
    kim.chec(&["team", "init", &remote]);
    kim.chec(&["team", "member", "이서연", "--role", "consultant"]);
    kim.chec(&["sync"]);
    lee.chec(&["team", "join", &remote]);
    (remote, kim, lee)
}
