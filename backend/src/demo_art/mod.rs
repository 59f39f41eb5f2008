//! Generated pictures for the demo marketplace: product shots, shop avatars and sale
//! banners, drawn from a seed so the seeded demo looks real without a file from the internet.
//!
//! Shapes are signed distance functions (how far a point is from the edge, negative inside):
//! that gives anti-aliased edges, soft shadows and clipping without supersampling.
//! Coordinates are in picture heights: (0, 0) top left, y = 1 the bottom edge.

use image::RgbImage;
use std::f32::consts::PI;

/// The category slugs with their own drawing; any other slug is drawn as "other".
pub const CATEGORIES: [&str; 11] = [
    "computers",
    "cosmetics",
    "accessories",
    "clothing",
    "shoes",
    "gifts",
    "pets",
    "phones",
    "music-gaming",
    "home",
    "other",
];

/// A square product shot: the category's object on a studio backdrop, colours from `seed`.
pub fn product_picture(category: &str, seed: u64, size: u32) -> RgbImage {
    let slug = CATEGORIES
        .into_iter()
        .find(|slug| *slug == category)
        .unwrap_or("other");
    let mut rng = Rng::new(seed ^ fnv1a(slug));
    let Some(mut cv) = Canvas::new(size, size) else {
        return RgbImage::new(size, size);
    };
    // Flat things are photographed from above, standing things in front of a sweep.
    if matches!(slug, "accessories" | "clothing") {
        tabletop_backdrop(&mut cv, &mut rng);
    } else {
        studio_backdrop(&mut cv, &mut rng);
    }
    match slug {
        "computers" => laptop(&mut cv, &mut rng),
        "cosmetics" => bottle_and_jar(&mut cv, &mut rng),
        "accessories" => wristwatch(&mut cv, &mut rng),
        "clothing" => t_shirt(&mut cv, &mut rng),
        "shoes" => sneaker(&mut cv, &mut rng),
        "gifts" => gift_box(&mut cv, &mut rng),
        "pets" => bowl_and_bone(&mut cv, &mut rng),
        "phones" => phones(&mut cv, &mut rng),
        "music-gaming" if rng.chance(0.5) => headphones(&mut cv, &mut rng),
        "music-gaming" => gamepad(&mut cv, &mut rng),
        "home" if rng.chance(0.5) => mug(&mut cv, &mut rng),
        "home" => lamp(&mut cv, &mut rng),
        _ => sculpture(&mut cv, &mut rng),
    }
    cv.into_image()
}

/// A round badge with a geometric mark, for a shop without an uploaded logo.
pub fn shop_avatar(name: &str, seed: u64, size: u32) -> RgbImage {
    let mut rng = Rng::new(seed ^ fnv1a(name));
    let Some(mut cv) = Canvas::new(size, size) else {
        return RgbImage::new(size, size);
    };
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
    cv.into_image()
}

/// A festive sale background: diagonal stripes, a glow and confetti, calmer on the left
/// where the event's name is written.
pub fn event_banner(seed: u64, width: u32, height: u32) -> RgbImage {
    let mut rng = Rng::new(seed ^ 0xBA77E5);
    let Some(mut cv) = Canvas::new(width, height) else {
        return RgbImage::new(width, height);
    };
    let aspect = cv.aspect();
    let hue = rng.range(0.0, 360.0);
    let from = hsl(hue, 0.75, 0.5);
    let to = hsl(hue + rng.range(30.0, 70.0), 0.8, 0.42);
    let stripe = 0.09;
    let pixel = 1.0 / cv.scale;
    let glow = p(aspect * 0.8, 0.35);
    cv.paint_all(|q| {
        let t = ((q.x / aspect) * 0.7 + q.y * 0.3).clamp(0.0, 1.0);
        let mut c = mix(from, to, t);
        // Distance to the nearest stripe edge decides the stripe's anti-aliased coverage.
        let band = ((q.x + q.y) / stripe).rem_euclid(1.0);
        let d = ((band - 0.5).abs() - 0.25) * stripe / std::f32::consts::SQRT_2;
        let inside = (0.5 - d / pixel).clamp(0.0, 1.0);
        c = lighten(c, 0.07 * inside);
        let light = 1.0 - smoothstep(0.0, 0.9, q.sub(glow).len());
        lighten(c, 0.35 * light * light)
    });
    let palette = [
        [1.0, 0.84, 0.3],
        [1.0, 1.0, 1.0],
        [1.0, 0.45, 0.62],
        [0.35, 0.85, 0.95],
        [0.6, 0.95, 0.45],
        lighten(to, 0.5),
    ];
    for _ in 0..6 {
        let c = p(rng.range(0.0, aspect), rng.range(0.0, 1.0));
        let r = rng.range(0.08, 0.2);
        cv.draw(&circle(c.x, c.y, r), [1.0; 3], 0.1, r * 0.4);
    }
    let pieces = (aspect * 70.0) as usize;
    for _ in 0..pieces {
        let c = p(rng.range(-0.02, aspect + 0.02), rng.range(-0.02, 1.02));
        let in_text_area = c.x < aspect * 0.55 && (0.2..0.8).contains(&c.y);
        if in_text_area && rng.chance(0.8) {
            continue;
        }
        let colour = rng.pick(&palette);
        let shape = match rng.below(3) {
            0 => circle(c.x, c.y, rng.range(0.008, 0.016)),
            1 => rect(
                c.x,
                c.y,
                rng.range(0.006, 0.01),
                rng.range(0.015, 0.028),
                0.003,
            )
            .rotated(c.x, c.y, rng.range(0.0, 180.0)),
            _ => circle(c.x, c.y, rng.range(0.018, 0.03))
                .outline(0.004)
                .and(rect(c.x, c.y - 0.02, 0.04, 0.02, 0.0))
                .rotated(c.x, c.y, rng.range(0.0, 360.0)),
        };
        cv.draw(
            &shape.clone().moved(0.004, 0.006),
            darken(to, 0.5),
            0.25,
            0.006,
        );
        cv.fill(&shape, colour);
    }
    cv.into_image()
}

// ---------------------------------------------------------------------------------------
// Backdrops and shadows

fn studio_backdrop(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let sat = rng.range(0.12, 0.35);
    let top = hsl(hue, sat, 0.78);
    let horizon = hsl(hue, sat, 0.89);
    let front = hsl(hue, sat * 0.8, 0.95);
    cv.shadow = hsl(hue, sat * 0.7, 0.16);
    cv.paint_all(|q| {
        let wall = mix(top, horizon, smoothstep(0.0, 0.7, q.y));
        let floor = mix(horizon, front, smoothstep(0.62, 1.0, q.y));
        // The seamless paper sweep: wall and floor blend over a wide band, no hard line.
        let mut c = mix(wall, floor, smoothstep(0.55, 0.8, q.y));
        c = lighten(
            c,
            0.3 * (1.0 - smoothstep(0.0, 0.55, q.sub(p(0.5, 0.42)).len())),
        );
        darken(c, 0.16 * smoothstep(0.45, 0.85, q.sub(p(0.5, 0.5)).len()))
    });
}

fn tabletop_backdrop(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let sat = rng.range(0.1, 0.3);
    let a = hsl(hue, sat, 0.9);
    let b = hsl(hue + 20.0, sat, 0.82);
    cv.shadow = hsl(hue, sat * 0.7, 0.15);
    cv.paint_all(|q| {
        let c = mix(a, b, smoothstep(0.0, 1.4, q.x * 0.6 + q.y));
        darken(c, 0.14 * smoothstep(0.4, 0.85, q.sub(p(0.45, 0.42)).len()))
    });
}

/// The soft shadow an object standing at `(x, floor)` casts, plus its dark contact line.
fn floor_shadow(cv: &mut Canvas, x: f32, floor: f32, half_width: f32) {
    let spread = ellipse(x, floor, half_width * 0.95, half_width * 0.12);
    cv.shadow_of(&spread, 0.3, half_width * 0.2);
    cv.shadow_of(&ellipse(x, floor, half_width * 0.96, 0.012), 0.45, 0.012);
}

/// The shadow of a flat-lay object on the table, lit from the top left.
fn drop_shadow(cv: &mut Canvas, silhouette: &Shape) {
    cv.shadow_of(&silhouette.clone().moved(0.012, 0.02), 0.3, 0.03);
    cv.shadow_of(&silhouette.clone().moved(0.003, 0.005), 0.25, 0.006);
}

// ---------------------------------------------------------------------------------------
// The products

const SILVER: Rgb = [0.8, 0.81, 0.83];
const GOLD: Rgb = [0.86, 0.72, 0.45];
const ROSE_GOLD: Rgb = [0.88, 0.68, 0.6];
const GRAPHITE: Rgb = [0.3, 0.31, 0.34];
const INK: Rgb = [0.06, 0.06, 0.07];

fn laptop(cv: &mut Canvas, rng: &mut Rng) {
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

fn bottle_and_jar(cv: &mut Canvas, rng: &mut Rng) {
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

fn wristwatch(cv: &mut Canvas, rng: &mut Rng) {
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

fn t_shirt(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[
            [0.95, 0.95, 0.93],
            [0.14, 0.14, 0.16],
            [0.6, 0.61, 0.63],
            [0.16, 0.2, 0.34],
        ])
    } else {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.35, 0.7),
            rng.range(0.45, 0.62),
        )
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
    for (a, b) in [
        ((0.335, 0.21), (0.319, 0.38)),
        ((0.665, 0.21), (0.682, 0.38)),
    ] {
        cv.draw(
            &capsule(a.0, a.1, b.0, b.1, 0.0015),
            darken(colour, 0.35),
            0.4,
            0.0,
        );
    }
    cv.draw(
        &capsule(0.31, 0.82, 0.69, 0.82, 0.0015),
        darken(colour, 0.35),
        0.35,
        0.0,
    );
    for (a, b) in [((0.2, 0.39), (0.252, 0.36)), ((0.8, 0.39), (0.748, 0.36))] {
        cv.draw(
            &capsule(a.0, a.1, b.0, b.1, 0.0015),
            darken(colour, 0.35),
            0.35,
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

fn sneaker(cv: &mut Canvas, rng: &mut Rng) {
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

fn gift_box(cv: &mut Canvas, rng: &mut Rng) {
    let hue = rng.range(0.0, 360.0);
    let paper = hsl(hue, rng.range(0.5, 0.8), rng.range(0.42, 0.58));
    let ribbon = rng.pick(&[
        GOLD,
        [0.97, 0.96, 0.94],
        hsl(hue + 180.0, 0.7, 0.55),
        [0.8, 0.12, 0.18],
    ]);
    let depth = p(0.12, -0.07);
    let at = |x: f32, y: f32, d: f32| p(x, y).add(depth.scale(d));
    let quad = |pts: [P; 4]| Shape::Polygon(pts.to_vec());
    floor_shadow(cv, 0.53, 0.765, 0.32);
    let front = quad([
        at(0.26, 0.46, 0.0),
        at(0.62, 0.46, 0.0),
        at(0.62, 0.78, 0.0),
        at(0.26, 0.78, 0.0),
    ]);
    let side = quad([
        at(0.62, 0.46, 0.0),
        at(0.62, 0.46, 1.0),
        at(0.62, 0.78, 1.0),
        at(0.62, 0.78, 0.0),
    ]);
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
    let band = |d0: f32, d1: f32, x: f32, top: f32, bottom: f32| {
        quad([
            at(x, top, d0),
            at(x, top, d1),
            at(x, bottom, d1),
            at(x, bottom, d0),
        ])
    };
    cv.fill(
        &rect(0.44, 0.62, 0.03, 0.16, 0.0),
        vertical(0.46, 0.78, ribbon, darken(ribbon, 0.15)),
    );
    cv.fill(&band(0.4, 0.6, 0.62, 0.46, 0.78), darken(ribbon, 0.3));
    let lid_front = quad([
        at(0.245, 0.42, 0.0),
        at(0.635, 0.42, 0.0),
        at(0.635, 0.49, 0.0),
        at(0.245, 0.49, 0.0),
    ]);
    let lid_side = band(0.0, 1.0, 0.635, 0.42, 0.49);
    let lid_top = quad([
        at(0.245, 0.42, 0.0),
        at(0.245, 0.42, 1.0),
        at(0.635, 0.42, 1.0),
        at(0.635, 0.42, 0.0),
    ]);
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
    cv.fill(&band(0.4, 0.6, 0.635, 0.42, 0.49), darken(ribbon, 0.25));
    let across = quad([
        at(0.245, 0.42, 0.4),
        at(0.245, 0.42, 0.6),
        at(0.635, 0.42, 0.6),
        at(0.635, 0.42, 0.4),
    ]);
    let along = quad([
        at(0.41, 0.42, 0.0),
        at(0.41, 0.42, 1.0),
        at(0.47, 0.42, 1.0),
        at(0.47, 0.42, 0.0),
    ]);
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

fn bowl_and_bone(cv: &mut Canvas, rng: &mut Rng) {
    let bowl = if rng.chance(0.3) {
        SILVER
    } else {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.4, 0.7),
            rng.range(0.5, 0.62),
        )
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

fn phones(cv: &mut Canvas, rng: &mut Rng) {
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

fn headphones(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[[0.1, 0.1, 0.11], [0.93, 0.92, 0.9], [0.55, 0.56, 0.6]])
    } else {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.4, 0.7),
            rng.range(0.45, 0.6),
        )
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

fn gamepad(cv: &mut Canvas, rng: &mut Rng) {
    let colour = if rng.chance(0.4) {
        rng.pick(&[[0.12, 0.12, 0.13], [0.94, 0.94, 0.93]])
    } else {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.45, 0.75),
            rng.range(0.42, 0.58),
        )
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

fn mug(cv: &mut Canvas, rng: &mut Rng) {
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

fn lamp(cv: &mut Canvas, rng: &mut Rng) {
    let shade = if rng.chance(0.5) {
        [0.95, 0.92, 0.85]
    } else {
        hsl(
            rng.range(0.0, 360.0),
            rng.range(0.3, 0.6),
            rng.range(0.5, 0.65),
        )
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

fn sculpture(cv: &mut Canvas, rng: &mut Rng) {
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

// ---------------------------------------------------------------------------------------
// Compound marks

fn star(c: P, outer: f32, inner: f32, points: u32) -> Shape {
    let corners: Vec<P> = (0..points * 2)
        .map(|i| {
            let r = if i % 2 == 0 { outer } else { inner };
            c.add(polar(i as f32 * 180.0 / points as f32).scale(r))
        })
        .collect();
    Shape::Polygon(corners)
}

fn heart(c: P, size: f32) -> Shape {
    let lobe = size * 0.5;
    circle(c.x - lobe * 0.9, c.y - lobe * 0.4, lobe)
        .or(circle(c.x + lobe * 0.9, c.y - lobe * 0.4, lobe))
        .smooth_or(
            poly(&[
                (c.x - size * 0.93, c.y - lobe * 0.1),
                (c.x + size * 0.93, c.y - lobe * 0.1),
                (c.x, c.y + size),
            ]),
            size * 0.1,
        )
}

// ---------------------------------------------------------------------------------------
// The canvas: shapes, paints and a float pixel buffer

type Rgb = [f32; 3];

#[derive(Clone, Copy, Debug, PartialEq)]
struct P {
    x: f32,
    y: f32,
}

const fn p(x: f32, y: f32) -> P {
    P { x, y }
}

impl P {
    fn add(self, o: P) -> P {
        p(self.x + o.x, self.y + o.y)
    }
    fn sub(self, o: P) -> P {
        p(self.x - o.x, self.y - o.y)
    }
    fn scale(self, k: f32) -> P {
        p(self.x * k, self.y * k)
    }
    fn dot(self, o: P) -> f32 {
        self.x * o.x + self.y * o.y
    }
    fn len(self) -> f32 {
        self.dot(self).sqrt()
    }
    fn rotate(self, cos: f32, sin: f32) -> P {
        p(self.x * cos - self.y * sin, self.x * sin + self.y * cos)
    }
}

/// The unit vector `deg` degrees clockwise from twelve o'clock.
fn polar(deg: f32) -> P {
    let rad = deg * PI / 180.0;
    p(rad.sin(), -rad.cos())
}

#[derive(Clone, Debug)]
enum Shape {
    Circle(P, f32),
    Ellipse(P, P),
    /// Centre, half size, corner radius.
    Rect(P, P, f32),
    Capsule(P, P, f32),
    Polygon(Vec<P>),
    Union(Box<Shape>, Box<Shape>),
    SmoothUnion(Box<Shape>, Box<Shape>, f32),
    Intersection(Box<Shape>, Box<Shape>),
    Difference(Box<Shape>, Box<Shape>),
    Grown(Box<Shape>, f32),
    Outline(Box<Shape>, f32),
    /// Turned around a point by an angle given as its cosine and sine.
    Rotated(Box<Shape>, P, f32, f32),
    Moved(Box<Shape>, P),
}

fn circle(x: f32, y: f32, r: f32) -> Shape {
    Shape::Circle(p(x, y), r)
}

fn ellipse(x: f32, y: f32, rx: f32, ry: f32) -> Shape {
    Shape::Ellipse(p(x, y), p(rx, ry))
}

fn rect(x: f32, y: f32, half_width: f32, half_height: f32, radius: f32) -> Shape {
    Shape::Rect(
        p(x, y),
        p(half_width, half_height),
        radius.min(half_width).min(half_height),
    )
}

fn capsule(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> Shape {
    Shape::Capsule(p(x0, y0), p(x1, y1), r)
}

fn poly(points: &[(f32, f32)]) -> Shape {
    Shape::Polygon(points.iter().map(|&(x, y)| p(x, y)).collect())
}

/// A closed outline of quadratic curves, each `(control, end)`; a straight side is a
/// curve whose control point lies on it.
/// A point as written in the drawings: `(x, y)`.
type Xy = (f32, f32);

fn path(start: Xy, curves: &[(Xy, Xy)]) -> Shape {
    let mut points = vec![p(start.0, start.1)];
    let mut from = points[0];
    for &((cx, cy), (x, y)) in curves {
        let (ctrl, to) = (p(cx, cy), p(x, y));
        for i in 1..=10 {
            let t = i as f32 / 10.0;
            let a = from.scale((1.0 - t) * (1.0 - t));
            let b = ctrl.scale(2.0 * t * (1.0 - t));
            points.push(a.add(b).add(to.scale(t * t)));
        }
        from = to;
    }
    Shape::Polygon(points)
}

impl Shape {
    fn or(self, other: Shape) -> Shape {
        Shape::Union(Box::new(self), Box::new(other))
    }
    fn smooth_or(self, other: Shape, k: f32) -> Shape {
        Shape::SmoothUnion(Box::new(self), Box::new(other), k)
    }
    fn and(self, other: Shape) -> Shape {
        Shape::Intersection(Box::new(self), Box::new(other))
    }
    fn minus(self, other: Shape) -> Shape {
        Shape::Difference(Box::new(self), Box::new(other))
    }
    fn grown(self, r: f32) -> Shape {
        Shape::Grown(Box::new(self), r)
    }
    /// A band `2 * half_width` wide centred on the edge.
    fn outline(self, half_width: f32) -> Shape {
        Shape::Outline(Box::new(self), half_width)
    }
    fn rotated(self, x: f32, y: f32, deg: f32) -> Shape {
        let rad = deg * PI / 180.0;
        Shape::Rotated(Box::new(self), p(x, y), rad.cos(), rad.sin())
    }
    fn moved(self, dx: f32, dy: f32) -> Shape {
        Shape::Moved(Box::new(self), p(dx, dy))
    }

    /// Signed distance from `q` to the edge: negative inside.
    fn distance(&self, q: P) -> f32 {
        match self {
            Shape::Circle(c, r) => q.sub(*c).len() - r,
            Shape::Ellipse(c, r) => {
                // An approximation that is exact on the edge, which is all anti-aliasing needs.
                let d = q.sub(*c);
                let k0 = p(d.x / r.x, d.y / r.y).len();
                let k1 = p(d.x / (r.x * r.x), d.y / (r.y * r.y)).len();
                if k1 == 0.0 {
                    -r.x.min(r.y)
                } else {
                    k0 * (k0 - 1.0) / k1
                }
            }
            Shape::Rect(c, half, r) => {
                let d = q.sub(*c);
                let e = p(d.x.abs() - half.x + r, d.y.abs() - half.y + r);
                p(e.x.max(0.0), e.y.max(0.0)).len() + e.x.max(e.y).min(0.0) - r
            }
            Shape::Capsule(a, b, r) => {
                let (pa, ba) = (q.sub(*a), b.sub(*a));
                let along = ba.dot(ba);
                let h = if along == 0.0 {
                    0.0
                } else {
                    (pa.dot(ba) / along).clamp(0.0, 1.0)
                };
                pa.sub(ba.scale(h)).len() - r
            }
            Shape::Polygon(v) => polygon_distance(v, q),
            Shape::Union(a, b) => a.distance(q).min(b.distance(q)),
            Shape::SmoothUnion(a, b, k) => {
                let (da, db) = (a.distance(q), b.distance(q));
                let h = (0.5 + 0.5 * (db - da) / k).clamp(0.0, 1.0);
                db + (da - db) * h - k * h * (1.0 - h)
            }
            Shape::Intersection(a, b) => a.distance(q).max(b.distance(q)),
            Shape::Difference(a, b) => a.distance(q).max(-b.distance(q)),
            Shape::Grown(s, r) => s.distance(q) - r,
            Shape::Outline(s, w) => s.distance(q).abs() - w,
            Shape::Rotated(s, c, cos, sin) => s.distance(c.add(q.sub(*c).rotate(*cos, -sin))),
            Shape::Moved(s, d) => s.distance(q.sub(*d)),
        }
    }

    /// A box that holds the whole shape: drawing only visits these pixels.
    fn bounds(&self) -> (P, P) {
        let around = |c: &P, r: P| (c.sub(r), c.add(r));
        let grow = |(lo, hi): (P, P), r: f32| (lo.sub(p(r, r)), hi.add(p(r, r)));
        let merge = |(a0, a1): (P, P), (b0, b1): (P, P)| {
            (
                p(a0.x.min(b0.x), a0.y.min(b0.y)),
                p(a1.x.max(b1.x), a1.y.max(b1.y)),
            )
        };
        match self {
            Shape::Circle(c, r) => around(c, p(*r, *r)),
            Shape::Ellipse(c, r) | Shape::Rect(c, r, _) => around(c, *r),
            Shape::Capsule(a, b, r) => grow(merge((*a, *a), (*b, *b)), *r),
            Shape::Polygon(v) => v
                .iter()
                .fold((p(f32::MAX, f32::MAX), p(f32::MIN, f32::MIN)), |acc, v| {
                    merge(acc, (*v, *v))
                }),
            Shape::Union(a, b) => merge(a.bounds(), b.bounds()),
            Shape::SmoothUnion(a, b, k) => grow(merge(a.bounds(), b.bounds()), *k),
            Shape::Intersection(a, b) => {
                let ((a0, a1), (b0, b1)) = (a.bounds(), b.bounds());
                (
                    p(a0.x.max(b0.x), a0.y.max(b0.y)),
                    p(a1.x.min(b1.x), a1.y.min(b1.y)),
                )
            }
            Shape::Difference(a, _) => a.bounds(),
            Shape::Grown(s, r) | Shape::Outline(s, r) => grow(s.bounds(), r.max(0.0)),
            Shape::Rotated(s, c, cos, sin) => {
                let (lo, hi) = s.bounds();
                [lo, hi, p(lo.x, hi.y), p(hi.x, lo.y)]
                    .into_iter()
                    .map(|corner| c.add(corner.sub(*c).rotate(*cos, *sin)))
                    .fold((p(f32::MAX, f32::MAX), p(f32::MIN, f32::MIN)), |acc, v| {
                        merge(acc, (v, v))
                    })
            }
            Shape::Moved(s, d) => {
                let (lo, hi) = s.bounds();
                (lo.add(*d), hi.add(*d))
            }
        }
    }
}

/// Exact signed distance to a closed polygon (Inigo Quilez's winding-number form).
fn polygon_distance(v: &[P], q: P) -> f32 {
    let Some(&first) = v.first() else {
        return f32::MAX;
    };
    let mut d = q.sub(first).dot(q.sub(first));
    let mut sign = 1.0;
    let mut j = v.len() - 1;
    for i in 0..v.len() {
        let e = v[j].sub(v[i]);
        let w = q.sub(v[i]);
        let along = e.dot(e);
        let h = if along == 0.0 {
            0.0
        } else {
            (w.dot(e) / along).clamp(0.0, 1.0)
        };
        let b = w.sub(e.scale(h));
        d = d.min(b.dot(b));
        let (up, down, left) = (q.y >= v[i].y, q.y < v[j].y, e.x * w.y > e.y * w.x);
        if (up && down && left) || (!up && !down && !left) {
            sign = -sign;
        }
        j = i;
    }
    sign * d.sqrt()
}

#[derive(Clone, Copy, Debug)]
enum Paint {
    Solid(Rgb),
    Linear {
        a: P,
        b: P,
        from: Rgb,
        to: Rgb,
    },
    Radial {
        c: P,
        r: f32,
        inner: Rgb,
        outer: Rgb,
    },
    /// A vertical cylinder lit from the left: darker edges and a glossy highlight.
    Cylinder {
        x0: f32,
        x1: f32,
        base: Rgb,
        gloss: f32,
    },
}

impl From<Rgb> for Paint {
    fn from(colour: Rgb) -> Self {
        Paint::Solid(colour)
    }
}

impl Paint {
    fn at(&self, q: P) -> Rgb {
        match *self {
            Paint::Solid(c) => c,
            Paint::Linear { a, b, from, to } => {
                let ab = b.sub(a);
                mix(
                    from,
                    to,
                    (q.sub(a).dot(ab) / ab.dot(ab).max(1e-9)).clamp(0.0, 1.0),
                )
            }
            Paint::Radial { c, r, inner, outer } => {
                mix(inner, outer, (q.sub(c).len() / r).clamp(0.0, 1.0))
            }
            Paint::Cylinder {
                x0,
                x1,
                base,
                gloss,
            } => {
                let t = ((q.x - x0) / (x1 - x0)).clamp(0.0, 1.0);
                let body = darken(base, 0.35 * (1.0 - (t * PI).sin()));
                let shine = gloss
                    * ((-((t - 0.3) / 0.07).powi(2)).exp()
                        + 0.3 * (-((t - 0.86) / 0.04).powi(2)).exp());
                lighten(body, shine.min(1.0) * 0.75)
            }
        }
    }
}

fn vertical(y0: f32, y1: f32, top: Rgb, bottom: Rgb) -> Paint {
    Paint::Linear {
        a: p(0.0, y0),
        b: p(0.0, y1),
        from: top,
        to: bottom,
    }
}

/// A colour lit from `light` towards `dark`: a lighter and a darker tone of it.
fn lit(colour: Rgb, light: P, dark: P) -> Paint {
    Paint::Linear {
        a: light,
        b: dark,
        from: lighten(colour, 0.2),
        to: darken(colour, 0.22),
    }
}

fn cylinder(x0: f32, x1: f32, base: Rgb, gloss: f32) -> Paint {
    Paint::Cylinder {
        x0,
        x1,
        base,
        gloss,
    }
}

struct Canvas {
    width: u32,
    height: u32,
    /// Pixels per unit: the picture's height.
    scale: f32,
    pixels: Vec<Rgb>,
    /// Shadows are a deep tone of the backdrop, not grey, which looks like real light.
    shadow: Rgb,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Option<Canvas> {
        (width > 0 && height > 0).then(|| Canvas {
            width,
            height,
            scale: height as f32,
            pixels: vec![[1.0; 3]; width as usize * height as usize],
            shadow: [0.1; 3],
        })
    }

    fn aspect(&self) -> f32 {
        self.width as f32 / self.height as f32
    }

    fn paint_all(&mut self, colour_at: impl Fn(P) -> Rgb) {
        for y in 0..self.height {
            for x in 0..self.width {
                let q = p((x as f32 + 0.5) / self.scale, (y as f32 + 0.5) / self.scale);
                self.pixels[(y * self.width + x) as usize] = colour_at(q);
            }
        }
    }

    fn fill(&mut self, shape: &Shape, paint: impl Into<Paint>) {
        self.paint(None, shape, paint.into(), 1.0, 0.0);
    }

    /// Paints `shape` with `alpha`; a `blur` (in units) softens its edge that much.
    fn draw(&mut self, shape: &Shape, paint: impl Into<Paint>, alpha: f32, blur: f32) {
        self.paint(None, shape, paint.into(), alpha, blur);
    }

    /// Like `draw`, but only inside `clip`, whose edge stays crisp.
    fn draw_in(
        &mut self,
        clip: &Shape,
        shape: &Shape,
        paint: impl Into<Paint>,
        alpha: f32,
        blur: f32,
    ) {
        self.paint(Some(clip), shape, paint.into(), alpha, blur);
    }

    fn shadow_of(&mut self, shape: &Shape, alpha: f32, blur: f32) {
        let shadow = self.shadow;
        self.paint(None, shape, shadow.into(), alpha, blur);
    }

    fn paint(&mut self, clip: Option<&Shape>, shape: &Shape, paint: Paint, alpha: f32, blur: f32) {
        let pixel = 1.0 / self.scale;
        let soft = blur.max(pixel);
        let (mut lo, mut hi) = shape.bounds();
        lo = lo.sub(p(soft, soft));
        hi = hi.add(p(soft, soft));
        if let Some(clip) = clip {
            let (clo, chi) = clip.bounds();
            lo = p(lo.x.max(clo.x - pixel), lo.y.max(clo.y - pixel));
            hi = p(hi.x.min(chi.x + pixel), hi.y.min(chi.y + pixel));
        }
        let x0 = (lo.x * self.scale).floor().max(0.0) as u32;
        let y0 = (lo.y * self.scale).floor().max(0.0) as u32;
        let x1 = ((hi.x * self.scale).ceil().max(0.0) as u32).min(self.width);
        let y1 = ((hi.y * self.scale).ceil().max(0.0) as u32).min(self.height);
        for y in y0..y1 {
            for x in x0..x1 {
                let q = p((x as f32 + 0.5) / self.scale, (y as f32 + 0.5) / self.scale);
                let d = shape.distance(q);
                if d >= soft * 0.5 {
                    continue;
                }
                let mut cover = (0.5 - d / soft).min(1.0);
                if blur > pixel {
                    cover = cover * cover * (3.0 - 2.0 * cover);
                }
                if let Some(clip) = clip {
                    cover *= (0.5 - clip.distance(q) / pixel).clamp(0.0, 1.0);
                }
                let a = cover * alpha;
                if a <= 0.0 {
                    continue;
                }
                let colour = paint.at(q);
                let px = &mut self.pixels[(y * self.width + x) as usize];
                for k in 0..3 {
                    px[k] += (colour[k] - px[k]) * a;
                }
            }
        }
    }

    fn into_image(self) -> RgbImage {
        let Canvas { width, pixels, .. } = self;
        RgbImage::from_fn(width, self.height, |x, y| {
            // Half a level of noise hides banding in the soft gradients.
            let h = (x.wrapping_mul(0x8DA6_B343) ^ y.wrapping_mul(0xD816_3841))
                .wrapping_mul(0x9E37_79B1);
            let noise = ((h >> 24) as f32 / 255.0 - 0.5) / 255.0;
            let c = pixels[(y * width + x) as usize];
            image::Rgb(c.map(|v| ((v + noise).clamp(0.0, 1.0) * 255.0).round() as u8))
        })
    }
}

// ---------------------------------------------------------------------------------------
// Colour and randomness

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn lighten(c: Rgb, t: f32) -> Rgb {
    mix(c, [1.0; 3], t)
}

fn darken(c: Rgb, t: f32) -> Rgb {
    mix(c, [0.0; 3], t)
}

fn smoothstep(edge0: f32, edge1: f32, x: f32) -> f32 {
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Hue in degrees, saturation and lightness in 0–1.
fn hsl(hue: f32, saturation: f32, lightness: f32) -> Rgb {
    let h = hue.rem_euclid(360.0) / 60.0;
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let x = chroma * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    [r + m, g + m, b + m]
}

fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: tiny, fast and good enough to vary colours and poses.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, probability: f32) -> bool {
        self.unit() < probability
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_difference(a: &RgbImage, b: &RgbImage) -> f64 {
        let total: u64 = a
            .as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum();
        total as f64 / a.as_raw().len() as f64
    }

    #[test]
    fn a_seed_always_draws_the_same_picture() {
        for category in CATEGORIES {
            assert_eq!(
                product_picture(category, 42, 64),
                product_picture(category, 42, 64),
                "{category}"
            );
        }
        assert_eq!(
            shop_avatar("Tea House", 7, 64),
            shop_avatar("Tea House", 7, 64)
        );
        assert_eq!(event_banner(7, 120, 40), event_banner(7, 120, 40));
    }

    #[test]
    fn every_category_draws_a_different_picture() {
        let pictures: Vec<RgbImage> = CATEGORIES
            .iter()
            .map(|c| product_picture(c, 1, 64))
            .collect();
        for (i, a) in pictures.iter().enumerate() {
            for (j, b) in pictures.iter().enumerate().skip(i + 1) {
                assert!(
                    mean_difference(a, b) > 2.0,
                    "{} and {} look alike",
                    CATEGORIES[i],
                    CATEGORIES[j]
                );
            }
        }
    }

    #[test]
    fn other_seeds_draw_other_pictures() {
        assert!(
            mean_difference(
                &product_picture("shoes", 1, 64),
                &product_picture("shoes", 2, 64)
            ) > 2.0
        );
        assert_ne!(
            shop_avatar("Tea House", 1, 48),
            shop_avatar("Tea House", 2, 48)
        );
        assert_ne!(
            shop_avatar("Tea House", 1, 48),
            shop_avatar("Book Nook", 1, 48)
        );
        assert_ne!(event_banner(1, 96, 32), event_banner(2, 96, 32));
    }

    #[test]
    fn an_unknown_category_is_drawn_as_other() {
        assert_eq!(
            product_picture("garden", 5, 48),
            product_picture("other", 5, 48)
        );
    }

    #[test]
    fn pictures_have_the_size_asked_for() {
        assert_eq!(product_picture("phones", 3, 200).dimensions(), (200, 200));
        assert_eq!(product_picture("home", 3, 1).dimensions(), (1, 1));
        assert_eq!(product_picture("home", 3, 0).dimensions(), (0, 0));
        assert_eq!(shop_avatar("Tea House", 3, 96).dimensions(), (96, 96));
        assert_eq!(event_banner(3, 300, 100).dimensions(), (300, 100));
        assert_eq!(event_banner(3, 0, 100).dimensions(), (0, 100));
    }

    #[test]
    fn the_product_stands_out_from_the_backdrop() {
        for category in CATEGORIES {
            let picture = product_picture(category, 9, 64);
            let corner = picture.get_pixel(2, 2).0;
            let differing = picture
                .pixels()
                .filter(|px| px.0.iter().zip(corner).any(|(a, b)| a.abs_diff(b) > 40))
                .count();
            assert!(
                differing > 64 * 64 / 12,
                "{category}: only {differing} pixels drawn"
            );
        }
    }

    /// Not a check: renders every drawing into one PNG so a person can judge how they look.
    /// `cargo test -p bazaar-backend --release demo_art::tests::contact_sheet -- --ignored`
    #[test]
    #[ignore = "writes a contact sheet to the temp directory for a human to look at"]
    fn contact_sheet() {
        let (cell, thumb) = (240u32, 120u32);
        let seeds = [1u64, 2, 3, 4];
        let rows = CATEGORIES.len() as u32 + 2;
        let width = cell * seeds.len() as u32 + thumb;
        let mut sheet = RgbImage::from_pixel(width, cell * rows, image::Rgb([255; 3]));
        let started = std::time::Instant::now();
        for (row, category) in CATEGORIES.iter().enumerate() {
            for (col, seed) in seeds.iter().enumerate() {
                let picture = product_picture(category, *seed, cell);
                image::imageops::replace(
                    &mut sheet,
                    &picture,
                    i64::from(col as u32 * cell),
                    i64::from(row as u32 * cell),
                );
            }
            let large = product_picture(category, 5, 480);
            let small = image::imageops::resize(
                &large,
                thumb,
                thumb,
                image::imageops::FilterType::Triangle,
            );
            image::imageops::replace(
                &mut sheet,
                &small,
                i64::from(cell * seeds.len() as u32),
                i64::from(row as u32 * cell),
            );
        }
        let avatars_row = CATEGORIES.len() as u32 * cell;
        for (i, name) in [
            "Tea House",
            "Pixel Forge",
            "Green Leaf",
            "Nova",
            "Urban Sole",
            "Paws",
        ]
        .iter()
        .enumerate()
        {
            let avatar = shop_avatar(name, i as u64, 160);
            image::imageops::replace(
                &mut sheet,
                &avatar,
                i64::from(i as u32 * 170),
                i64::from(avatars_row),
            );
        }
        let banner = event_banner(11, width, cell);
        image::imageops::replace(&mut sheet, &banner, 0, i64::from(avatars_row + cell));
        let elapsed = started.elapsed();
        let path = std::env::temp_dir().join("demo_art.png");
        sheet.save(&path).unwrap();
        eprintln!("wrote {} in {elapsed:?}", path.display());

        let started = std::time::Instant::now();
        for category in CATEGORIES {
            product_picture(category, 8, 480);
        }
        eprintln!(
            "480 px picture: {:?} on average",
            started.elapsed() / CATEGORIES.len() as u32
        );
    }
}
