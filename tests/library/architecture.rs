//! The module picture has no circle: a module never depends, directly or through others, on
//! a module that depends on it. Read from the `use` lines and paths of `src/` (comments and
//! `#[cfg(test)]` modules left out), as `cargo modules` would draw them, for the modules
//! whose direction `src/lib.rs` states: the top-level modules, and the files of `storage`,
//! `cli` and `tui`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Circles known and being mended elsewhere, as (parent, one module, the other). Keep it
/// empty: an entry is a debt with an issue behind it, never a way to silence the test.
const KNOWN_CIRCLES: &[(&str, &str, &str)] = &[];

/// The layers of `src/lib.rs`'s doc, from the inside out: a top-level module uses only
/// modules of earlier layers.
const LAYERS: &[&[&str]] = &[
    &["text", "clock", "paths"],
    &["domain"],
    &["i18n"],
    &["catalog"],
    &["storage"],
    &["export"],
    &["team"],
    &["config", "messages"],
    &["tui"],
    &["cli"],
];

/// Parents whose direct children must not form a circle ("" is the crate's top level).
const CHECKED: &[&str] = &["", "storage", "cli", "tui"];

/// Every `.rs` file under `src/` with its module path (`src/cli/items.rs` is `cli::items`).
fn modules() -> Vec<(Vec<String>, PathBuf)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            match parts.last().map(String::as_str) {
                Some("main") if parts.len() == 1 => return None,
                Some("lib") if parts.len() == 1 => parts.clear(),
                Some("mod") => {
                    parts.pop();
                }
                _ => {}
            }
            // Test-only files (`src/tui/input/tests.rs`) may reach anywhere.
            if parts.iter().any(|p| p == "tests") {
                return None;
            }
            Some((parts, path))
        })
        .collect()
}

/// The code of a file without comments, string contents and its `#[cfg(test)]` modules.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            // A test module runs to the end of its braces.
            if lines.peek().is_some_and(|next| next.trim_start().starts_with("mod ")) {
                let mut depth = 0i32;
                let mut opened = false;
                for line in lines.by_ref() {
                    depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
                    opened |= line.contains('{');
                    if opened && depth <= 0 {
                        break;
                    }
                }
            }
            continue;
        }
        let mut in_string = false;
        let mut previous = ' ';
        for (i, c) in line.char_indices() {
            if c == '"' && previous != '\\' {
                in_string = !in_string;
            } else if !in_string && c == '/' && line[i + 1..].starts_with('/') {
                break;
            }
            if !in_string {
                out.push(c);
            }
            previous = c;
        }
        out.push('\n');
    }
    out
}

/// The module paths `code`, in module `at`, names: `crate::a::b…`, `super::a…`, and each
/// first segment of a `crate::{a, b::c}` or `super::{…}` group.
fn references(at: &[String], code: &str) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    let path_after = |rest: &str| -> Vec<String> {
        let mut parts = Vec::new();
        let mut rest = rest;
        loop {
            let part = ident(rest);
            if part.is_empty() {
                break;
            }
            rest = &rest[part.len()..];
            parts.push(part);
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        parts
    };
    // `super` from this file is its parent module (a `mod.rs` is the module of its folder).
    let parent_of = |module: &[String]| module[..module.len().saturating_sub(1)].to_vec();
    for (start, anchor) in [("crate::", Vec::new()), ("super::", parent_of(at))] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let begin = from + i;
            from = begin + start.len();
            // `self::super::` or `foo_crate::` are not ours.
            if begin > 0 && code[..begin].chars().last().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let mut base = anchor.clone();
            let mut rest = &code[from..];
            while let Some(r) = rest.strip_prefix("super::") {
                base = parent_of(&base);
                rest = r;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0;
                let mut item_start = true;
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if c.is_whitespace() => {}
                        _ if item_start && depth == 0 => {
                            let mut path = base.clone();
                            path.extend(path_after(&group[j..]));
                            found.insert(path);
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                let mut path = base;
                path.extend(path_after(rest));
                found.insert(path);
            }
        }
    }
    found
}

/// Edges between the direct children of `parent`: child → the children it names.
fn edges(parent: &[String], all: &[(Vec<String>, BTreeSet<Vec<String>>)]) -> BTreeMap<String, BTreeSet<String>> {
    let children: BTreeSet<String> = all
        .iter()
        .filter(|(m, _)| m.len() > parent.len() && m.starts_with(parent))
        .map(|(m, _)| m[parent.len()].clone())
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, refs) in all {
        if module.len() <= parent.len() || !module.starts_with(parent) {
            continue;
        }
        let from = &module[parent.len()];
        for r in refs {
            if r.len() > parent.len() && r.starts_with(parent) {
                let to = &r[parent.len()];
                if to != from && children.contains(to) {
                    graph.entry(from.clone()).or_default().insert(to.clone());
                }
            }
        }
    }
    graph
}

/// Every pair of children that reach each other, as (a, b, a path a → … → b → … → a).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String, Vec<String>)> {
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut came: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_string()]);
        while let Some(at) = queue.pop_front() {
            for next in graph.get(&at).into_iter().flatten() {
                if !came.contains_key(next) && next != from {
                    came.insert(next.clone(), at.clone());
                    queue.push_back(next.clone());
                }
            }
            if at == to {
                break;
            }
        }
        let mut steps = vec![to.to_string()];
        while steps.last().map(String::as_str) != Some(from) {
            steps.push(came.get(steps.last()?)?.clone());
        }
        steps.reverse();
        Some(steps)
    };
    let names: Vec<&String> = graph.keys().collect();
    let mut found = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            if let (Some(there), Some(back)) = (path(a, b), path(b, a)) {
                let mut cycle = there;
                cycle.extend(back.into_iter().skip(1));
                found.push(((*a).clone(), (*b).clone(), cycle));
            }
        }
    }
    found
}

fn all_references() -> Vec<(Vec<String>, BTreeSet<Vec<String>>)> {
    modules()
        .into_iter()
        .map(|(module, path)| {
            let text = std::fs::read_to_string(&path).unwrap();
            let refs = references(&module, &code(&text));
            (module, refs)
        })
        .collect()
}

#[test]
fn no_module_depends_on_one_that_depends_on_it() {
    let all = all_references();
    assert!(all.iter().any(|(m, _)| m == &["storage".to_string()]), "src/ was read");
    let mut problems = Vec::new();
    let mut still_known = BTreeSet::new();
    for parent in CHECKED {
        let parent: Vec<String> = parent.split("::").filter(|p| !p.is_empty()).map(String::from).collect();
        let graph = edges(&parent, &all);
        for (a, b, cycle) in circles(&graph) {
            let known = KNOWN_CIRCLES
                .iter()
                .position(|(p, x, y)| *p == parent.join("::") && ((a == *x && b == *y) || (a == *y && b == *x)));
            match known {
                Some(known) => {
                    still_known.insert(known);
                }
                None => {
                    let prefix = if parent.is_empty() { String::new() } else { format!("{}::", parent.join("::")) };
                    let shown: Vec<String> = cycle.iter().map(|m| format!("{prefix}{m}")).collect();
                    problems.push(shown.join(" → "));
                }
            }
        }
    }
    for (i, (parent, a, b)) in KNOWN_CIRCLES.iter().enumerate() {
        if !still_known.contains(&i) {
            problems.push(format!(
                "{parent}::{a} and {parent}::{b} no longer form a circle: remove them from KNOWN_CIRCLES"
            ));
        }
    }
    assert!(problems.is_empty(), "import circles:\n{}", problems.join("\n"));
}

#[test]
fn every_top_level_module_uses_only_the_layers_inside_its_own() {
    let all = all_references();
    let layer = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module));
    let mut problems = Vec::new();
    for (from, to) in edges(&[], &all) {
        let Some(at) = layer(&from) else {
            problems.push(format!("{from} is in no layer: add it to src/lib.rs's list and to LAYERS here"));
            continue;
        };
        for to in to {
            match layer(&to) {
                Some(inner) if inner < at => {}
                Some(_) => problems.push(format!("{from} uses {to}, which is not in a layer inside its own")),
                None => problems.push(format!("{to} is in no layer: add it to src/lib.rs's list and to LAYERS here")),
            }
        }
    }
    assert!(problems.is_empty(), "dependencies against the direction of src/lib.rs:\n{}", problems.join("\n"));
}

#[test]
fn the_reader_finds_circles_through_groups_super_and_paths_and_skips_comments_and_tests() {
    let files = [
        (vec!["a".to_string()], "use crate::{b::X, text};\n// crate::c is only mentioned\n"),
        (vec!["b".to_string()], "fn f() { crate::c::g(); }\n#[cfg(test)]\nmod tests {\n    use crate::a;\n}\n"),
        (vec!["c".to_string(), "inner".to_string()], "use super::super::a::Y;\nlet s = \"crate::b\";\n"),
        (vec!["d".to_string(), "one".to_string()], "use super::{two::Z, Store};\n"),
        (vec!["d".to_string(), "two".to_string()], "use super::one;\n"),
    ];
    let all: Vec<_> = files.iter().map(|(m, text)| (m.clone(), references(m, &code(text)))).collect();
    let top = edges(&[], &all);
    let shown = |g: &BTreeMap<String, BTreeSet<String>>| {
        g.iter().map(|(k, v)| format!("{k}→{}", v.iter().cloned().collect::<Vec<_>>().join(","))).collect::<Vec<_>>()
    };
    assert_eq!(shown(&top), ["a→b", "b→c", "c→a"], "top-level edges (d's super:: stays inside d)");
    let found: Vec<Vec<String>> = circles(&top).into_iter().map(|(_, _, c)| c).collect();
    assert_eq!(found[0], ["a", "b", "c", "a"]);
    let d = edges(&["d".to_string()], &all);
    assert_eq!(circles(&d).len(), 1, "d::one ↔ d::two: {:?}", shown(&d));
}

/// Every box drawn over the screen clears its area through `tui::widgets::clear_popup`,
/// which also blanks a wide character (Hangul) half under the box's left border; a plain
/// `Clear` leaves that half over the border.
#[test]
fn every_overlay_clears_its_area_through_the_one_helper() {
    let mut plain = Vec::new();
    for (module, path) in modules() {
        let code = code(&std::fs::read_to_string(&path).unwrap());
        let uses = code.matches("widgets::Clear").count()
            + code.lines().filter(|l| l.contains("use ratatui::widgets::") && l.contains("Clear")).count()
            + code.matches("Clear.render").count();
        if uses > 0 && module != ["tui", "widgets"] {
            plain.push(module.join("::"));
        }
    }
    assert!(plain.is_empty(), "a plain Clear in {plain:?}; use tui::widgets::clear_popup or clear_overlay");
}
