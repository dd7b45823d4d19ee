//! Running the binary with a reader that stops reading.

use std::io::Read;
use std::process::{Command, Output, Stdio};

/// Run `cmd`, read `bytes` bytes of its output, then hang up, like `chec … | head -c N`.
pub fn read_a_little_then_hang_up(mut cmd: Command, bytes: usize) -> Output {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut first = vec![0u8; bytes];
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// Run `cmd` with stdout a pipe nobody reads, like `chec … | true`.
pub fn with_stdout_closed(mut cmd: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cmd.stdout(writer).stderr(Stdio::piped()).output().unwrap()
}
