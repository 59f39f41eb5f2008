//! Shop avatars: a round badge with one of a few geometric marks.

use super::canvas::*;

/// The badge in the shop's colours, its mark picked by `rng`.
pub fn draw_badge(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let base = hsl(hue, rng.range(0.45, 0.7), rng.range(0.38, 0.5));
    let accent = hsl(hue + rng.pick(&[150.0, 180.0, 40.0, -40.0]), 0.75, 0.62);
    let mark = [0.98, 0.97, 0.94];
    let outside = hsl(hue, 0.3, 0.95);
    cv.paint_all(|_| outside);
    let badge = circle(0.5, 0.5, 0.47);
    cv.draw(
        &badge.clone().moved(0.0, 0.012),
        darken(outside, 0.4),
        0.35,
        0.02,
    );
    cv.fill(&badge, lit(base, p(0.2, 0.1), p(0.8, 0.9)));
    cv.draw(&circle(0.5, 0.5, 0.415).outline(0.006), mark, 0.35, 0.0);
    match rng.below(8) {
        0 => {
            // Interlocking rings.
            cv.fill(&circle(0.42, 0.5, 0.14).outline(0.03), mark);
            cv.fill(
                &circle(0.58, 0.5, 0.14).outline(0.03).minus(
                    circle(0.42, 0.5, 0.14)
                        .outline(0.055)
                        .and(rect(0.5, 0.4, 0.2, 0.1, 0.0)),
                ),
                accent,
            );
        }
        1 => {
            // A diamond inside a diamond.
            let diamond = |r: f32| rect(0.5, 0.5, r, r, 0.02).rotated(0.5, 0.5, 45.0);
            cv.fill(&diamond(0.2).outline(0.025), mark);
            cv.fill(&diamond(0.08), accent);
        }
        2 => {
            // Stacked mountains.
            cv.fill(
                &poly(&[(0.26, 0.66), (0.44, 0.34), (0.62, 0.66)]).grown(0.015),
                mark,
            );
            cv.fill(
                &poly(&[(0.46, 0.66), (0.6, 0.42), (0.74, 0.66)]).grown(0.015),
                accent,
            );
            cv.fill(&circle(0.66, 0.32, 0.045), accent);
        }
        3 => {
            // A six-petal flower.
            for i in 0..6 {
                let petal = ellipse(0.5, 0.36, 0.055, 0.12).rotated(0.5, 0.5, i as f32 * 60.0);
                cv.draw(&petal, mark, 0.9, 0.0);
            }
            cv.fill(&circle(0.5, 0.5, 0.06), accent);
        }
        4 => {
            // A crescent and a star dot.
            cv.fill(
                &circle(0.47, 0.5, 0.2).minus(circle(0.56, 0.45, 0.17)),
                mark,
            );
            cv.fill(&star(p(0.62, 0.56), 0.07, 0.03, 5), accent);
        }
        5 => {
            // A sun: a disc and its rays.
            for i in 0..12 {
                let dir = polar(i as f32 * 30.0);
                let (a, b) = (
                    p(0.5, 0.5).add(dir.scale(0.15)),
                    p(0.5, 0.5).add(dir.scale(0.24)),
                );
                cv.fill(&capsule(a.x, a.y, b.x, b.y, 0.016), mark);
            }
            cv.fill(&circle(0.5, 0.5, 0.11), accent);
        }
        6 => {
            // Nested arches.
            let arch = |r: f32| {
                circle(0.5, 0.6, r)
                    .outline(0.022)
                    .and(rect(0.5, 0.45, 0.3, 0.15, 0.0))
            };
            cv.fill(&arch(0.2), mark);
            cv.fill(&arch(0.13), accent);
            cv.fill(
                &circle(0.5, 0.6, 0.05).and(rect(0.5, 0.5, 0.1, 0.1, 0.0)),
                mark,
            );
            cv.fill(&capsule(0.27, 0.64, 0.73, 0.64, 0.018), mark);
        }
        _ => {
            // Quarter-circle tiles.
            let quarter = |cx: f32, cy: f32, ox: f32, oy: f32| {
                circle(ox, oy, 0.15).and(rect(cx, cy, 0.075, 0.075, 0.0))
            };
            cv.fill(&quarter(0.425, 0.425, 0.5, 0.5), mark);
            cv.fill(&quarter(0.575, 0.425, 0.5, 0.35), accent);
            cv.fill(&quarter(0.425, 0.575, 0.35, 0.5), accent);
            cv.fill(&quarter(0.575, 0.575, 0.5, 0.5), mark);
        }
    }
}
