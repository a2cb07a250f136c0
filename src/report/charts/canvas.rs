//! The canvas every chart is drawn on: the bundled fonts, the PNG and SVG rendering of one
//! drawing routine, the palette, text sizes, the legend strip, the frame (title, legend,
//! plot area) and the one mesh style of every axis.
//!
//! Text is set in DejaVu Sans (the `dejavu` crate), registered with plotters as
//! `sans-serif` before any drawing, so that neither backend needs a system library or an
//! installed font. The colours are Okabe and Ito's palette ("Color Universal Design",
//! 2008), told apart with the common forms of colour blindness.

use std::error::Error;
use std::sync::OnceLock;

use plotters::chart::{ChartContext, MeshStyle};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Size of every chart in pixels: 16:9, readable on a slide.
pub const SIZE: (u32, u32) = (1600, 900);

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem, e.g. `week-view` (written as `week-view.png` and `week-view.svg`).
    pub name: String,
    /// Title drawn on the chart.
    pub title: String,
    /// One-line caption for the report.
    pub caption: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// The PNG file.
    pub png: Vec<u8>,
    /// The SVG file.
    pub svg: String,
}

/// A chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart `{chart}`: {message}")]
pub struct ChartError {
    /// File stem of the chart.
    pub chart: String,
    /// What went wrong.
    pub message: String,
}

/// What a drawing routine returns: any backend's error, boxed.
pub(super) type DrawResult = Result<(), Box<dyn Error + Send + Sync>>;

/// A figure drawable on any backend: each chart's data implements it once, and
/// [`render`] draws it on both.
pub(super) trait Draw {
    /// Draws the whole figure on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

/// Text size of chart titles.
pub(super) const TITLE: f64 = 40.0;
/// Text size of panel titles (charts of several panels).
pub(super) const PANEL_TITLE: f64 = 30.0;
/// Text size of axis titles.
pub(super) const AXIS: f64 = 28.0;
/// Text size of tick and value labels.
pub(super) const LABEL: f64 = 24.0;
/// Text size of legend entries.
pub(super) const LEGEND: f64 = 24.0;
/// Text size of notes drawn on the plot.
pub(super) const NOTE: f64 = 22.0;

/// Okabe-Ito blue.
pub(super) const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe-Ito orange.
pub(super) const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe-Ito bluish green.
pub(super) const GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe-Ito vermilion.
pub(super) const VERMILION: RGBColor = RGBColor(213, 94, 0);
/// Okabe-Ito sky blue.
pub(super) const SKY: RGBColor = RGBColor(86, 180, 233);
/// Okabe-Ito reddish purple.
pub(super) const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Okabe-Ito yellow, darkened for lines and dots on white (the pure yellow, 240 228 66,
/// is too pale to see there).
pub(super) const YELLOW: RGBColor = RGBColor(204, 187, 0);
/// Okabe-Ito black, for the eighth plan.
pub(super) const BLACK: RGBColor = RGBColor(0, 0, 0);
/// Pale orange: the weekend tint, a hue no band or line of the same charts uses.
pub(super) const WEEKEND: RGBColor = RGBColor(253, 238, 200);
/// Text and emphasis.
pub(super) const INK: RGBColor = RGBColor(33, 33, 33);
/// Secondary marks and pale text.
pub(super) const GREY: RGBColor = RGBColor(140, 140, 140);
/// Major grid lines.
pub(super) const LIGHT: RGBColor = RGBColor(225, 225, 225);

/// The colours of plans, in plan order: the eight hues of Okabe and Ito, so eight plans
/// never share a colour (a ninth repeats the first).
pub(super) const PLAN_COLORS: [RGBColor; 8] =
    [BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK];

/// The colour of plan `i` (0 = the first plan, the baseline).
pub(super) fn plan_color(i: usize) -> RGBColor {
    PLAN_COLORS[i % PLAN_COLORS.len()]
}

/// Registers the bundled DejaVu Sans (regular and bold) as `sans-serif`, once.
fn fonts() -> Result<(), String> {
    static FONTS: OnceLock<Result<(), String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let bad = |_| "the bundled DejaVu font could not be read".to_string();
            plotters::style::register_font(
                "sans-serif",
                FontStyle::Normal,
                dejavu::sans::regular(),
            )
            .map_err(bad)?;
            plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold())
                .map_err(bad)
        })
        .clone()
}

/// Regular text of the given size, in ink.
pub(super) fn text(size: f64) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).color(&INK)
}

/// Bold text of the given size, in ink.
pub(super) fn bold(size: f64) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size, FontStyle::Bold).into_font()).color(&INK)
}

/// Draws `figure` on an SVG and a bitmap canvas of [`SIZE`] and encodes the PNG.
pub(super) fn render(
    name: &str,
    title: &str,
    caption: String,
    figure: &impl Draw,
) -> Result<Chart, ChartError> {
    let fail = |message: String| ChartError {
        chart: name.to_string(),
        message,
    };
    fonts().map_err(fail)?;
    let (w, h) = SIZE;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        figure.draw(&root).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        figure.draw(&root).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let png = encode_png(&rgb, w, h).map_err(|e| fail(e.to_string()))?;
    Ok(Chart {
        name: name.to_string(),
        title: title.to_string(),
        caption,
        size: SIZE,
        png,
        svg,
    })
}

/// Encodes an RGB buffer as an 8-bit PNG.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// The one mesh style of every chart: axis titles and tick labels in ink at the given
/// sizes, no minor grid lines and light grey major ones. The chart adds its own axis
/// titles, formatters and the grid lines it leaves out, then draws it.
pub(super) fn mesh<'a, 'b, DB, X, Y, XT, YT>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    axis: f64,
    label: f64,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    let mut style = chart.configure_mesh();
    style
        .axis_desc_style(text(axis))
        .label_style(text(label))
        .light_line_style(WHITE)
        .bold_line_style(LIGHT);
    style
}

/// What a legend entry shows.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mark {
    /// A line of the colour and width.
    Line(RGBColor, u32),
    /// A filled swatch with a grey outline.
    Fill(RGBAColor),
    /// A filled dot.
    Dot(RGBColor),
    /// A hollow dot: a ring.
    Ring(RGBColor),
    /// A filled diamond.
    Diamond(RGBColor),
}

/// A centred legend in a strip, wrapped over rows as needed.
pub(super) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(Mark, String)],
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    const SWATCH: i32 = 40;
    const GAP: i32 = 10;
    const BETWEEN: i32 = 36;
    let style = text(LEGEND);
    let (w, h) = area.dim_in_pixel();
    let mut widths = Vec::with_capacity(items.len());
    for (_, label) in items {
        let (tw, _) = area.estimate_text_size(label, &style)?;
        widths.push(SWATCH + GAP + tw as i32);
    }
    // Greedy rows.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row: Vec<usize> = Vec::new();
    let mut used = 0;
    for (i, &iw) in widths.iter().enumerate() {
        let extra = if row.is_empty() { iw } else { BETWEEN + iw };
        if !row.is_empty() && used + extra > w as i32 - 40 {
            rows.push(std::mem::take(&mut row));
            used = iw;
        } else {
            used += extra;
        }
        row.push(i);
    }
    rows.push(row);
    let row_h = (LEGEND * 1.6) as i32;
    let top = (h as i32 - row_h * rows.len() as i32) / 2;
    for (r, row) in rows.iter().enumerate() {
        let total: i32 =
            row.iter().map(|&i| widths[i]).sum::<i32>() + BETWEEN * (row.len() as i32 - 1);
        let mut x = (w as i32 - total) / 2;
        let y = top + r as i32 * row_h + row_h / 2;
        for &i in row {
            let (mark, label) = &items[i];
            match *mark {
                Mark::Line(c, width) => {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + SWATCH, y)],
                        c.stroke_width(width),
                    ))?;
                }
                Mark::Fill(c) => {
                    area.draw(&Rectangle::new(
                        [(x, y - 11), (x + SWATCH, y + 11)],
                        c.filled(),
                    ))?;
                    area.draw(&Rectangle::new(
                        [(x, y - 11), (x + SWATCH, y + 11)],
                        GREY.stroke_width(1),
                    ))?;
                }
                Mark::Dot(c) => {
                    area.draw(&Circle::new((x + SWATCH / 2, y), 9, c.filled()))?;
                }
                Mark::Ring(c) => {
                    area.draw(&Circle::new((x + SWATCH / 2, y), 9, c.stroke_width(3)))?;
                }
                Mark::Diamond(c) => {
                    let cx = x + SWATCH / 2;
                    area.draw(&Polygon::new(
                        vec![(cx, y - 13), (cx + 13, y), (cx, y + 13), (cx - 13, y)],
                        c.filled(),
                    ))?;
                }
            }
            area.draw(&Text::new(
                label.clone(),
                (x + SWATCH + GAP, y),
                style.pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += widths[i] + BETWEEN;
        }
    }
    Ok(())
}

/// A legend strip and a plot area.
pub(super) type Panes<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// The root cleared and titled, the rest split into a legend strip of `legend_rows`
/// rows and the plot area.
pub(super) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend_rows: u32,
) -> Result<Panes<DB>, Box<dyn Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let body = titled(root, title)?;
    let legend_h = legend_rows * (LEGEND * 1.6) as u32 + 16;
    let (strip, plot) = body.split_vertically(legend_h);
    Ok((strip, plot))
}

/// The root cleared to white, with the chart title drawn at its top; returns the area
/// below the title.
pub(super) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
) -> Result<DrawingArea<DB, Shift>, Box<dyn Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    Ok(root.margin(14, 0, 0, 0).titled(title, bold(TITLE))?)
}
