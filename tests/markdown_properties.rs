//! Property tests: whatever people type, exported Markdown shows exactly that text, in the
//! same table shape, and never raw HTML. Parsed back with pulldown-cmark (GFM tables on).

use chec::export::markdown::{Table, block, cell_text};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn parse(markdown: &str) -> Vec<Event<'_>> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS)
        .collect()
}

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
        let rows = table_cells(&events);
        prop_assert_eq!(rows.len(), 2, "header and one row, never more: {:?}", markdown);
        prop_assert_eq!(rows[1].len(), cells.len(), "same number of cells: {:?}", markdown);
        for (got, typed) in rows[1].iter().zip(&cells) {
            prop_assert_eq!(got, &cell_text(typed), "{:?}", markdown);
        }
    }

    #[test]
    fn a_block_of_user_text_stays_paragraphs_of_the_same_text(text in user_text()) {
        let markdown = block(&text);
        let events = parse(&markdown);
        prop_assert!(!has_html(&events), "raw HTML in {markdown:?}");
        let mut shown = String::new();
        for e in &events {
            match e {
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                Event::Text(t) => shown.push_str(t),
                Event::SoftBreak | Event::HardBreak => shown.push('\n'),
                Event::Start(tag) => prop_assert!(false, "user text made a {tag:?} from {text:?}: {markdown:?}"),
                _ => {}
            }
            if matches!(e, Event::End(TagEnd::Paragraph)) {
                shown.push('\n');
            }
        }
        // What the reader sees: the cleaned lines, blank lines dropped, each trimmed.
        let expected: Vec<String> = chec::text::sanitize_block(&text)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        let got: Vec<String> = shown.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        prop_assert_eq!(got, expected, "{:?}", markdown);
    }
}
