//! Shapes as signed distance functions (how far a point is from the edge, negative inside):
//! that gives anti-aliased edges, soft shadows and clipping without supersampling.

use std::f32::consts::PI;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct P {
    pub x: f32,
    pub y: f32,
}

pub const fn p(x: f32, y: f32) -> P {
    P { x, y }
}

impl P {
    pub fn add(self, o: P) -> P {
        p(self.x + o.x, self.y + o.y)
    }
    pub fn sub(self, o: P) -> P {
        p(self.x - o.x, self.y - o.y)
    }
    pub fn scale(self, k: f32) -> P {
        p(self.x * k, self.y * k)
    }
    pub fn dot(self, o: P) -> f32 {
        self.x * o.x + self.y * o.y
    }
    pub fn len(self) -> f32 {
        self.dot(self).sqrt()
    }
    pub fn rotate(self, cos: f32, sin: f32) -> P {
        p(self.x * cos - self.y * sin, self.x * sin + self.y * cos)
    }
}

/// The unit vector `deg` degrees clockwise from twelve o'clock.
pub fn polar(deg: f32) -> P {
    let rad = deg * PI / 180.0;
    p(rad.sin(), -rad.cos())
}

#[derive(Clone, Debug)]
pub enum Shape {
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

pub fn circle(x: f32, y: f32, r: f32) -> Shape {
    Shape::Circle(p(x, y), r)
}

pub fn ellipse(x: f32, y: f32, rx: f32, ry: f32) -> Shape {
    Shape::Ellipse(p(x, y), p(rx, ry))
}

pub fn rect(x: f32, y: f32, half_width: f32, half_height: f32, radius: f32) -> Shape {
    Shape::Rect(
        p(x, y),
        p(half_width, half_height),
        radius.min(half_width).min(half_height),
    )
}

pub fn capsule(x0: f32, y0: f32, x1: f32, y1: f32, r: f32) -> Shape {
    Shape::Capsule(p(x0, y0), p(x1, y1), r)
}

pub fn poly(points: &[(f32, f32)]) -> Shape {
    Shape::Polygon(points.iter().map(|&(x, y)| p(x, y)).collect())
}

/// A point as written in the drawings: `(x, y)`.
pub type Xy = (f32, f32);

/// A closed outline of quadratic curves, each `(control, end)`; a straight side is a
/// curve whose control point lies on it.
pub fn path(start: Xy, curves: &[(Xy, Xy)]) -> Shape {
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
    pub fn or(self, other: Shape) -> Shape {
        Shape::Union(Box::new(self), Box::new(other))
    }
    pub fn smooth_or(self, other: Shape, k: f32) -> Shape {
        Shape::SmoothUnion(Box::new(self), Box::new(other), k)
    }
    pub fn and(self, other: Shape) -> Shape {
        Shape::Intersection(Box::new(self), Box::new(other))
    }
    pub fn minus(self, other: Shape) -> Shape {
        Shape::Difference(Box::new(self), Box::new(other))
    }
    pub fn grown(self, r: f32) -> Shape {
        Shape::Grown(Box::new(self), r)
    }
    /// A band `2 * half_width` wide centred on the edge.
    pub fn outline(self, half_width: f32) -> Shape {
        Shape::Outline(Box::new(self), half_width)
    }
    pub fn rotated(self, x: f32, y: f32, deg: f32) -> Shape {
        let rad = deg * PI / 180.0;
        Shape::Rotated(Box::new(self), p(x, y), rad.cos(), rad.sin())
    }
    pub fn moved(self, dx: f32, dy: f32) -> Shape {
        Shape::Moved(Box::new(self), p(dx, dy))
    }

    /// Signed distance from `q` to the edge: negative inside.
    pub fn distance(&self, q: P) -> f32 {
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
    pub fn bounds(&self) -> (P, P) {
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
pub fn polygon_distance(v: &[P], q: P) -> f32 {
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

/// A star with `points` tips, `outer` and `inner` the radii of its tips and its notches.
pub fn star(c: P, outer: f32, inner: f32, points: u32) -> Shape {
    let corners: Vec<P> = (0..points * 2)
        .map(|i| {
            let r = if i % 2 == 0 { outer } else { inner };
            c.add(polar(i as f32 * 180.0 / points as f32).scale(r))
        })
        .collect();
    Shape::Polygon(corners)
}

pub fn heart(c: P, size: f32) -> Shape {
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
