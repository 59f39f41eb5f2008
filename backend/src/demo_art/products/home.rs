//! Around the house: gifts, pets, home and, for any other category, a sculpture.

use super::{GOLD, GRAPHITE, INK, SILVER, floor_shadow};
use crate::demo_art::canvas::*;

pub fn gift_box(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let paper = hsl(hue, rng.range(0.5, 0.8), rng.range(0.42, 0.58));
    let ribbon = rng.pick(&[
        GOLD,
        [0.97, 0.96, 0.94],
        hsl(hue + 180.0, 0.7, 0.55),
        [0.8, 0.12, 0.18],
    ]);
    // Drawn in oblique projection: depth `d` runs from the front (0) to the back (1).
    let depth = p(0.12, -0.07);
    let at = |x: f32, y: f32, d: f32| p(x, y).add(depth.scale(d));
    let quad = |pts: [P; 4]| Shape::Polygon(pts.to_vec());
    let front_face = |x0: f32, x1: f32, top: f32, bottom: f32| {
        quad([
            at(x0, top, 0.0),
            at(x1, top, 0.0),
            at(x1, bottom, 0.0),
            at(x0, bottom, 0.0),
        ])
    };
    let side_face = |x: f32, top: f32, bottom: f32, d0: f32, d1: f32| {
        quad([
            at(x, top, d0),
            at(x, top, d1),
            at(x, bottom, d1),
            at(x, bottom, d0),
        ])
    };
    let top_face = |y: f32, x0: f32, x1: f32, d0: f32, d1: f32| {
        quad([at(x0, y, d0), at(x0, y, d1), at(x1, y, d1), at(x1, y, d0)])
    };
    floor_shadow(cv, 0.53, 0.765, 0.32);
    let front = front_face(0.26, 0.62, 0.46, 0.78);
    let side = side_face(0.62, 0.46, 0.78, 0.0, 1.0);
    cv.fill(&front, vertical(0.46, 0.78, paper, darken(paper, 0.1)));
    cv.fill(
        &side,
        vertical(0.4, 0.78, darken(paper, 0.25), darken(paper, 0.35)),
    );
    if rng.chance(0.5) {
        for i in 0..5 {
            for j in 0..4 {
                let c = p(
                    0.29 + i as f32 * 0.075 + (j % 2) as f32 * 0.037,
                    0.52 + j as f32 * 0.07,
                );
                cv.draw_in(
                    &front,
                    &circle(c.x, c.y, 0.012),
                    lighten(paper, 0.5),
                    0.6,
                    0.0,
                );
            }
        }
    }
    cv.draw_in(&front, &rect(0.44, 0.49, 0.2, 0.012, 0.0), INK, 0.25, 0.012);
    cv.fill(
        &rect(0.44, 0.62, 0.03, 0.16, 0.0),
        vertical(0.46, 0.78, ribbon, darken(ribbon, 0.15)),
    );
    cv.fill(&side_face(0.62, 0.46, 0.78, 0.4, 0.6), darken(ribbon, 0.3));
    let lid_front = front_face(0.245, 0.635, 0.42, 0.49);
    let lid_side = side_face(0.635, 0.42, 0.49, 0.0, 1.0);
    let lid_top = top_face(0.42, 0.245, 0.635, 0.0, 1.0);
    cv.fill(&lid_front, lighten(paper, 0.06));
    cv.fill(&lid_side, darken(paper, 0.2));
    cv.fill(
        &lid_top,
        Paint::Linear {
            a: at(0.3, 0.42, 1.0),
            b: at(0.6, 0.42, 0.0),
            from: lighten(paper, 0.3),
            to: lighten(paper, 0.12),
        },
    );
    cv.fill(&rect(0.44, 0.455, 0.03, 0.035, 0.0), lighten(ribbon, 0.05));
    cv.fill(
        &side_face(0.635, 0.42, 0.49, 0.4, 0.6),
        darken(ribbon, 0.25),
    );
    let across = top_face(0.42, 0.245, 0.635, 0.4, 0.6);
    let along = top_face(0.42, 0.41, 0.47, 0.0, 1.0);
    cv.fill(&across.or(along), lighten(ribbon, 0.15));
    let knot = at(0.44, 0.42, 0.5);
    for side in [-1.0f32, 1.0] {
        let tail = poly(&[
            (knot.x, knot.y),
            (knot.x + side * 0.09, knot.y + 0.06),
            (knot.x + side * 0.06, knot.y + 0.075),
        ])
        .grown(0.006);
        cv.fill(&tail, darken(ribbon, 0.1));
        let loop_centre = p(knot.x + side * 0.055, knot.y - 0.03);
        let bow = ellipse(loop_centre.x, loop_centre.y, 0.06, 0.035).rotated(
            loop_centre.x,
            loop_centre.y,
            side * -25.0,
        );
        let hole = ellipse(loop_centre.x, loop_centre.y + 0.004, 0.035, 0.014).rotated(
            loop_centre.x,
            loop_centre.y,
            side * -25.0,
        );
        cv.fill(
            &bow.minus(hole.clone()),
            lit(ribbon, p(knot.x, knot.y - 0.07), p(knot.x, knot.y + 0.02)),
        );
        cv.fill(&hole, darken(ribbon, 0.45));
    }
    cv.fill(
        &circle(knot.x, knot.y - 0.01, 0.022),
        lit(
            ribbon,
            p(knot.x - 0.02, knot.y - 0.03),
            p(knot.x + 0.02, knot.y + 0.01),
        ),
    );
}

pub fn bowl_and_bone(cv: &mut Canvas, rng: &mut Rng) {
    let bowl = if rng.chance(0.3) {
        SILVER
    } else {
        any_hue(rng, 0.4..0.7, 0.5..0.62)
    };
    let x = 0.46;
    floor_shadow(cv, x, 0.74, 0.23);
    let body = poly(&[
        (x - 0.27, 0.5),
        (x + 0.27, 0.5),
        (x + 0.2, 0.732),
        (x - 0.2, 0.732),
    ])
    .grown(0.01);
    cv.fill(&body, cylinder(x - 0.28, x + 0.28, bowl, 0.5));
    cv.fill(
        &ellipse(x, 0.5, 0.28, 0.058),
        lit(lighten(bowl, 0.1), p(x, 0.44), p(x, 0.56)),
    );
    let inside = ellipse(x, 0.503, 0.248, 0.042);
    cv.fill(
        &inside,
        vertical(0.46, 0.55, darken(bowl, 0.5), darken(bowl, 0.25)),
    );
    let pile = inside.or(ellipse(x, 0.49, 0.2, 0.045));
    for _ in 0..160 {
        let c = p(rng.range(x - 0.23, x + 0.23), rng.range(0.45, 0.54));
        if pile.distance(c) > -0.008 {
            continue;
        }
        let kibble = hsl(rng.range(18.0, 35.0), 0.55, rng.range(0.25, 0.4));
        let piece = ellipse(c.x, c.y, rng.range(0.013, 0.018), 0.012);
        cv.draw_in(&pile, &piece, kibble, 1.0, 0.0);
        cv.draw_in(
            &piece,
            &circle(c.x - 0.004, c.y - 0.004, 0.005),
            [1.0; 3],
            0.25,
            0.004,
        );
    }
    let paw = lighten(bowl, 0.55);
    cv.draw(&ellipse(x, 0.64, 0.036, 0.028), paw, 0.85, 0.0);
    for (dx, dy) in [(-0.042, 0.6), (-0.015, 0.58), (0.015, 0.58), (0.042, 0.6)] {
        cv.draw(&ellipse(x + dx, dy, 0.011, 0.014), paw, 0.85, 0.0);
    }
    let (bx, by) = (0.74, 0.8);
    floor_shadow(cv, bx, by + 0.01, 0.11);
    let bone = capsule(bx - 0.08, by, bx + 0.08, by, 0.018)
        .smooth_or(
            circle(bx - 0.085, by - 0.018, 0.024)
                .or(circle(bx - 0.085, by + 0.018, 0.024))
                .or(circle(bx + 0.085, by - 0.018, 0.024))
                .or(circle(bx + 0.085, by + 0.018, 0.024)),
            0.012,
        )
        .rotated(bx, by, -14.0);
    cv.fill(
        &bone,
        lit([0.95, 0.91, 0.82], p(bx, by - 0.05), p(bx, by + 0.05)),
    );
}

pub fn mug(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let colour = if rng.chance(0.35) {
        [0.96, 0.95, 0.92]
    } else {
        hsl(hue, rng.range(0.3, 0.65), rng.range(0.5, 0.68))
    };
    let (x, bottom) = (0.46, 0.75);
    floor_shadow(cv, x + 0.03, bottom, 0.2);
    let body = rect(x, 0.58, 0.15, 0.17, 0.025);
    let handle = ellipse(x + 0.155, 0.575, 0.075, 0.085)
        .outline(0.019)
        .minus(body.clone());
    cv.fill(
        &handle,
        cylinder(x + 0.1, x + 0.25, darken(colour, 0.1), 0.4),
    );
    cv.fill(&body, cylinder(x - 0.15, x + 0.15, colour, 0.45));
    let decoration = hsl(hue + 160.0, 0.55, 0.45);
    match rng.below(3) {
        0 => {
            cv.draw_in(&body, &rect(x, 0.52, 0.2, 0.018, 0.0), decoration, 0.9, 0.0);
            cv.draw_in(&body, &rect(x, 0.56, 0.2, 0.006, 0.0), decoration, 0.9, 0.0);
        }
        1 => cv.draw(&heart(p(x, 0.585), 0.05), decoration, 0.9, 0.0),
        _ => {}
    }
    cv.fill(&ellipse(x, 0.41, 0.15, 0.03), lighten(colour, 0.15));
    cv.fill(&ellipse(x, 0.413, 0.132, 0.022), [0.28, 0.16, 0.09]);
    cv.draw(
        &ellipse(x, 0.413, 0.132, 0.022).outline(0.004),
        [0.7, 0.5, 0.32],
        0.7,
        0.0,
    );
    for (dx, phase) in [(-0.04, 0.0), (0.03, 1.7)] {
        let mut steam = Vec::new();
        for i in 0..12 {
            let t = i as f32 / 11.0;
            steam.push(p(x + dx + 0.02 * (t * 6.0 + phase).sin(), 0.39 - t * 0.16));
        }
        for pair in steam.windows(2) {
            let alpha = 0.25 * (1.0 - pair[0].y.min(0.39) / 0.39 + 0.4);
            cv.draw(
                &capsule(pair[0].x, pair[0].y, pair[1].x, pair[1].y, 0.006),
                [1.0; 3],
                alpha,
                0.012,
            );
        }
    }
}

pub fn lamp(cv: &mut Canvas, rng: &mut Rng) {
    let shade = if rng.chance(0.5) {
        [0.95, 0.92, 0.85]
    } else {
        any_hue(rng, 0.3..0.6, 0.5..0.65)
    };
    let metal = rng.pick(&[GOLD, GRAPHITE, SILVER]);
    let warm = [1.0, 0.88, 0.6];
    cv.draw(&circle(0.5, 0.47, 0.2), warm, 0.35, 0.3);
    floor_shadow(cv, 0.5, 0.76, 0.17);
    cv.fill(
        &capsule(0.5, 0.43, 0.5, 0.74, 0.011),
        cylinder(0.489, 0.511, metal, 0.7),
    );
    cv.fill(
        &rect(0.5, 0.745, 0.12, 0.018, 0.016),
        cylinder(0.38, 0.62, metal, 0.6),
    );
    cv.draw(&ellipse(0.5, 0.44, 0.2, 0.03), warm, 0.9, 0.02);
    let cone = poly(&[(0.38, 0.2), (0.62, 0.2), (0.7, 0.44), (0.3, 0.44)]).grown(0.006);
    cv.fill(&cone, cylinder(0.3, 0.7, shade, 0.15));
    cv.draw_in(&cone, &rect(0.5, 0.44, 0.2, 0.04, 0.0), warm, 0.35, 0.03);
    cv.draw(
        &capsule(0.3, 0.446, 0.7, 0.446, 0.004),
        lighten(warm, 0.5),
        0.8,
        0.0,
    );
}

pub fn sculpture(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let colours = [
        hsl(hue, 0.55, 0.6),
        hsl(hue + 120.0, 0.5, 0.58),
        hsl(hue + 240.0, 0.55, 0.62),
    ];
    let stone = [0.93, 0.92, 0.9];
    floor_shadow(cv, 0.5, 0.765, 0.32);
    cv.fill(
        &rect(0.5, 0.735, 0.3, 0.03, 0.008),
        cylinder(0.2, 0.8, stone, 0.2),
    );
    cv.fill(&ellipse(0.5, 0.705, 0.3, 0.035), lighten(stone, 0.3));
    let cone = poly(&[(0.5, 0.28), (0.58, 0.69), (0.42, 0.69)]).grown(0.004);
    cv.fill(&cone, cylinder(0.42, 0.58, colours[0], 0.4));
    cv.fill(&ellipse(0.5, 0.69, 0.082, 0.014), darken(colours[0], 0.2));
    let depth = p(0.05, -0.035);
    let (x0, x1, top, bottom) = (0.26, 0.42, 0.56, 0.72);
    let top_face = poly(&[
        (x0, top),
        (x1, top),
        (x1 + depth.x, top + depth.y),
        (x0 + depth.x, top + depth.y),
    ]);
    let side_face = poly(&[
        (x1, top),
        (x1 + depth.x, top + depth.y),
        (x1 + depth.x, bottom + depth.y),
        (x1, bottom),
    ]);
    cv.shadow_of(&ellipse(0.36, bottom, 0.1, 0.012), 0.35, 0.012);
    cv.fill(
        &rect(
            (x0 + x1) / 2.0,
            (top + bottom) / 2.0,
            (x1 - x0) / 2.0,
            (bottom - top) / 2.0,
            0.0,
        ),
        colours[1],
    );
    cv.fill(&top_face, lighten(colours[1], 0.3));
    cv.fill(&side_face, darken(colours[1], 0.25));
    let (sx, sy, r) = (0.63, 0.62, 0.1);
    cv.shadow_of(&ellipse(sx, sy + r, r * 0.9, 0.012), 0.4, 0.015);
    cv.fill(
        &circle(sx, sy, r),
        Paint::Radial {
            c: p(sx - 0.035, sy - 0.04),
            r: r * 1.5,
            inner: lighten(colours[2], 0.35),
            outer: darken(colours[2], 0.35),
        },
    );
    cv.draw(&circle(sx - 0.035, sy - 0.045, 0.018), [1.0; 3], 0.5, 0.02);
}
