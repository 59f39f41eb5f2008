//! Electronics: computers, phones and music & gaming.

use super::{GOLD, GRAPHITE, INK, SILVER, floor_shadow};
use crate::demo_art::canvas::*;

pub fn laptop(cv: &mut Canvas, rng: &mut Rng) {
    let body = rng.pick(&[SILVER, GRAPHITE, [0.86, 0.79, 0.7], [0.2, 0.23, 0.3]]);
    floor_shadow(cv, 0.5, 0.705, 0.38);
    let lid = rect(0.5, 0.455, 0.305, 0.205, 0.022);
    cv.fill(&lid, lit(body, p(0.2, 0.25), p(0.8, 0.66)));
    cv.fill(&rect(0.5, 0.457, 0.297, 0.197, 0.017), INK);
    let screen = rect(0.5, 0.465, 0.279, 0.171, 0.004);
    wallpaper(cv, rng, &screen);
    cv.fill(&circle(0.5, 0.274, 0.0035), [0.17, 0.18, 0.22]);
    cv.fill(&rect(0.5, 0.664, 0.285, 0.006, 0.003), darken(body, 0.5));
    let base = poly(&[(0.19, 0.666), (0.81, 0.666), (0.868, 0.696), (0.132, 0.696)]).grown(0.004);
    cv.fill(
        &base,
        vertical(0.664, 0.7, lighten(body, 0.3), darken(body, 0.15)),
    );
    cv.fill(&rect(0.5, 0.67, 0.06, 0.004, 0.004), darken(body, 0.2));
    cv.draw(
        &capsule(0.14, 0.699, 0.86, 0.699, 0.002),
        darken(body, 0.45),
        0.7,
        0.0,
    );
}

pub fn phones(cv: &mut Canvas, rng: &mut Rng) {
    let tinted = hsl(rng.range(0.0, 360.0), 0.45, 0.62);
    let back = rng.pick(&[
        [0.2, 0.22, 0.26],
        [0.92, 0.91, 0.88],
        tinted,
        [0.72, 0.82, 0.78],
        [0.95, 0.82, 0.8],
    ]);
    let frame = rng.pick(&[SILVER, GRAPHITE, GOLD, lighten(back, 0.1)]);
    floor_shadow(cv, 0.52, 0.81, 0.28);
    let turn = |s: Shape| s.rotated(0.4, 0.5, -9.0);
    let body = turn(rect(0.4, 0.5, 0.13, 0.27, 0.045));
    cv.fill(&body, lit(frame, p(0.3, 0.2), p(0.5, 0.8)));
    cv.fill(
        &turn(rect(0.4, 0.5, 0.125, 0.265, 0.041)),
        lit(back, p(0.3, 0.2), p(0.5, 0.8)),
    );
    cv.fill(
        &turn(rect(0.335, 0.3, 0.048, 0.048, 0.02)),
        lit(darken(back, 0.12), p(0.3, 0.26), p(0.37, 0.34)),
    );
    for (lx, ly, r) in [
        (0.319, 0.283, 0.017),
        (0.319, 0.319, 0.017),
        (0.352, 0.3, 0.017),
        (0.352, 0.272, 0.005),
    ] {
        let lens = turn(circle(lx, ly, r));
        cv.fill(&lens, [0.12, 0.12, 0.14]);
        if r > 0.01 {
            let glass = turn(circle(lx, ly, r * 0.6));
            cv.fill(
                &glass,
                Paint::Radial {
                    c: p(lx - 0.004, ly - 0.004),
                    r,
                    inner: [0.25, 0.28, 0.4],
                    outer: [0.01, 0.01, 0.03],
                },
            );
        } else {
            cv.fill(&lens, [0.95, 0.9, 0.75]);
        }
    }
    cv.draw(
        &turn(circle(0.4, 0.5, 0.025)),
        lighten(back, 0.4),
        0.35,
        0.0,
    );

    let (x, y) = (0.585, 0.535);
    cv.fill(
        &rect(x - 0.137, 0.41, 0.004, 0.03, 0.002),
        darken(frame, 0.2),
    );
    cv.fill(
        &rect(x, y, 0.135, 0.275, 0.05),
        lit(frame, p(x - 0.1, y - 0.2), p(x + 0.1, y + 0.2)),
    );
    cv.fill(&rect(x, y, 0.129, 0.269, 0.045), INK);
    let display = rect(x, y, 0.119, 0.259, 0.038);
    wallpaper(cv, rng, &display);
    cv.fill(
        &capsule(x - 0.022, y - 0.238, x + 0.022, y - 0.238, 0.01),
        INK,
    );
    for row in 0..4 {
        for col in 0..4 {
            let c = p(
                x + (col as f32 - 1.5) * 0.055,
                y - 0.18 + row as f32 * 0.065,
            );
            let icon = hsl(rng.range(0.0, 360.0), 0.6, rng.range(0.55, 0.75));
            cv.fill(
                &rect(c.x, c.y, 0.019, 0.019, 0.007),
                lit(icon, c.sub(p(0.02, 0.02)), c.add(p(0.02, 0.02))),
            );
        }
    }
    let dock = rect(x, y + 0.215, 0.105, 0.03, 0.022);
    cv.draw(&dock, [1.0; 3], 0.25, 0.0);
    for col in 0..4 {
        let c = p(x + (col as f32 - 1.5) * 0.05, y + 0.215);
        cv.fill(
            &rect(c.x, c.y, 0.017, 0.017, 0.006),
            hsl(rng.range(0.0, 360.0), 0.6, 0.65),
        );
    }
}

pub fn headphones(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[[0.1, 0.1, 0.11], [0.93, 0.92, 0.9], [0.55, 0.56, 0.6]])
    } else {
        any_hue(rng, 0.4..0.7, 0.45..0.6)
    };
    let metal = rng.pick(&[SILVER, GOLD, GRAPHITE]);
    let cushion = [0.13, 0.13, 0.14];
    floor_shadow(cv, 0.5, 0.79, 0.3);
    let top_half = rect(0.5, 0.3, 0.35, 0.25, 0.0);
    let band = ellipse(0.5, 0.55, 0.245, 0.32)
        .outline(0.02)
        .and(top_half.clone());
    cv.fill(&band, lit(colour, p(0.4, 0.2), p(0.6, 0.55)));
    let pad = ellipse(0.5, 0.55, 0.222, 0.297)
        .outline(0.001)
        .and(rect(0.5, 0.28, 0.16, 0.05, 0.0))
        .grown(0.01);
    cv.fill(&pad, cushion);
    for side in [-1.0f32, 1.0] {
        let x = 0.5 + side * 0.245;
        cv.fill(
            &rect(x, 0.56, 0.008, 0.05, 0.004),
            cylinder(x - 0.008, x + 0.008, metal, 0.6),
        );
        let cup_x = 0.5 + side * 0.235;
        let cup = rect(cup_x, 0.665, 0.06, 0.105, 0.055);
        cv.fill(&cup, cylinder(cup_x - 0.06, cup_x + 0.06, colour, 0.45));
        cv.draw(
            &rect(cup_x, 0.665, 0.038, 0.075, 0.036).outline(0.004),
            metal,
            0.9,
            0.0,
        );
        let ear_x = cup_x - side * 0.062;
        cv.fill(
            &rect(ear_x, 0.665, 0.026, 0.1, 0.026),
            cylinder(ear_x - 0.026, ear_x + 0.026, cushion, 0.3),
        );
    }
}

pub fn gamepad(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[[0.12, 0.12, 0.13], [0.94, 0.94, 0.93]])
    } else {
        any_hue(rng, 0.45..0.75, 0.42..0.58)
    };
    let dark = if colour[0] + colour[1] + colour[2] > 1.5 {
        [0.2, 0.2, 0.22]
    } else {
        [0.07, 0.07, 0.08]
    };
    floor_shadow(cv, 0.5, 0.72, 0.3);
    let pad = rect(0.5, 0.5, 0.23, 0.1, 0.09)
        .smooth_or(
            ellipse(0.33, 0.6, 0.075, 0.12).rotated(0.33, 0.6, 28.0),
            0.06,
        )
        .smooth_or(
            ellipse(0.67, 0.6, 0.075, 0.12).rotated(0.67, 0.6, -28.0),
            0.06,
        );
    cv.fill(
        &rect(0.36, 0.41, 0.06, 0.02, 0.015).or(rect(0.64, 0.41, 0.06, 0.02, 0.015)),
        darken(colour, 0.3),
    );
    cv.fill(&pad, lit(colour, p(0.4, 0.38), p(0.6, 0.72)));
    cv.draw_in(&pad, &ellipse(0.5, 0.42, 0.18, 0.03), [1.0; 3], 0.18, 0.03);
    let cross = rect(0.355, 0.5, 0.038, 0.012, 0.004).or(rect(0.355, 0.5, 0.012, 0.038, 0.004));
    cv.fill(&cross.clone().grown(0.006), darken(colour, 0.15));
    cv.fill(&cross, lit(dark, p(0.33, 0.47), p(0.38, 0.53)));
    let buttons: [Rgb; 4] = if rng.chance(0.5) {
        [
            [0.3, 0.75, 0.35],
            [0.9, 0.25, 0.25],
            [0.25, 0.5, 0.9],
            [0.95, 0.8, 0.2],
        ]
    } else {
        [lighten(dark, 0.2); 4]
    };
    for (i, (dx, dy)) in [(0.0, 0.035), (0.035, 0.0), (-0.035, 0.0), (0.0, -0.035)]
        .into_iter()
        .enumerate()
    {
        let c = p(0.645 + dx, 0.5 + dy);
        cv.fill(&circle(c.x, c.y, 0.02), darken(colour, 0.2));
        cv.fill(
            &circle(c.x, c.y, 0.016),
            Paint::Radial {
                c: c.sub(p(0.005, 0.006)),
                r: 0.02,
                inner: lighten(buttons[i], 0.3),
                outer: buttons[i],
            },
        );
    }
    for x in [0.43, 0.57] {
        cv.fill(&circle(x, 0.585, 0.04), darken(colour, 0.25));
        cv.fill(
            &circle(x, 0.585, 0.032),
            Paint::Radial {
                c: p(x - 0.01, 0.575),
                r: 0.04,
                inner: lighten(dark, 0.25),
                outer: dark,
            },
        );
        cv.draw(
            &circle(x, 0.585, 0.022).outline(0.002),
            lighten(dark, 0.3),
            0.6,
            0.0,
        );
    }
    for x in [0.465, 0.535] {
        cv.fill(&capsule(x - 0.008, 0.48, x + 0.008, 0.48, 0.006), dark);
    }
}

/// A screen's wallpaper: a bright gradient with soft colour blobs and a glass glare.
fn wallpaper(cv: &mut Canvas, rng: &mut Rng, screen: &Shape) {
    let (lo, hi) = screen.bounds();
    let hue = rng.range(0.0, 360.0);
    let from = hsl(hue, 0.75, 0.6);
    let to = hsl(hue + rng.range(40.0, 100.0), 0.7, 0.3);
    cv.fill(
        screen,
        Paint::Linear {
            a: lo,
            b: hi,
            from,
            to,
        },
    );
    let size = (hi.x - lo.x).max(hi.y - lo.y);
    for _ in 0..3 {
        let c = p(rng.range(lo.x, hi.x), rng.range(lo.y, hi.y));
        let r = size * rng.range(0.2, 0.4);
        let colour = hsl(hue + rng.range(-60.0, 160.0), 0.8, 0.65);
        cv.draw_in(screen, &circle(c.x, c.y, r), colour, 0.55, r * 0.8);
    }
    let w = hi.x - lo.x;
    let glare = poly(&[
        (lo.x + w * 0.5, lo.y),
        (lo.x + w * 0.75, lo.y),
        (lo.x + w * 0.45, hi.y),
        (lo.x + w * 0.2, hi.y),
    ]);
    cv.draw_in(screen, &glare, [1.0; 3], 0.06, 0.0);
}
