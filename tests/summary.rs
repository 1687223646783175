//! `ogi summary --html` on a small build of real pages: every chart has a
//! title and both axis labels, drawn as text in its SVG; the page is one
//! file that names no URL and loads nothing; each diagnostic code comes with
//! example documents and the command that shows them.
#![cfg(feature = "summary")]

mod common;

use common::{build, ogi, repo, rows};

/// The value of attribute `name` in the tag text `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(&tag[start..end])
}

/// The text drawn in an SVG: each `<text>` element's content, trimmed.
fn drawn(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let content = &t[t.find('>')? + 1..t.find("</text>")?];
            Some(content.trim())
        })
        .collect()
}

#[test]
fn the_quality_report_labels_every_chart_and_loads_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    build(&repo().join("tests/real/docs"), &out, &[]);
    let html = tmp.path().join("report.html");
    let o = ogi()
        .arg("summary")
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(&html).unwrap();

    // Every chart is a figure with a title and axis labels, each drawn as
    // text in the chart, and the title is the SVG's accessible name too.
    let svgs = page.matches("<svg").count();
    let figures: Vec<&str> = page.split("<figure").skip(1).collect();
    assert_eq!(figures.len(), svgs, "every chart is in a figure");
    assert!(svgs >= 7, "{svgs} charts");
    for f in &figures {
        let tag = &f[..f.find('>').unwrap()];
        let svg = &f[f.find("<svg").expect("a chart")..f.find("</svg>").unwrap()];
        for name in ["data-title", "data-x", "data-y"] {
            let text = attribute(tag, name).unwrap_or_default();
            assert!(!text.is_empty(), "a chart without {name}: {tag}");
            assert!(
                drawn(svg).contains(&text),
                "{name} {text} is not drawn in its chart"
            );
        }
        let title = attribute(tag, "data-title").unwrap();
        assert!(svg.contains(&format!("<title>{title}</title>")), "{title}");
    }
    for title in [
        "Status of the reports by year",
        "Status of the reports by province",
        "Status of the reports by format",
        "Status of the reports by template",
        "Identity failures by year",
    ] {
        assert!(page.contains(&format!("data-title=\"{title}\"")), "{title}");
    }
    assert!(page.contains("by year and province"), "the heat map");

    // One self-contained file: no URL, nothing loaded.
    for fetch in [
        "http://", "https://", "src=", "<link", "<script", "@import", "url(", "<iframe",
    ] {
        assert!(!page.contains(fetch), "the page holds {fetch}");
    }

    // The fill rates name every column of every table; the diagnostics
    // give examples with the command that shows them.
    for table in ["reports", "applications", "diagnostics"] {
        for column in rows(&out, table).first().unwrap().keys() {
            assert!(
                page.contains(&format!("<code>{column}</code>")),
                "{table}.{column} has no fill rate"
            );
        }
    }
    // Each column's count is the cells it holds (the report reads most of
    // them from the files' footers, not from the values).
    for table in ["reports", "applications", "diagnostics"] {
        let all = rows(&out, table);
        let head = format!("<h3><code>{table}</code>: {} rows</h3>", all.len());
        let section = page.split(&head).nth(1).expect(&head);
        let section = section.split("<h3>").next().unwrap();
        for column in all.first().unwrap().keys() {
            let filled = all.iter().filter(|r| !r[column].is_null()).count();
            let cell = format!("<td><code>{column}</code></td><td class=\"n\">{filled}</td>");
            assert!(section.contains(&cell), "{table}.{column}: {filled} cells");
        }
    }
    // The same dataset gives the same page, byte for byte.
    let again = tmp.path().join("again.html");
    let o = ogi()
        .arg("summary")
        .arg(&out)
        .arg("--html")
        .arg(&again)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(&again).unwrap(),
        page.as_bytes(),
        "a second run differs"
    );

    let first = rows(&out, "diagnostics")
        .into_iter()
        .next()
        .expect("the real pages have diagnostics");
    assert!(page.contains(first["code"].as_str().unwrap()));
    assert!(page.contains("ogi extract INPUT/"), "an example command");
}
