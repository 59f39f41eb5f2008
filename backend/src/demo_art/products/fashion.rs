//! Fashion and beauty: accessories, clothing, shoes and cosmetics.

use super::{GOLD, GRAPHITE, INK, ROSE_GOLD, SILVER, drop_shadow, floor_shadow};
use crate::demo_art::canvas::*;

pub fn wristwatch(cv: &mut Canvas, rng: &mut Rng) {
    let strap = rng.pick(&[
        [0.38, 0.23, 0.14],
        [0.12, 0.12, 0.13],
        [0.62, 0.45, 0.3],
        [0.16, 0.22, 0.36],
        [0.2, 0.3, 0.22],
    ]);
    let metal = rng.pick(&[SILVER, GOLD, ROSE_GOLD, GRAPHITE]);
    let dial = rng.pick(&[
        [0.96, 0.95, 0.92],
        [0.1, 0.15, 0.3],
        [0.07, 0.07, 0.08],
        [0.12, 0.3, 0.24],
        [0.85, 0.86, 0.88],
    ]);
    let light_dial = dial[0] > 0.5;
    let hands = if light_dial {
        [0.12; 3]
    } else {
        lighten(metal, 0.4)
    };
    let angle = rng.range(-25.0, 25.0);
    let turn = |s: Shape| s.rotated(0.5, 0.5, angle);
    let straps = turn(rect(0.5, 0.25, 0.07, 0.17, 0.035).or(rect(0.5, 0.75, 0.07, 0.17, 0.035)));
    let case = turn(circle(0.5, 0.5, 0.16).or(rect(0.668, 0.5, 0.014, 0.02, 0.005)));
    drop_shadow(cv, &straps.clone().or(case.clone()));
    cv.fill(&straps, lit(strap, p(0.3, 0.0), p(0.7, 1.0)));
    let stitch =
        turn(rect(0.5, 0.25, 0.058, 0.158, 0.025).or(rect(0.5, 0.75, 0.058, 0.158, 0.025)));
    cv.draw(&stitch.outline(0.0012), lighten(strap, 0.45), 0.5, 0.0);
    let buckle = turn(rect(0.5, 0.115, 0.082, 0.028, 0.012).outline(0.006));
    cv.shadow_of(&buckle.clone().moved(0.004, 0.007), 0.3, 0.008);
    cv.fill(&buckle, lit(metal, p(0.42, 0.08), p(0.58, 0.15)));
    cv.fill(
        &turn(rect(0.5, 0.125, 0.004, 0.035, 0.003)),
        lit(metal, p(0.49, 0.1), p(0.51, 0.16)),
    );
    for y in [0.78, 0.82, 0.86] {
        cv.fill(&turn(circle(0.5, y, 0.007)), darken(strap, 0.55));
    }
    cv.fill(&case, lit(metal, p(0.35, 0.34), p(0.65, 0.66)));
    cv.fill(
        &turn(circle(0.5, 0.5, 0.142).outline(0.004)),
        darken(metal, 0.3),
    );
    let face = circle(0.5, 0.5, 0.135);
    cv.fill(
        &face,
        Paint::Radial {
            c: p(0.47, 0.46),
            r: 0.16,
            inner: lighten(dial, 0.12),
            outer: darken(dial, 0.12),
        },
    );
    for i in 0..12 {
        let major = i % 3 == 0;
        let (inner, width) = if major {
            (0.09, 0.006)
        } else {
            (0.105, 0.0035)
        };
        let dir = polar(i as f32 * 30.0);
        let a = p(0.5, 0.5).add(dir.scale(inner));
        let b = p(0.5, 0.5).add(dir.scale(0.122));
        cv.fill(
            &turn(capsule(a.x, a.y, b.x, b.y, width)),
            if light_dial {
                [0.15; 3]
            } else {
                lighten(metal, 0.3)
            },
        );
    }
    let hour = rng.range(0.0, 360.0);
    let minute = rng.range(0.0, 360.0);
    for (deg, length, width, colour) in [
        (hour, 0.07, 0.007, hands),
        (minute, 0.105, 0.005, hands),
        (rng.range(0.0, 360.0), 0.118, 0.0018, [0.85, 0.2, 0.15]),
    ] {
        let tip = p(0.5, 0.5).add(polar(deg).scale(length));
        let tail = p(0.5, 0.5).sub(polar(deg).scale(0.02));
        cv.draw(
            &turn(capsule(tail.x, tail.y, tip.x, tip.y, width)).moved(0.002, 0.003),
            INK,
            0.25,
            0.004,
        );
        cv.fill(&turn(capsule(tail.x, tail.y, tip.x, tip.y, width)), colour);
    }
    cv.fill(&circle(0.5, 0.5, 0.009), metal);
    cv.draw_in(
        &face,
        &turn(ellipse(0.43, 0.4, 0.14, 0.07).rotated(0.43, 0.4, -35.0)),
        [1.0; 3],
        0.1,
        0.03,
    );
}

pub fn t_shirt(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[
            [0.95, 0.95, 0.93],
            [0.14, 0.14, 0.16],
            [0.6, 0.61, 0.63],
            [0.16, 0.2, 0.34],
        ])
    } else {
        any_hue(rng, 0.35..0.7, 0.45..0.62)
    };
    let outline = poly(&[
        (0.43, 0.165),
        (0.33, 0.2),
        (0.175, 0.33),
        (0.235, 0.435),
        (0.315, 0.385),
        (0.31, 0.845),
        (0.69, 0.845),
        (0.685, 0.385),
        (0.765, 0.435),
        (0.825, 0.33),
        (0.67, 0.2),
        (0.57, 0.165),
    ])
    .grown(0.012);
    drop_shadow(cv, &outline);
    let back = outline.clone().minus(ellipse(0.5, 0.14, 0.074, 0.036));
    cv.fill(&back, darken(colour, 0.3));
    let neck = ellipse(0.5, 0.15, 0.078, 0.068);
    let shirt = outline.minus(neck.clone());
    cv.fill(
        &shirt,
        vertical(0.15, 0.85, lighten(colour, 0.06), darken(colour, 0.08)),
    );
    cv.draw_in(
        &shirt,
        &neck.grown(0.011).outline(0.011),
        darken(colour, 0.12),
        1.0,
        0.0,
    );
    let accent = hsl(
        rng.range(0.0, 360.0),
        0.6,
        if colour[0] + colour[1] > 1.0 {
            0.35
        } else {
            0.85
        },
    );
    match rng.below(4) {
        0 => {
            for i in 0..10 {
                let y = 0.3 + i as f32 * 0.055;
                cv.draw_in(&shirt, &rect(0.5, y, 0.4, 0.012, 0.0), accent, 0.9, 0.0);
            }
        }
        1 => {
            cv.fill(&circle(0.5, 0.39, 0.075), accent);
            cv.fill(&circle(0.5, 0.39, 0.075).outline(0.008).grown(0.02), colour);
            cv.fill(&star(p(0.5, 0.39), 0.045, 0.02, 5), colour);
        }
        2 => {
            let pocket = rect(0.6, 0.36, 0.045, 0.05, 0.01);
            cv.fill(&pocket, darken(colour, 0.04));
            cv.draw(&pocket.outline(0.0015), darken(colour, 0.3), 0.5, 0.0);
        }
        _ => {}
    }
    // Seams, hems and folds: a few faint lines make the cloth read as cloth.
    for (a, b, alpha) in [
        // The sleeve seams, the hem, the sleeve hems.
        ((0.335, 0.21), (0.319, 0.38), 0.4),
        ((0.665, 0.21), (0.682, 0.38), 0.4),
        ((0.31, 0.82), (0.69, 0.82), 0.35),
        ((0.2, 0.39), (0.252, 0.36), 0.35),
        ((0.8, 0.39), (0.748, 0.36), 0.35),
    ] {
        cv.draw(
            &capsule(a.0, a.1, b.0, b.1, 0.0015),
            darken(colour, 0.35),
            alpha,
            0.0,
        );
    }
    for (a, b, shade) in [
        ((0.36, 0.5), (0.42, 0.8), 0.0),
        ((0.6, 0.45), (0.64, 0.75), 0.0),
        ((0.45, 0.55), (0.52, 0.8), 1.0),
    ] {
        let tone = if shade > 0.5 { [1.0; 3] } else { INK };
        cv.draw_in(
            &shirt,
            &capsule(a.0, a.1, b.0, b.1, 0.012),
            tone,
            0.07,
            0.05,
        );
    }
}

pub fn sneaker(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let upper = if rng.chance(0.3) {
        rng.pick(&[[0.94, 0.94, 0.93], [0.16, 0.16, 0.18]])
    } else {
        hsl(hue, rng.range(0.4, 0.75), rng.range(0.42, 0.6))
    };
    let accent = hsl(hue + rng.pick(&[150.0, 180.0, 210.0]), 0.75, 0.5);
    let sole = rng.pick(&[
        [0.96, 0.95, 0.92],
        [0.96, 0.95, 0.92],
        [0.78, 0.6, 0.42],
        [0.15; 3],
    ]);
    floor_shadow(cv, 0.515, 0.752, 0.36);
    let shoe = path(
        (0.185, 0.7),
        &[
            ((0.16, 0.55), (0.215, 0.43)),
            ((0.3, 0.44), (0.37, 0.485)),
            ((0.42, 0.48), (0.445, 0.39)),
            ((0.48, 0.37), (0.515, 0.43)),
            ((0.68, 0.5), (0.8, 0.575)),
            ((0.875, 0.61), (0.855, 0.7)),
            ((0.5, 0.7), (0.185, 0.7)),
        ],
    );
    cv.fill(
        &shoe,
        vertical(0.4, 0.7, lighten(upper, 0.12), darken(upper, 0.12)),
    );
    cv.draw_in(
        &shoe,
        &ellipse(0.3, 0.448, 0.085, 0.022),
        darken(upper, 0.6),
        1.0,
        0.0,
    );
    let panel = if rng.chance(0.5) {
        accent
    } else {
        darken(upper, 0.18)
    };
    let seam = darken(upper, 0.45);
    cv.draw_in(
        &shoe,
        &circle(0.56, 1.1, 0.5),
        vertical(0.6, 0.7, panel, darken(panel, 0.1)),
        1.0,
        0.0,
    );
    cv.draw_in(
        &shoe,
        &circle(0.56, 1.1, 0.488).outline(0.0012),
        seam,
        0.5,
        0.0,
    );
    let toe_cap = ellipse(0.87, 0.69, 0.12, 0.07);
    cv.draw_in(&shoe, &toe_cap, darken(upper, 0.06), 1.0, 0.0);
    cv.draw_in(&shoe, &toe_cap.grown(-0.01).outline(0.0012), seam, 0.5, 0.0);
    cv.draw_in(&shoe, &rect(0.19, 0.53, 0.04, 0.1, 0.03), accent, 1.0, 0.0);
    let (from, to) = (p(0.47, 0.445), p(0.69, 0.525));
    cv.draw_in(
        &shoe,
        &capsule(from.x, from.y, to.x, to.y, 0.02),
        darken(upper, 0.1),
        1.0,
        0.0,
    );
    let dir = to.sub(from).scale(1.0 / to.sub(from).len());
    let across = p(-dir.y, dir.x).scale(0.014).add(dir.scale(0.016));
    let lace = lighten(sole, 0.3);
    for i in 0..5 {
        let c = from.add(to.sub(from).scale(0.08 + i as f32 * 0.2));
        let (a, b) = (c.sub(across), c.add(across));
        cv.draw(
            &capsule(a.x, a.y, b.x, b.y, 0.006).moved(0.002, 0.004),
            INK,
            0.25,
            0.004,
        );
        cv.fill(
            &capsule(a.x, a.y, b.x, b.y, 0.0055),
            vertical(a.y, b.y, lace, darken(lace, 0.15)),
        );
        for end in [a, b] {
            cv.fill(&circle(end.x, end.y, 0.0045), darken(upper, 0.5));
        }
    }
    // Toe spring: the sole curves up at the front, as real soles do.
    let sole_shape = path(
        (0.17, 0.675),
        &[
            ((0.5, 0.672), (0.84, 0.68)),
            ((0.895, 0.685), (0.885, 0.715)),
            ((0.87, 0.752), (0.8, 0.752)),
            ((0.5, 0.752), (0.22, 0.752)),
            ((0.16, 0.752), (0.17, 0.675)),
        ],
    );
    cv.fill(&sole_shape, vertical(0.67, 0.752, sole, darken(sole, 0.12)));
    cv.draw_in(
        &sole_shape,
        &rect(0.5, 0.752, 0.4, 0.011, 0.0),
        darken(sole, 0.45),
        1.0,
        0.0,
    );
    cv.draw(
        &capsule(0.19, 0.712, 0.85, 0.712, 0.0018),
        darken(sole, 0.3),
        0.45,
        0.0,
    );
}

pub fn bottle_and_jar(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let glass = hsl(hue, rng.range(0.3, 0.6), rng.range(0.55, 0.72));
    let cap = rng.pick(&[GOLD, INK, [0.95, 0.94, 0.9], SILVER, ROSE_GOLD]);
    let cream = hsl(hue + rng.range(20.0, 60.0), rng.range(0.25, 0.5), 0.8);
    let (x, top, bottom, hw) = (0.41, 0.36, 0.765, 0.12);
    floor_shadow(cv, x, bottom, hw + 0.02);
    cv.fill(
        &rect(x, 0.345, 0.045, 0.03, 0.008),
        cylinder(x - 0.045, x + 0.045, darken(glass, 0.1), 0.5),
    );
    let body = rect(x, (top + bottom) / 2.0, hw, (bottom - top) / 2.0, 0.05);
    cv.fill(&body, cylinder(x - hw, x + hw, glass, 0.6));
    let label = rect(x, 0.585, hw * 0.8, 0.08, 0.008);
    cv.fill(&label, cylinder(x - hw, x + hw, [0.97, 0.96, 0.93], 0.15));
    cv.fill(
        &capsule(x - 0.05, 0.56, x + 0.05, 0.56, 0.009),
        darken(glass, 0.45),
    );
    cv.fill(
        &capsule(x - 0.045, 0.592, x + 0.045, 0.592, 0.0035),
        [0.55; 3],
    );
    cv.fill(
        &capsule(x - 0.03, 0.612, x + 0.03, 0.612, 0.0035),
        [0.68; 3],
    );
    cv.fill(
        &rect(x, 0.272, 0.062, 0.058, 0.014),
        cylinder(x - 0.062, x + 0.062, cap, 0.7),
    );

    let (jx, jar_bottom) = (0.64, 0.785);
    floor_shadow(cv, jx, jar_bottom, 0.12);
    let jar = rect(jx, jar_bottom - 0.05, 0.105, 0.05, 0.022);
    cv.fill(&jar, cylinder(jx - 0.105, jx + 0.105, cream, 0.5));
    cv.fill(
        &rect(jx, jar_bottom - 0.048, 0.106, 0.012, 0.0),
        cylinder(jx - 0.106, jx + 0.106, darken(cream, 0.12), 0.3),
    );
    cv.fill(
        &rect(jx, jar_bottom - 0.118, 0.11, 0.024, 0.01),
        cylinder(jx - 0.11, jx + 0.11, cap, 0.7),
    );
}
