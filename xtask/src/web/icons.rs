//! The installable app's PNG icons, rendered at build time from `assets/favicon.svg` (with
//! resvg), so the icons follow the favicon and no binary is checked in.

use anyhow::{Context, Result, bail};
use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Node, Options, Paint, Tree};

/// A maskable icon's content must stay inside the centre circle of 80% of its width: the
/// favicon is drawn at this share of the width, centred on a full-bleed background of its
/// brand colour (its letter then reaches about a quarter of the width from the centre).
const MASKABLE_SHARE: f32 = 0.6;

pub struct Drawing {
    tree: Tree,
    /// The fill of the favicon's first shape, its background square.
    background: Color,
}

impl Drawing {
    pub fn from_svg(svg: &str) -> Result<Drawing> {
        let tree = Tree::from_str(svg, &Options::default()).context("the favicon's SVG")?;
        let background = match tree.root().children().first() {
            Some(Node::Path(path)) => match path.fill().map(|fill| fill.paint()) {
                Some(Paint::Color(c)) => Color::from_rgba8(c.red, c.green, c.blue, 255),
                _ => bail!("the favicon's background is not filled with a plain colour"),
            },
            _ => bail!("the favicon does not start with its background shape"),
        };
        Ok(Drawing { tree, background })
    }

    /// The icon as a PNG, `px` square: the favicon as it is (rounded corners, transparent
    /// outside), or for a `maskable` one shrunk onto a full-bleed background of its colour.
    pub fn png(&self, px: u32, maskable: bool) -> Result<Vec<u8>> {
        let mut pixmap = Pixmap::new(px, px).context("an empty icon size")?;
        let size = self.tree.size();
        let fit = px as f32 / size.width().max(size.height());
        let transform = if maskable {
            pixmap.fill(self.background);
            let scale = fit * MASKABLE_SHARE;
            let margin = px as f32 * (1.0 - MASKABLE_SHARE) / 2.0;
            Transform::from_scale(scale, scale).post_translate(margin, margin)
        } else {
            Transform::from_scale(fit, fit)
        };
        resvg::render(&self.tree, transform, &mut pixmap.as_mut());
        pixmap.encode_png().context("encoding an icon")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAVICON: &str = include_str!("../../../assets/favicon.svg");
    const BRAND: [u8; 4] = [0x0f, 0x5f, 0x57, 255];

    fn pixels(png: &[u8]) -> Pixmap {
        Pixmap::decode_png(png).unwrap()
    }

    fn pixel(pixmap: &Pixmap, x: u32, y: u32) -> [u8; 4] {
        let c = pixmap.pixel(x, y).unwrap().demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    }

    #[test]
    fn the_plain_icon_is_the_favicon_with_round_corners() {
        let icon = pixels(&Drawing::from_svg(FAVICON).unwrap().png(192, false).unwrap());
        assert_eq!(icon.width(), 192);
        assert_eq!(pixel(&icon, 0, 0)[3], 0, "transparent corner");
        assert_eq!(pixel(&icon, 96, 4), BRAND, "brand edge");
        // The B's stem (x 20..28 of 64) is white; its upper counter (28..34, 21..28) is not.
        assert_eq!(pixel(&icon, 72, 96), [255, 255, 255, 255]);
        assert_eq!(pixel(&icon, 93, 72), BRAND);
    }

    #[test]
    fn the_maskable_icon_bleeds_and_keeps_its_letter_in_the_safe_circle() {
        let png = Drawing::from_svg(FAVICON).unwrap().png(512, true).unwrap();
        let icon = pixels(&png);
        assert_eq!(pixel(&icon, 0, 0), BRAND);
        let mut white = 0;
        for y in 0..512 {
            for x in 0..512 {
                let (dx, dy) = (f64::from(x) - 255.5, f64::from(y) - 255.5);
                let here = pixel(&icon, x, y);
                if dx.hypot(dy) > 0.4 * 512.0 {
                    assert_eq!(here, BRAND, "({x}, {y}) is outside the safe circle");
                } else if here == [255, 255, 255, 255] {
                    white += 1;
                }
            }
        }
        assert!(white > 5_000, "the letter is drawn ({white} white pixels)");
    }
}
