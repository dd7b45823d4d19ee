//! Running the real binary on a temporary folder ([`Env`]), and reading what it printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// What it wrote to stdout, which must be UTF-8.
#[track_caller]
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("chec writes UTF-8 to stdout")
}

/// What it wrote to stderr, which must be UTF-8.
#[track_caller]
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("chec writes UTF-8 to stderr")
}

/// It exited with `code`; else fail showing both outputs.
#[track_caller]
pub fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

/// The files of an [`Env`]'s folder, by path inside it.
pub struct Files(Vec<(PathBuf, Vec<u8>)>);

/// Who the binary records as the author of changes in [`Env`]'s commands (`CHEC_USER`).
pub const USER: &str = "tester";

/// A temporary folder for running the real binary: its database at `data/chec.db` (not yet
/// there), its config folder `config/` and the folder it runs in, `cwd/`.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        let env = Env { dir: tempfile::tempdir().unwrap() };
        std::fs::create_dir_all(env.cwd()).unwrap();
        env
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data/chec.db")
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// The folder chec runs in: where a relative path it is given lands.
    pub fn cwd(&self) -> PathBuf {
        self.dir.path().join("cwd")
    }

    /// Write `config.json` into the config folder; its path.
    pub fn write_config(&self, text: &str) -> PathBuf {
        std::fs::create_dir_all(self.config()).unwrap();
        let path = self.config().join("config.json");
        std::fs::write(&path, text).unwrap();
        path
    }

    /// chec on this folder's database and config, in `cwd/`, with nothing on stdin and no
    /// `NO_COLOR` or `RUST_BACKTRACE` from the machine running the tests. Neither language,
    /// user nor clock is set: [`Env::command`] sets them.
    pub fn bare_command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chec"));
        command
            .args(args)
            .env("CHEC_DB", self.db())
            .env("CHEC_CONFIG_DIR", self.config())
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .current_dir(self.cwd())
            .stdin(Stdio::null());
        command
    }

    /// chec as [`USER`] runs it, in English whatever the machine's locale (these tests read
    /// chec's English), on the test clock ([`super::clock::for_binary`]).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = self.bare_command(args);
        command.env("LC_ALL", "C.UTF-8").env("CHEC_USER", USER);
        super::clock::for_binary(&mut command);
        command
    }

    /// Every file under this folder, to start other folders from (see [`Env::from_files`]).
    pub fn files(&self) -> Files {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    out.push((path.strip_prefix(root).unwrap().to_path_buf(), std::fs::read(&path).unwrap()));
                }
            }
        }
        let mut files = Vec::new();
        walk(self.dir.path(), self.dir.path(), &mut files);
        Files(files)
    }

    /// A new folder holding `files`: a database many tests start from is made once by the
    /// binary and copied (nothing has it open then, so its files are whole).
    pub fn from_files(files: &Files) -> Env {
        let env = Env::new();
        for (path, bytes) in &files.0 {
            let path = env.dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        env
    }

    pub fn chec(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Run chec, insist on exit 0; its stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.chec(args);
        assert_exit(&o, 0);
        stdout(&o)
    }
}
