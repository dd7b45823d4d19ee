//! Finding where a value sits in a JSON text, for error messages.
//!
//! serde_json reports line and column for syntax and type errors but keeps no positions in
//! what it parses. Semantic errors (an unknown stage, a duplicate id) are found afterwards,
//! so this walks the already-valid text along a path to the value's byte offset. It never
//! panics: on anything unexpected it gives up and returns `None`.

/// One step of a path: an object member or an array element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The byte offset of the value at `path` in `text`.
pub fn locate(text: &str, path: &[Step<'_>]) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    for step in path {
        pos = match *step {
            Step::Key(key) => member(text, pos, key)?,
            Step::Index(index) => element(bytes, pos, index)?,
        };
    }
    Some(pos)
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn skip_ws(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

/// From the `{` at `pos`, the offset of the value of member `key`.
fn member(text: &str, pos: usize, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    let mut pos = skip_ws(bytes, pos + 1);
    while bytes.get(pos) == Some(&b'"') {
        let key_end = skip_string(bytes, pos)?;
        let found: String = serde_json::from_str(text.get(pos..key_end)?).ok()?;
        pos = skip_ws(bytes, key_end);
        if bytes.get(pos) != Some(&b':') {
            return None;
        }
        pos = skip_ws(bytes, pos + 1);
        if found == key {
            return Some(pos);
        }
        pos = skip_ws(bytes, skip_value(bytes, pos)?);
        if bytes.get(pos) == Some(&b',') {
            pos = skip_ws(bytes, pos + 1);
        }
    }
    None
}

/// From the `[` at `pos`, the offset of element `index`.
fn element(bytes: &[u8], pos: usize, index: usize) -> Option<usize> {
    if bytes.get(pos) != Some(&b'[') {
        return None;
    }
    let mut pos = skip_ws(bytes, pos + 1);
    for _ in 0..index {
        pos = skip_ws(bytes, skip_value(bytes, pos)?);
        if bytes.get(pos) != Some(&b',') {
            return None;
        }
        pos = skip_ws(bytes, pos + 1);
    }
    (bytes.get(pos).is_some_and(|b| *b != b']')).then_some(pos)
}

/// From the `"` at `pos`, the offset just past the closing quote.
fn skip_string(bytes: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        match bytes.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The offset just past the value starting at `pos`.
fn skip_value(bytes: &[u8], pos: usize) -> Option<usize> {
    match bytes.get(pos)? {
        b'"' => skip_string(bytes, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while bytes.get(i).is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace()) {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Step::{Index, Key};
    use super::*;

    const TEXT: &str = "{\n  \"a\": [1, {\"x\": \"}\\\"]\"}, {\"b\": \"here\"}],\n  \"키\": true\n}";

    #[test]
    fn finds_nested_members_past_tricky_strings() {
        let at = locate(TEXT, &[Key("a"), Index(2), Key("b")]).unwrap();
        assert!(TEXT[at..].starts_with("\"here\""));
        assert_eq!(line_column(TEXT, at), (2, 33));
        let at = locate(TEXT, &[Key("키")]).unwrap();
        assert_eq!(line_column(TEXT, at), (3, 8));
    }

    #[test]
    fn missing_paths_are_none() {
        assert_eq!(locate(TEXT, &[Key("nope")]), None);
        assert_eq!(locate(TEXT, &[Key("a"), Index(3)]), None);
        assert_eq!(locate(TEXT, &[Index(0)]), None);
        assert_eq!(locate("{\"a\": [1,", &[Key("a"), Index(5)]), None);
        assert_eq!(locate("", &[Key("a")]), None);
    }
}
