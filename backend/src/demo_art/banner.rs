//! Sale banners: a festive background the event's name is written over.

use super::canvas::*;

/// Diagonal stripes, a glow and confetti, with few pieces where the name goes.
pub fn draw_sale_background(cv: &mut Canvas, rng: &mut Rng) {
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
}
