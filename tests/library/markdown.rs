//! Property tests: whatever people type, exported Markdown shows exactly that text, in the
//! same table shape, never raw HTML, and nothing GitHub or GitLab would turn into a link or
//! a mention. Parsed back with pulldown-cmark (GFM tables, strikethrough, task lists,
//! footnotes and math on).

use crate::common;

use chec::export::markdown::{EMPTY_CELL, Table, block, cell_text, inline};
use common::markdown::{has_links, linkable_outside_code, parse, shown};
use proptest::prelude::*;
use pulldown_cmark::{Event, Tag, TagEnd};

/// The rows of the first table: each row a list of cell texts.
fn table_cells(events: &[Event<'_>]) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for e in events {
        match e {
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (&mut row, cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = &mut cell {
                    c.push_str(t);
                }
            }
            _ => {}
        }
    }
    rows
}

fn has_html(events: &[Event<'_>]) -> bool {
    events.iter().any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

/// Text people might type, weighted towards what breaks Markdown.
fn user_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("|".to_string()),
        Just("\\".to_string()),
        Just("`".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("&#x3C;".to_string()),
        Just("[link](http://x)".to_string()),
        Just("![img](x)".to_string()),
        Just("# ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("~~".to_string()),
        Just("---".to_string()),
        Just("```".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("돌봄 챗봇".to_string()),
        Just("😀👩‍👩‍👧".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{1b}]52;c;QQ==\u{7}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{85}".to_string()),
        Just("www.example.com".to_string()),
        Just("https://example.com/a_b?q=1".to_string()),
        Just("FTP://x.org".to_string()),
        Just("git+ssh://host".to_string()),
        Just("kim.ms+ai@example.co.kr".to_string()),
        Just("mailto:a@b.co".to_string()),
        Just("@alice".to_string()),
        Just("@org/team".to_string()),
        Just("@".to_string()),
        Just(":".to_string()),
        Just("//".to_string()),
        Just("Planning & design".to_string()),
        Just("age_gate".to_string()),
        Just("#12".to_string()),
        Just("!3".to_string()),
        Just("&4".to_string()),
        Just("$5".to_string()),
        Just("~".to_string()),
        Just("#".to_string()),
        Just("[^1]".to_string()),
        Just("[x]: /y".to_string()),
        Just(" * ".to_string()),
        "[a-zA-Z0-9 ]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("CHEC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn a_table_of_user_text_parses_back_to_the_same_cells(cells in prop::collection::vec(user_text(), 1..4)) {
        let mut table = Table::new(&vec!["H"; cells.len()]);
        table.row(&cells);
        let markdown = table.render();
        let events = parse(&markdown);
        prop_assert!(!has_html(&events), "raw HTML in {markdown:?}");
        prop_assert!(!has_links(&events), "a link in {markdown:?}");
        let linkable = linkable_outside_code(&events);
        prop_assert!(linkable.is_empty(), "{linkable:?} would be linked, from {markdown:?}");
        let rows = table_cells(&events);
        prop_assert_eq!(rows.len(), 2, "header and one row, never more: {:?}", markdown);
        prop_assert_eq!(rows[1].len(), cells.len(), "same number of cells: {:?}", markdown);
        for (got, typed) in rows[1].iter().zip(&cells) {
            // A cell left with nothing to show says so, rather than stand blank.
            let expected = Some(cell_text(typed)).filter(|t| !t.is_empty()).unwrap_or_else(|| EMPTY_CELL.to_string());
            prop_assert_eq!(got, &expected, "{:?}", markdown);
        }
    }

    #[test]
    fn a_block_of_user_text_stays_paragraphs_of_the_same_text(text in user_text()) {
        let markdown = block(&text);
        let events = parse(&markdown);
        prop_assert!(!has_html(&events), "raw HTML in {markdown:?}");
        let linkable = linkable_outside_code(&events);
        prop_assert!(linkable.is_empty(), "{linkable:?} would be linked, from {markdown:?}");
        for e in &events {
            if let Event::Start(tag) = e {
                prop_assert!(matches!(tag, Tag::Paragraph), "user text made a {tag:?} from {text:?}: {markdown:?}");
            }
        }
        // What the reader sees: the cleaned lines, blank lines dropped, each trimmed.
        let expected: Vec<String> = chec::text::sanitize_block(&text)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let got: Vec<String> =
            shown(&events).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        prop_assert_eq!(got, expected, "{:?}", markdown);
    }

    #[test]
    fn inline_user_text_shows_as_typed_wherever_chec_puts_it(text in user_text()) {
        let typed = cell_text(&text);
        // Where exports put inline text: a heading, after a bold label in a list item, inside
        // emphasis, in parentheses.
        let contexts: [(&str, &str, &str, Tag<'_>); 4] = [
            ("### PLN-01: ", "", "PLN-01: ", Tag::Heading { level: pulldown_cmark::HeadingLevel::H3, id: None, classes: vec![], attrs: vec![] }),
            ("- **Team:** ", "", "Team: ", Tag::Item),
            ("*Principles: ", "*", "Principles: ", Tag::Emphasis),
            ("Care (", ")", "Care (", Tag::Paragraph),
        ];
        for (before, after, label, container) in contexts {
            if typed.is_empty() && container == Tag::Emphasis {
                continue; // `*Principles: *` is no emphasis; chec writes it only with names
            }
            let markdown = format!("{before}{}{after}\n", inline(&text));
            let events = parse(&markdown);
            prop_assert!(!has_html(&events), "raw HTML in {markdown:?}");
            prop_assert!(!has_links(&events), "a link in {markdown:?}");
            let linkable = linkable_outside_code(&events);
            prop_assert!(linkable.is_empty(), "{linkable:?} would be linked, from {markdown:?}");
            let starts: Vec<String> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Start(tag) => Some(format!("{tag:?}")),
                    _ => None,
                })
                .collect();
            let ours = match &container {
                Tag::Item => vec!["List(None)".to_string(), "Item".into(), "Strong".into()],
                Tag::Emphasis => vec!["Paragraph".to_string(), "Emphasis".into()],
                other => vec![format!("{other:?}")],
            };
            prop_assert_eq!(&starts, &ours, "only chec's own structure, from {:?}", markdown);
            let closing = if container == Tag::Paragraph { after } else { "" };
            let expected = format!("{label}{typed}{closing}");
            let got = shown(&events);
            prop_assert_eq!(got.trim(), expected.trim(), "{:?}", markdown);
        }
    }

    #[test]
    fn plain_prose_is_written_as_typed(
        words in prop::collection::vec("[a-zA-Z가-힣0-9]{1,8}", 1..8),
        joins in prop::collection::vec(prop::sample::select(vec![" ", " & ", "_", " * ", " ~ ", ", ", "-", " < ", "%"]), 8),
    ) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push_str(joins[i % joins.len()]);
            }
            text.push_str(w);
        }
        prop_assert_eq!(inline(&text), text.clone());
        let mut table = Table::new(&["H"]);
        table.row(&[&text]);
        prop_assert_eq!(table.render(), format!("| H |\n| --- |\n| {text} |\n"));
    }
}
