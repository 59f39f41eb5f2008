//! The drawing toolkit: a float pixel buffer that paints shapes with anti-aliased edges,
//! plus the shapes, paints, colours and seeded randomness the drawings are made of.

mod colour;
mod paint;
mod rng;
mod shape;

pub use colour::*;
pub use paint::*;
pub use rng::*;
pub use shape::*;

use image::RgbImage;

pub struct Canvas {
    width: u32,
    height: u32,
    /// Pixels per unit: the picture's height.
    pub scale: f32,
    pixels: Vec<Rgb>,
    /// Shadows are a deep tone of the backdrop, not grey, which looks like real light.
    pub shadow: Rgb,
}

impl Canvas {
    /// Draws a `width` × `height` picture; one without pixels comes back empty, undrawn.
    pub fn render(width: u32, height: u32, draw: impl FnOnce(&mut Canvas)) -> RgbImage {
        let Some(mut cv) = Canvas::new(width, height) else {
            return RgbImage::new(width, height);
        };
        draw(&mut cv);
        cv.into_image()
    }

    fn new(width: u32, height: u32) -> Option<Canvas> {
        (width > 0 && height > 0).then(|| Canvas {
            width,
            height,
            scale: height as f32,
            pixels: vec![[1.0; 3]; width as usize * height as usize],
            shadow: [0.1; 3],
        })
    }

    pub fn aspect(&self) -> f32 {
        self.width as f32 / self.height as f32
    }

    pub fn paint_all(&mut self, colour_at: impl Fn(P) -> Rgb) {
        for y in 0..self.height {
            for x in 0..self.width {
                let q = p((x as f32 + 0.5) / self.scale, (y as f32 + 0.5) / self.scale);
                self.pixels[(y * self.width + x) as usize] = colour_at(q);
            }
        }
    }

    pub fn fill(&mut self, shape: &Shape, paint: impl Into<Paint>) {
        self.paint(None, shape, paint.into(), 1.0, 0.0);
    }

    /// Paints `shape` with `alpha`; a `blur` (in units) softens its edge that much.
    pub fn draw(&mut self, shape: &Shape, paint: impl Into<Paint>, alpha: f32, blur: f32) {
        self.paint(None, shape, paint.into(), alpha, blur);
    }

    /// Like `draw`, but only inside `clip`, whose edge stays crisp.
    pub fn draw_in(
        &mut self,
        clip: &Shape,
        shape: &Shape,
        paint: impl Into<Paint>,
        alpha: f32,
        blur: f32,
    ) {
        self.paint(Some(clip), shape, paint.into(), alpha, blur);
    }

    pub fn shadow_of(&mut self, shape: &Shape, alpha: f32, blur: f32) {
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
