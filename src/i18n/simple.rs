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

/// The simple messages of each language (in [`Lang::ALL`]'s order).
static SIMPLE: LazyLock<[Messages; 2]> = LazyLock::new(|| {
    let mut found: [Messages; 2] = Default::default();
    for (code, _, source) in super::sources() {
        let Some(slot) = Lang::ALL.iter().position(|l| l.code() == code) else { continue };
        // A file with a mistake in it still has its well-formed messages (Fluent keeps them).
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(resource, _)| resource);
        for entry in resource.body {
            let Entry::Message(message) = entry else { continue };
            let Some(pattern) = message.value else { continue };
            let pieces: Option<Vec<Piece>> = pattern
                .elements
                .into_iter()
                .map(|element| match element {
                    PatternElement::TextElement { value } => Some(Piece::Text(value)),
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::VariableReference { id }),
                    } => Some(Piece::Arg(id.name)),
                    // `{ " " }`, as the catalogue keeps a leading space; one with an escape
                    // in it (`{ "\\u00A0" }`) is left to Fluent.
                    PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::StringLiteral { value }),
                    } if !value.contains('\\') => Some(Piece::Text(value)),
                    PatternElement::Placeable { .. } => None,
                })
                .collect();
            if let Some(pieces) = pieces {
                found[slot].insert(message.id.name, pieces);
            }
        }
    }
    found
});

/// The simple message `id` in `lang`, if it is one.
pub(super) fn pieces(lang: Lang, id: &str) -> Option<&'static [Piece]> {
    let slot = Lang::ALL.iter().position(|l| *l == lang)?;
    SIMPLE[slot].get(id).map(Vec::as_slice)
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
