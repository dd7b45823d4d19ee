//! Messages made of text, variables and string literals only (`{ $when } by { $who }`),
//! formatted by putting the arguments in their places instead of through Fluent's resolver.
//!
//! A report or a listing formats the same few messages thousands of times, and Fluent's
//! lookup and resolver cost about as much as everything else an export does. A message with a
//! selector, a function, a term or a message reference is not simple and goes through Fluent
//! as before; so does any call whose arguments do not fill a simple message exactly as Fluent
//! would (a missing argument, a number with formatting options). The test beside the catalogue
//! holds every simple message to Fluent's output.

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::fluent_bundle::types::FluentNumber;

use super::Lang;

/// A piece of a simple message: text as written, or the argument of that name.
#[derive(Debug)]
pub(super) enum Piece {
    Text(&'static str),
    Arg(&'static str),
}

/// Simple messages by id.
type Messages = HashMap<&'static str, Vec<Piece>>;

/// The simple messages of `lang`, read from its catalogue on first use (a process that
/// speaks one language parses one).
fn simple_messages(lang: Lang) -> Messages {
    let mut found = Messages::new();
    for (code, _, source) in super::sources() {
        if code != lang.code() {
            continue;
        }
        // A file with a mistake in it still has its well-formed messages (Fluent keeps them).
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(resource, _)| resource);
        for entry in resource.body {
            let Entry::Message(message) = entry else { continue };
            let Some(pattern) = message.value else { continue };
            let pieces: Option<Vec<Piece>> = pattern.elements.into_iter().map(piece).collect();
            if let Some(pieces) = pieces {
                found.insert(message.id.name, pieces);
            }
        }
    }
    found
}

/// What a pattern's element is in a simple message; `None` if it makes the message not simple.
fn piece(element: PatternElement<&'static str>) -> Option<Piece> {
    match element {
        PatternElement::TextElement { value } => Some(Piece::Text(value)),
        PatternElement::Placeable { expression: Expression::Inline(InlineExpression::VariableReference { id }) } => {
            Some(Piece::Arg(id.name))
        }
        // `{ " " }`, as the catalogue keeps a leading space; one with an escape in it
        // (`{ "\\u00A0" }`) is left to Fluent.
        PatternElement::Placeable { expression: Expression::Inline(InlineExpression::StringLiteral { value }) }
            if !value.contains('\\') =>
        {
            Some(Piece::Text(value))
        }
        PatternElement::Placeable { .. } => None,
    }
}

static ENGLISH: LazyLock<Messages> = LazyLock::new(|| simple_messages(Lang::En));
static KOREAN: LazyLock<Messages> = LazyLock::new(|| simple_messages(Lang::Ko));

/// The simple message `id` in `lang`, if it is one.
pub(super) fn pieces(lang: Lang, id: &str) -> Option<&'static [Piece]> {
    let messages: &'static Messages = match lang {
        Lang::En => &ENGLISH,
        Lang::Ko => &KOREAN,
    };
    messages.get(id).map(Vec::as_slice)
}

/// `pieces` with `args` in their places, as Fluent writes them (without isolation marks);
/// `None` when Fluent must decide (an argument missing, or not plain text or a plain number).
pub(super) fn format(pieces: &[Piece], args: &[(&'static str, FluentValue<'_>)]) -> Option<String> {
    let mut out = String::with_capacity(64);
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Arg(name) => match args.iter().find(|(n, _)| n == name).map(|(_, v)| v)? {
                FluentValue::String(text) => out.push_str(text),
                FluentValue::Number(number) if plain(number) => out.push_str(&number.value.to_string()),
                _ => return None,
            },
        }
    }
    Some(out)
}

/// A number Fluent writes as Rust writes it: no formatting options given.
fn plain(number: &FluentNumber) -> bool {
    number.options == Default::default()
}
