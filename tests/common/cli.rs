//! Reading what the real binary printed.

use std::process::Output;

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
