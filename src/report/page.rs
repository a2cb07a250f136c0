//! The shell every report page shares: doctype and head, the style sheet with its print
//! rules, the header with the title and a meta line, the charts section and the footer.
//!
//! A page references nothing outside itself: no scripts, no style sheets, no fonts or
//! images fetched from anywhere (text uses the reader's local sans-serif fonts), and the
//! charts are inline SVG. It prints on A4 and Letter alike. The run, comparison and sweep
//! reports each fill a [`Page`] with their title, meta line and footer, and write only
//! their own sections.

use std::fmt::Write as _;

use super::charts::Chart;
use crate::results::VERSION;

/// The style sheet for the screen.
const SCREEN_CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: #212121; background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; border-bottom: 2px solid #e1e1e1; padding-bottom: 4px; }
p { margin: 8px 0; }
.meta { color: #555; font-size: 14px; }
.lede { font-size: 17px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; }
.glance { display: flex; flex-wrap: wrap; gap: 12px; margin: 18px 0 6px; padding: 0; list-style: none; }
.glance li { flex: 1 1 180px; border: 1px solid #e1e1e1; border-radius: 6px; padding: 10px 14px; }
.glance .v { display: block; font-size: 24px; font-weight: 600; white-space: nowrap; }
.glance .k { display: block; color: #555; font-size: 13px; }
.answer { margin: 12px 0 4px; }
.answer .verdict { font-size: 18px; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 10px 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eee; vertical-align: top; }
thead th { border-bottom: 2px solid #ccc; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.section th { background: #f4f6f8; font-size: 15px; padding-top: 8px; }
figure { margin: 24px 0; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { font-size: 14px; color: #444; margin-top: 6px; }
footer { margin-top: 40px; color: #555; font-size: 13px; }
ul.verdicts { padding-left: 20px; }
ul.verdicts li { margin: 4px 0; font-size: 17px; }
td.sig { font-weight: 600; }
td.noise, .legend .noise { color: #999; }
tr.pareto td { background: #eef5fb; }
.note { color: #555; font-style: italic; }
.sustain { border: 1px solid #ccc; border-left: 6px solid #9e9e9e; border-radius: 6px; padding: 8px 14px; margin: 16px 0; background: #f5f5f5; }
.sustain .verdict { font-size: 17px; font-weight: 600; margin: 4px 0; }
.sustain .details { font-size: 14px; color: #444; margin: 4px 0; }
.sustain.bad { border-color: #e0a3a3; border-left-color: #c62828; background: #fdecea; }
.sustain.bad .verdict { color: #b71c1c; }
.sustain.ok { border-color: #a5d6a7; border-left-color: #2e7d32; background: #edf7ee; }
"#;

/// The style sheet for print: A4 or Letter margins, no page break inside a figure, a
/// table row or before a section's text, table headers repeated on every page.
const PRINT_CSS: &str = r#"@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  figure, svg, .glance, .sustain, tr { page-break-inside: avoid; break-inside: avoid; }
  .sustain { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure svg, img { max-width: 100%; height: auto; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// What a report puts into the shell of its page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Page<'a> {
    /// The title, plain text: the window title and the page's heading.
    pub(crate) title: &'a str,
    /// The meta line under the heading after `carecast <version> · `, HTML.
    pub(crate) facts: &'a str,
    /// What the page was made from, HTML, after `Made by carecast <version> from `.
    pub(crate) source: &'a str,
    /// The last sentences of the footer, after the one on the chart files, HTML.
    pub(crate) more: &'a str,
    /// Style rules the page adds to the shared style sheet (empty for none).
    pub(crate) css: &'a str,
}

impl Page<'_> {
    /// The whole page around `body` (the report's sections, HTML).
    pub(crate) fn render(&self, body: &str) -> String {
        let mut o = String::with_capacity(body.len() + 8 * 1024);
        let title = escape(self.title);
        let _ = writeln!(
            o,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{title}</title>\n<style>{SCREEN_CSS}{PRINT_CSS}{}</style>\n</head>\n<body>",
            self.css
        );
        let _ = writeln!(
            o,
            "<header>\n<h1>{title}</h1>\n<p class=\"meta\">carecast {VERSION} · {}</p>\n</header>",
            self.facts
        );
        o.push_str(body);
        let _ = writeln!(
            o,
            "<footer>Made by carecast {VERSION} from {}. The charts are also in <code>charts/</code> as PNG and SVG. {}</footer>\n</body>\n</html>",
            self.source, self.more
        );
        o
    }
}

/// The charts section: its heading, then `before` (HTML), every chart as a figure, and
/// `after` (HTML).
pub(crate) fn charts_section(charts: &[Chart], before: &str, after: &str) -> String {
    let mut o = String::with_capacity(charts.iter().map(|c| c.svg.len() + 512).sum::<usize>());
    let _ = writeln!(o, "<section id=\"charts\">\n<h2>Charts</h2>");
    o.push_str(before);
    o.push_str(&figure_elements(charts));
    o.push_str(after);
    let _ = writeln!(o, "</section>");
    o
}

/// The charts as `<figure>` elements: inline SVG with its caption.
fn figure_elements(charts: &[Chart]) -> String {
    let mut o = String::new();
    for c in charts {
        let _ = writeln!(
            o,
            "<figure id=\"{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            escape(&c.name),
            inline_svg(&c.svg),
            escape(&c.caption)
        );
    }
    o
}

/// The SVG of a chart for inlining in HTML: without the XML namespace declaration (HTML
/// puts `<svg>` in the SVG namespace by itself), scaled by CSS.
fn inline_svg(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
        .replacen("<svg ", "<svg role=\"img\" ", 1)
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_wraps_the_body_once() {
        let page = Page {
            title: "a <b>",
            facts: "2 plans",
            source: "here",
            more: "More.",
            css: "",
        }
        .render("<p>body</p>\n");
        assert!(page.starts_with("<!DOCTYPE html>\n"));
        assert!(page.contains("<title>a &lt;b&gt;</title>"));
        assert!(page.contains("<h1>a &lt;b&gt;</h1>"));
        assert!(page.contains(&format!("carecast {VERSION} · 2 plans</p>")));
        assert!(page.contains("@media print"));
        assert!(page.contains("</header>\n<p>body</p>\n<footer>Made by carecast"));
        assert!(page.ends_with("as PNG and SVG. More.</footer>\n</body>\n</html>\n"));
        assert_eq!(escape("\"'&"), "&quot;&#39;&amp;");
    }
}
