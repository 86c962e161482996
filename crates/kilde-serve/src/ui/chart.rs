//! Bar charts of counts over time as inline SVG written by the server: readable
//! without JavaScript, a few kilobytes even for a long series, each bar a link
//! (when the page gives one) with its label and count as its accessible name.

use std::fmt::Write;

use kilde_search::Count;
use maud::{Markup, PreEscaped, html};

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
/// The widest bar, so that a series of one or two points is not a slab.
const MAX_BAR: f64 = 48.0;
/// At most this many labels under the x axis, so they never overlap.
const X_LABELS: usize = 6;

/// A bar per point; `href` gives the link of a bar from its label.
pub(crate) fn bars(
    points: &[Count],
    description: &str,
    href: impl Fn(&str) -> Option<String>,
) -> Markup {
    let max = points.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / points.len().max(1) as f64;
    // A few points still look like a chart: bars never wider than MAX_BAR.
    let bar_w = if slot >= 4.0 {
        (slot * 0.8).min(MAX_BAR)
    } else {
        slot
    };
    let base = TOP + plot_h;
    let step = points.len().div_ceil(X_LABELS).max(1);
    // Numbers are written by hand: maud would escape nothing here, and the
    // geometry reads better as one format string per element.
    let mut grid = String::new();
    let ticks: &[u64] = if max >= 2 {
        &[0, max / 2, max]
    } else {
        &[0, max]
    };
    for &tick in ticks {
        let y = base - tick as f64 / max as f64 * plot_h;
        let _ = write!(
            grid,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}"/><text class="y" x="{:.1}" y="{:.1}">{tick}</text>"#,
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 4.0
        );
    }
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) width="100%" aria-label=(description) {
            (PreEscaped(grid))
            @for (i, point) in points.iter().enumerate() {
                @let x = LEFT + i as f64 * slot + (slot - bar_w) / 2.0;
                @let h = (point.count as f64 / max as f64 * plot_h).max(1.0);
                @let name = format!("{}: {}", point.value, point.count);
                @if point.count > 0 {
                    @let rect = html! {
                        rect.bar x=(fmt(x)) y=(fmt(base - h)) width=(fmt(bar_w)) height=(fmt(h)) {
                            title { (name) }
                        }
                    };
                    @match href(&point.value) {
                        Some(link) => { a href=(link) aria-label=(name) { (rect) } }
                        None => { (rect) }
                    }
                }
                @if i % step == 0 {
                    // Only the first label stays on a phone, where the chart is small.
                    @if i == 0 {
                        text.x.first x=(fmt(x)) y=(fmt(HEIGHT - 8.0)) { (point.value) }
                    } @else {
                        text.x.minor x=(fmt(x + bar_w / 2.0)) y=(fmt(HEIGHT - 8.0)) { (point.value) }
                    }
                }
            }
        }
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(value: &str, count: u64) -> Count {
        Count {
            value: value.to_string(),
            count,
        }
    }

    #[test]
    fn a_bar_per_nonzero_point_with_links_and_escaped_labels() {
        let points = [count("2026-02", 3), count("2026-03", 0), count("<x>", 6)];
        let svg = bars(&points, "a \"chart\"", |v| Some(format!("/?from={v}"))).into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains(r#"href="/?from=2026-02""#), "{svg}");
        assert!(
            !svg.contains("/?from=2026-03"),
            "zero bars get no link: {svg}"
        );
        assert!(
            svg.contains("&lt;x&gt;: 6") && !svg.contains("<x>"),
            "{svg}"
        );
        assert!(svg.contains(r#"aria-label="a &quot;chart&quot;""#), "{svg}");
        // The tallest bar fills the plot; the axis shows its count.
        assert!(svg.contains(r#"height="154.0""#), "{svg}");
        assert!(svg.contains(">6</text>"), "{svg}");
    }

    #[test]
    fn long_series_label_only_some_points() {
        let points: Vec<Count> = (0..60).map(|i| count(&format!("p{i}"), i)).collect();
        let svg = bars(&points, "", |_| None).into_string();
        assert_eq!(svg.matches(r#"<text class="x"#).count(), X_LABELS);
        assert!(!svg.contains("<a "));
    }
}
