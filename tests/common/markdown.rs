//! Reading exported Markdown back as GitHub and GitLab would show it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

pub fn parse(markdown: &str) -> Vec<Event<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    Parser::new_ext(markdown, options).collect()
}

/// Text that GitHub or GitLab would link or turn into a mention, found in the text outside
/// code (pulldown-cmark has no autolink extension): a URL with any scheme (GitLab links
/// those in the rendered HTML), a `www.` address where a word starts, an e-mail address or
/// `@name` (an `@` before a letter, digit or `_`). Runs of text are joined first, as GitHub
/// joins them before looking for e-mail addresses.
pub fn linkable_outside_code(events: &[Event<'_>]) -> Vec<String> {
    let mut found = Vec::new();
    let mut run = String::new();
    let mut check = |run: &mut String| {
        let lower = run.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let www = (0..chars.len())
            .any(|i| chars[i..].starts_with(&['w', 'w', 'w', '.']) && (i == 0 || !chars[i - 1].is_alphanumeric()));
        let at = chars.windows(2).any(|w| w[0] == '@' && (w[1].is_ascii_alphanumeric() || w[1] == '_'));
        // GitLab's pattern: a scheme (`[a-z][a-z0-9+.-]+`) right before `://`, so a run of
        // scheme characters of which one at least two before the `://` is a letter
        // (`x-://` is linked, `---://` is not).
        let scheme_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-');
        let url = (2..chars.len()).any(|i| {
            chars[i..].starts_with(&[':', '/', '/'])
                && chars[..i - 1].iter().rev().take_while(|c| scheme_char(**c)).any(char::is_ascii_alphabetic)
                && scheme_char(chars[i - 1])
        });
        if url || www || at {
            found.push(run.clone());
        }
        run.clear();
    };
    for e in events {
        match e {
            Event::Text(t) => run.push_str(t),
            _ => check(&mut run),
        }
    }
    check(&mut run);
    found
}

/// Links and images: chec writes none, so any comes from user text.
pub fn has_links(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
}

/// Everything a reader sees: text and code, line breaks as `\n`.
pub fn shown(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => out.push('\n'),
            _ => {}
        }
    }
    out
}
