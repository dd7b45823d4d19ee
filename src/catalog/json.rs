//! A JSON reader that remembers where every value is, for questionnaire diagnostics.
//!
//! serde_json keeps no positions, so problems found after parsing (an unknown stage, a
//! duplicate id) used to be located by walking the text again for each one: the time grew
//! with the square of the number of problems. This reader parses once into a tree whose
//! values carry their byte offsets; positions are turned into lines and columns at the end,
//! in one pass (see [`Positions`]). Nesting deeper than [`MAX_DEPTH`] is refused, so a
//! hostile file cannot exhaust the stack.

use crate::i18n::Lang;
use crate::tr;

/// How deep arrays and objects may nest (serde_json's limit too).
pub const MAX_DEPTH: usize = 128;

/// A JSON value and the byte offset where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub at: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written, checked against JSON's grammar.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<Member>),
}

/// One `"key": value` of an object, with the offset of its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_at: usize,
    pub value: Value,
}

impl Kind {
    /// What the value is, in words in `lang`, for "expected …, found …" messages.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Kind::Null => "null".into(),
            Kind::Bool(b) => format!("{b}"),
            Kind::Number(n) => tr!(lang, "qf-found-number", number = short(n)),
            Kind::String(s) => tr!(lang, "qf-found-text", text = short(s)),
            Kind::Array(_) => tr!(lang, "qf-found-list"),
            Kind::Object(_) => tr!(lang, "qf-found-object"),
        }
    }
}

/// At most 40 characters of `s`, for messages.
pub fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Why a text is not JSON, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// Parse a whole text: one value, nothing but white space after it. Errors are said in
/// `lang`.
pub fn parse(lang: Lang, text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, lang };
    p.skip_ws();
    if p.pos == p.bytes.len() {
        return Err(p.error("qf-json-empty"));
    }
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("qf-json-trailing"));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    lang: Lang,
}

impl Parser<'_> {
    /// The catalogue's message `id`, at the position.
    fn error(&self, id: &str) -> SyntaxError {
        SyntaxError { at: self.pos, message: tr!(self.lang, id) }
    }

    /// The catalogue's message `id` saying what was found instead (`found`), at the position.
    fn expected(&self, id: &str) -> SyntaxError {
        SyntaxError { at: self.pos, message: tr!(self.lang, id, found = self.found()) }
    }

    /// "found 'x'" for the character at the position, or "the file ends" at the end.
    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            None => tr!(self.lang, "qf-json-found-end"),
            Some(c) if c.is_control() => tr!(self.lang, "qf-json-found-control", char = c.escape_unicode().to_string()),
            Some(c) => tr!(self.lang, "qf-json-found", char = c.to_string()),
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let at = self.pos;
        let kind = match self.bytes.get(self.pos) {
            Some(b'{') => self.object(depth + 1)?,
            Some(b'[') => self.array(depth + 1)?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            _ => return Err(self.expected("qf-json-expected-value")),
        };
        Ok(Value { at, kind })
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, SyntaxError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.expected("qf-json-expected-value"))
        }
    }

    fn deeper(&self, depth: usize) -> Result<(), SyntaxError> {
        if depth > MAX_DEPTH {
            let message = tr!(self.lang, "qf-json-too-deep", depth = MAX_DEPTH);
            return Err(SyntaxError { at: self.pos, message });
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.deeper(depth)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Kind::Object(members));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b'"') {
                return Err(match self.bytes.get(self.pos) {
                    None => self.error("qf-json-ends-in-object"),
                    Some(_) => self.error("qf-json-key-string"),
                });
            }
            let key_at = self.pos;
            let key = self.string()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                let message = tr!(self.lang, "qf-json-expected-colon", key = short(&key), found = self.found());
                return Err(SyntaxError { at: self.pos, message });
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push(Member { key, key_at, value });
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Kind::Object(members));
                }
                None => return Err(self.error("qf-json-ends-in-object")),
                Some(_) => return Err(self.expected("qf-json-expected-comma-object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Kind, SyntaxError> {
        self.deeper(depth)?;
        self.pos += 1;
        let mut values = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Kind::Array(values));
        }
        loop {
            self.skip_ws();
            if self.pos == self.bytes.len() {
                return Err(self.error("qf-json-ends-in-list"));
            }
            values.push(self.value(depth)?);
            self.skip_ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Kind::Array(values));
                }
                None => return Err(self.error("qf-json-ends-in-list")),
                Some(_) => return Err(self.expected("qf-json-expected-comma-list")),
            }
        }
    }

    /// From the opening quote, the string's value; the position ends past the closing quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            // Copy the run of plain characters at once.
            while let Some(&b) = self.bytes.get(self.pos) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[start..self.pos]);
            match self.bytes.get(self.pos) {
                None => return Err(self.error("qf-json-ends-in-string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => {
                    let c = self.text.get(self.pos..).and_then(|s| s.chars().next()).unwrap_or_default();
                    let message = tr!(self.lang, "qf-json-control", char = c.escape_unicode().to_string());
                    return Err(SyntaxError { at: self.pos, message });
                }
            }
        }
    }

    /// After a backslash: the character it stands for.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.bytes.get(self.pos) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let high = self.hex4()?;
                return match high {
                    0xD800..=0xDBFF => {
                        if self.bytes.get(self.pos) != Some(&b'\\') || self.bytes.get(self.pos + 1) != Some(&b'u') {
                            return Err(self.error("qf-json-surrogate"));
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.error("qf-json-surrogate"));
                        }
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(code).ok_or_else(|| self.error("qf-json-bad-u"))
                    }
                    0xDC00..=0xDFFF => Err(self.error("qf-json-surrogate")),
                    code => char::from_u32(code).ok_or_else(|| self.error("qf-json-bad-u")),
                };
            }
            None => return Err(self.error("qf-json-ends-in-string")),
            Some(_) => return Err(self.expected("qf-json-bad-escape")),
        };
        self.pos += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("qf-json-bad-u"))?;
        let mut code = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.error("qf-json-hex"))?;
            code = code * 16 + v;
        }
        self.pos += 4;
        Ok(code)
    }

    fn number(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.bytes.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.expected("qf-json-digit")),
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.expected("qf-json-digit-fraction"));
            }
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.expected("qf-json-digit-exponent"));
            }
        }
        Ok(self.text[start..self.pos].to_string())
    }
}

/// Turns byte offsets into 1-based lines and columns counted in characters.
///
/// Lines are found by binary search in the line starts; columns of many offsets are counted
/// in one pass over the text ([`Positions::columns`]), so that a minified one-line file with
/// thousands of problems costs one walk, not one per problem.
pub struct Positions<'t> {
    text: &'t str,
    line_starts: Vec<usize>,
}

impl<'t> Positions<'t> {
    pub fn new(text: &'t str) -> Positions<'t> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions { text, line_starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// (line, column) of each offset, in the order given. Columns count characters.
    pub fn columns(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![(1, 1); offsets.len()];
        // Walk forward from the last offset, counting characters within the current line.
        let (mut at, mut line, mut column) = (0usize, 1usize, 1usize);
        for i in order {
            let target = floor_char_boundary(self.text, offsets[i].min(self.text.len()));
            let target_line = self.line(target);
            if target_line != line {
                line = target_line;
                at = self.line_starts[line - 1];
                column = 1;
            }
            column += self.text[at..target].chars().count();
            at = target;
            out[i] = (line, column);
        }
        out
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Kind {
        parse(Lang::En, text).unwrap().kind
    }

    #[test]
    fn values_carry_their_offsets() {
        let text = "{\"a\": [1, \"x\\n\\u00e9\\ud83d\\ude00\"], \"키\": {\"b\": null}}";
        let Kind::Object(members) = kind(text) else { panic!() };
        assert_eq!(members[0].key, "a");
        let Kind::Array(values) = &members[0].value.kind else { panic!() };
        assert_eq!(values[0], Value { at: 7, kind: Kind::Number("1".into()) });
        assert_eq!(values[1].kind, Kind::String("x\né😀".into()));
        assert_eq!(&text[members[1].key_at..members[1].key_at + 5], "\"키\"");
    }

    #[test]
    fn syntax_errors_say_what_and_where() {
        let cases = [
            ("", 0, "the file is empty"),
            ("{\"a\": 1,,}", 8, "key must be a string"),
            ("{\"a\" 1}", 5, "expected ':'"),
            ("[1 2]", 3, "expected ',' or ']'"),
            ("{\"a\": 1} x", 9, "trailing characters"),
            ("\"a\nb\"", 2, "inside a string"),
            ("\"\\ud800\"", 7, "lone surrogate"),
            ("[01]", 2, "expected ',' or ']'"),
            ("[1.]", 3, "decimal point"),
            ("[tru]", 1, "expected a value"),
            ("[", 1, "ends inside a list"),
        ];
        for (text, at, words) in cases {
            let e = parse(Lang::En, text).unwrap_err();
            assert_eq!(e.at, at, "{text:?}: {e:?}");
            assert!(e.message.contains(words), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused() {
        let e = parse(Lang::En, &"[".repeat(MAX_DEPTH + 1)).unwrap_err();
        assert!(e.message.contains("nested"), "{e:?}");
        assert!(parse(Lang::En, &format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH))).is_ok());
    }

    #[test]
    fn columns_count_characters_in_any_order() {
        let text = "가나다 x\n  \"한\": 1";
        let p = Positions::new(text);
        let x = text.find('x').unwrap();
        let one = text.find('1').unwrap();
        assert_eq!(p.columns(&[one, x, 0, x]), vec![(2, 8), (1, 5), (1, 1), (1, 5)]);
        assert_eq!(p.line(one), 2);
        assert_eq!(p.columns(&[text.len()]), vec![(2, 9)]);
    }
}
