//! Colours as linear-ish RGB floats in 0–1, and the blends the drawings use.

use super::Rng;
use std::ops::Range;

pub type Rgb = [f32; 3];

pub fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

pub fn lighten(c: Rgb, t: f32) -> Rgb {
    mix(c, [1.0; 3], t)
}

pub fn darken(c: Rgb, t: f32) -> Rgb {
    mix(c, [0.0; 3], t)
}

pub fn smoothstep(edge0: f32, edge1: f32, x: f32) -> f32 {
    let t = ((x - edge0) / (edge1 - edge0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Hue in degrees, saturation and lightness in 0–1.
pub fn hsl(hue: f32, saturation: f32, lightness: f32) -> Rgb {
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

/// A colour of any hue, its saturation and lightness drawn from the ranges given.
pub fn any_hue(rng: &mut Rng, saturation: Range<f32>, lightness: Range<f32>) -> Rgb {
    hsl(
        rng.range(0.0, 360.0),
        rng.range(saturation.start, saturation.end),
        rng.range(lightness.start, lightness.end),
    )
}
