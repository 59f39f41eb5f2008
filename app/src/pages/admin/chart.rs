//! The dashboard's sales chart: a bar a day, drawn by the app as inline SVG. Coordinates are
//! whole numbers in a fixed view box, so no float formatting reaches the wasm; the figures
//! themselves are in a table for assistive technology.

use crate::format;
use bazaar_shared::admin::DaySales;
use dioxus::prelude::*;
use time::{Month, OffsetDateTime};

/// The view box; the SVG scales to its container.
pub const WIDTH: i64 = 600;
pub const HEIGHT: i64 = 160;

/// One bar, in view-box units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

/// A bar for each amount, side by side across the width, the largest one full height. An
/// amount above nothing shows at least a sliver, so a small sale is never invisible.
pub fn bars(amounts: &[i64]) -> Vec<Bar> {
    let Ok(count) = i64::try_from(amounts.len()) else {
        return Vec::new();
    };
    if count == 0 {
        return Vec::new();
    }
    let top = amounts.iter().copied().max().unwrap_or(0).max(1);
    let slot = WIDTH / count;
    let gap = (slot / 5).max(1);
    amounts
        .iter()
        .zip(0..)
        .map(|(&amount, i)| {
            let scaled = i128::from(amount.max(0)) * i128::from(HEIGHT) / i128::from(top);
            let height = i64::try_from(scaled).unwrap_or(HEIGHT);
            let height = if amount > 0 { height.max(2) } else { 0 };
            Bar {
                x: i * slot + gap / 2,
                y: HEIGHT - height,
                width: slot - gap,
                height,
            }
        })
        .collect()
}

/// A UTC day as `12 Mar`: the day the server counted, whatever the reader's time zone.
pub fn day_label(day: OffsetDateTime) -> String {
    let month = match day.month() {
        Month::January => "Jan",
        Month::February => "Feb",
        Month::March => "Mar",
        Month::April => "Apr",
        Month::May => "May",
        Month::June => "Jun",
        Month::July => "Jul",
        Month::August => "Aug",
        Month::September => "Sep",
        Month::October => "Oct",
        Month::November => "Nov",
        Month::December => "Dec",
    };
    format!("{} {month}", day.day())
}

#[component]
pub fn SalesChart(days: Vec<DaySales>) -> Element {
    let amounts: Vec<i64> = days.iter().map(|d| d.amount.amount).collect();
    let bars = bars(&amounts);
    let top = days
        .iter()
        .max_by_key(|d| d.amount.amount)
        .map(|d| format::price(&d.amount))
        .unwrap_or_default();
    let total_orders: i64 = days.iter().map(|d| d.orders).sum();
    let (first, last) = match (days.first(), days.last()) {
        (Some(first), Some(last)) => (day_label(first.day), day_label(last.day)),
        _ => return rsx! { p { class: "muted", "No sales figures yet." } },
    };
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    rsx! {
        figure { class: "sales-chart",
            svg {
                view_box: "{view_box}",
                preserve_aspect_ratio: "none",
                role: "img",
                "aria-labelledby": "sales-chart-title sales-chart-desc",
                title { id: "sales-chart-title", "Sales per day, {first} to {last}" }
                desc { id: "sales-chart-desc", "{total_orders} orders in {days.len()} days; the best day took {top}. The table below has each day's figures." }
                line { class: "chart-axis", x1: "0", y1: "{HEIGHT}", x2: "{WIDTH}", y2: "{HEIGHT}" }
                for (bar, day) in bars.iter().zip(days.iter()) {
                    rect {
                        key: "{bar.x}",
                        class: "chart-bar",
                        x: "{bar.x}",
                        y: "{bar.y}",
                        width: "{bar.width}",
                        height: "{bar.height}",
                        title { "{day_label(day.day)}: {day.orders} orders, {format::price(&day.amount)}" }
                    }
                }
            }
            figcaption { class: "chart-scale",
                span { "{first}" }
                span { "Best day: {top}" }
                span { "{last}" }
            }
            table { class: "visually-hidden",
                caption { "Sales per day" }
                thead { tr { th { scope: "col", "Day" } th { scope: "col", "Orders" } th { scope: "col", "Sales" } } }
                tbody {
                    for day in days.iter() {
                        tr { key: "{day.day}",
                            th { scope: "row", "{day_label(day.day)}" }
                            td { "{day.orders}" }
                            td { "{format::price(&day.amount)}" }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_best_day_fills_the_height_and_the_others_scale_to_it() {
        let drawn = bars(&[0, 5_000, 10_000]);
        assert_eq!(
            drawn.iter().map(|b| b.height).collect::<Vec<_>>(),
            [0, HEIGHT / 2, HEIGHT]
        );
        for bar in &drawn {
            assert_eq!(bar.y + bar.height, HEIGHT, "bars stand on the axis");
        }
    }

    #[test]
    fn bars_sit_side_by_side_within_the_width() {
        let drawn = bars(&[1; 30]);
        assert_eq!(drawn.len(), 30);
        for pair in drawn.windows(2) {
            assert!(pair[0].x + pair[0].width < pair[1].x, "{pair:?}");
        }
        let last = drawn.last().unwrap();
        assert!(last.x + last.width <= WIDTH);
    }

    #[test]
    fn a_tiny_sale_still_shows_and_no_sales_draw_nothing() {
        let drawn = bars(&[1, 100_000_000]);
        assert_eq!(drawn[0].height, 2);
        assert!(bars(&[0, 0]).iter().all(|b| b.height == 0));
        assert!(bars(&[]).is_empty());
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let drawn = bars(&[i64::MAX, i64::MAX / 2]);
        assert_eq!(drawn[0].height, HEIGHT);
        assert_eq!(drawn[1].height, HEIGHT / 2 - 1);
    }

    #[test]
    fn days_read_as_the_utc_day_the_server_counted() {
        assert_eq!(day_label(datetime!(2026-03-12 00:00 UTC)), "12 Mar");
        assert_eq!(day_label(datetime!(2026-12-01 00:00 UTC)), "1 Dec");
    }
}
