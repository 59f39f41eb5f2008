//! What fills a shape: a flat colour or a gradient that makes it look lit.

use super::{P, Rgb, darken, lighten, mix, p};
use std::f32::consts::PI;

#[derive(Clone, Copy, Debug)]
pub enum Paint {
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
    pub fn at(&self, q: P) -> Rgb {
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

pub fn vertical(y0: f32, y1: f32, top: Rgb, bottom: Rgb) -> Paint {
    Paint::Linear {
        a: p(0.0, y0),
        b: p(0.0, y1),
        from: top,
        to: bottom,
    }
}

/// A colour lit from `light` towards `dark`: a lighter and a darker tone of it.
pub fn lit(colour: Rgb, light: P, dark: P) -> Paint {
    Paint::Linear {
        a: light,
        b: dark,
        from: lighten(colour, 0.2),
        to: darken(colour, 0.22),
    }
}

pub fn cylinder(x0: f32, x1: f32, base: Rgb, gloss: f32) -> Paint {
    Paint::Cylinder {
        x0,
        x1,
        base,
        gloss,
    }
}
