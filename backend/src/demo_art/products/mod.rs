//! Product shots: one object per category family, on a backdrop that suits how it is
//! photographed.

mod electronics;
mod fashion;
mod home;

use super::canvas::*;

// Metals and ink that several products share.
pub const SILVER: Rgb = [0.8, 0.81, 0.83];
pub const GOLD: Rgb = [0.86, 0.72, 0.45];
pub const ROSE_GOLD: Rgb = [0.88, 0.68, 0.6];
pub const GRAPHITE: Rgb = [0.3, 0.31, 0.34];
pub const INK: Rgb = [0.06, 0.06, 0.07];

/// The object for `slug` (one of `CATEGORIES`) on its backdrop.
pub fn draw_product_shot(cv: &mut Canvas, rng: &mut Rng, slug: &str) {
    // Flat things are photographed from above, standing things in front of a sweep.
    if matches!(slug, "accessories" | "clothing") {
        tabletop_backdrop(cv, rng);
    } else {
        studio_backdrop(cv, rng);
    }
    match slug {
        "computers" => electronics::laptop(cv, rng),
        "cosmetics" => fashion::bottle_and_jar(cv, rng),
        "accessories" => fashion::wristwatch(cv, rng),
        "clothing" => fashion::t_shirt(cv, rng),
        "shoes" => fashion::sneaker(cv, rng),
        "gifts" => home::gift_box(cv, rng),
        "pets" => home::bowl_and_bone(cv, rng),
        "phones" => electronics::phones(cv, rng),
        "music-gaming" if rng.chance(0.5) => electronics::headphones(cv, rng),
        "music-gaming" => electronics::gamepad(cv, rng),
        "home" if rng.chance(0.5) => home::mug(cv, rng),
        "home" => home::lamp(cv, rng),
        _ => home::sculpture(cv, rng),
    }
}

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
pub fn floor_shadow(cv: &mut Canvas, x: f32, floor: f32, half_width: f32) {
    let spread = ellipse(x, floor, half_width * 0.95, half_width * 0.12);
    cv.shadow_of(&spread, 0.3, half_width * 0.2);
    cv.shadow_of(&ellipse(x, floor, half_width * 0.96, 0.012), 0.45, 0.012);
}

/// The shadow of a flat-lay object on the table, lit from the top left.
pub fn drop_shadow(cv: &mut Canvas, silhouette: &Shape) {
    cv.shadow_of(&silhouette.clone().moved(0.012, 0.02), 0.3, 0.03);
    cv.shadow_of(&silhouette.clone().moved(0.003, 0.005), 0.25, 0.006);
}
