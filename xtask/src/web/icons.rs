//! The installable app's PNG icons, drawn at build time from `assets/favicon.svg`: its rounded
//! square and its letter path, rasterised here (no image crate, no Node), so the icons follow
//! the favicon and no binary is checked in.
//!
//! Only what the favicon uses is understood: one `<rect>` (with `rx`) as the background, then
//! `<path>`s with `M L H V C S Z` commands (absolute and relative) and a flat `fill`. Anything
//! else fails the build, loudly, rather than drawing a wrong icon.

use anyhow::{Context, Result, bail, ensure};

/// Samples per pixel row; across a row, coverage is exact.
const SUBROWS: usize = 4;
/// Line segments per cubic curve.
const CURVE_STEPS: usize = 24;
/// A maskable icon's content must stay inside the centre circle of 80% of its width; the
/// letter keeps to this radius (a share of the width), with a margin to spare.
const MASKABLE_RADIUS: f64 = 0.34;

type Point = (f64, f64);
type Rgba = [f64; 4];

/// The favicon's shapes, in its viewBox units.
pub struct Drawing {
    size: f64,
    background: Rgba,
    corner: f64,
    /// Each shape: its closed outlines (even-odd) and its colour.
    shapes: Vec<(Vec<Vec<Point>>, Rgba)>,
}

impl Drawing {
    pub fn from_svg(svg: &str) -> Result<Drawing> {
        let view_box = attribute(svg, "viewBox").context("the favicon has no viewBox")?;
        let numbers: Vec<f64> = view_box
            .split([' ', ','])
            .filter(|n| !n.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .context("the favicon's viewBox")?;
        ensure!(
            numbers.len() == 4
                && numbers[0] == 0.0
                && numbers[1] == 0.0
                && numbers[2] == numbers[3],
            "the favicon's viewBox must be a square at 0 0"
        );
        let rect = element(svg, "rect").context("the favicon has no background <rect>")?;
        let background = colour(&attribute(rect, "fill").context("the <rect> has no fill")?)?;
        let corner = attribute(rect, "rx").map_or(Ok(0.0), |r| r.parse())?;
        let mut shapes = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find("<path") {
            let path = &rest[start..];
            let end = path.find('>').context("an unclosed <path>")?;
            let tag = &path[..=end];
            let d = attribute(tag, "d").context("a <path> without d")?;
            let fill = colour(&attribute(tag, "fill").unwrap_or_else(|| "#000".into()))?;
            shapes.push((outlines(&d)?, fill));
            rest = &path[end..];
        }
        ensure!(!shapes.is_empty(), "the favicon has no <path>");
        Ok(Drawing {
            size: numbers[2],
            background,
            corner,
            shapes,
        })
    }

    /// The icon as RGBA pixels, `px` square: the favicon as it is (rounded corners,
    /// transparent outside), or for `maskable` a full-bleed background with the letter kept
    /// inside the safe circle.
    pub fn render(&self, px: u32, maskable: bool) -> Vec<u8> {
        let scale = f64::from(px) / self.size;
        let background = if maskable {
            rounded_square(self.size, 0.0)
        } else {
            rounded_square(self.size, self.corner)
        };
        // For a maskable icon, shrink the letter about the centre until it fits the circle.
        let centre = self.size / 2.0;
        let reach = self
            .shapes
            .iter()
            .flat_map(|(outlines, _)| outlines.iter().flatten())
            .map(|&(x, y)| (x - centre).hypot(y - centre))
            .fold(0.0, f64::max);
        let shrink = if maskable && reach > 0.0 {
            (MASKABLE_RADIUS * self.size / reach).min(1.0)
        } else {
            1.0
        };
        let to_pixels = |outlines: &[Vec<Point>], shrink: f64| -> Vec<Vec<Point>> {
            outlines
                .iter()
                .map(|outline| {
                    outline
                        .iter()
                        .map(|&(x, y)| {
                            (
                                (centre + (x - centre) * shrink) * scale,
                                (centre + (y - centre) * shrink) * scale,
                            )
                        })
                        .collect()
                })
                .collect()
        };
        let n = px as usize;
        let mut canvas = vec![[0.0f64; 4]; n * n];
        paint(
            &mut canvas,
            n,
            &to_pixels(&[background], 1.0),
            self.background,
        );
        for (outlines, fill) in &self.shapes {
            paint(&mut canvas, n, &to_pixels(outlines, shrink), *fill);
        }
        canvas
            .iter()
            .flat_map(|&[r, g, b, a]| {
                let (r, g, b) = if a > 0.0 {
                    (r / a, g / a, b / a)
                } else {
                    (0.0, 0.0, 0.0)
                };
                [r, g, b, a].map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as u8)
            })
            .collect()
    }
}

/// Paints `colour` over the canvas (premultiplied RGBA) where the even-odd fill of
/// `outlines` covers it.
fn paint(canvas: &mut [[f64; 4]], n: usize, outlines: &[Vec<Point>], colour: Rgba) {
    let edges: Vec<(Point, Point)> = outlines
        .iter()
        .flat_map(|o| {
            o.iter()
                .zip(o.iter().cycle().skip(1))
                .map(|(a, b)| (*a, *b))
        })
        .filter(|(a, b)| a.1 != b.1)
        .collect();
    let mut coverage = vec![0.0f64; n];
    let mut crossings = Vec::new();
    for row in 0..n {
        coverage.iter_mut().for_each(|c| *c = 0.0);
        for sub in 0..SUBROWS {
            let y = row as f64 + (sub as f64 + 0.5) / SUBROWS as f64;
            crossings.clear();
            for &((x0, y0), (x1, y1)) in &edges {
                if (y0 <= y && y < y1) || (y1 <= y && y < y0) {
                    crossings.push(x0 + (y - y0) / (y1 - y0) * (x1 - x0));
                }
            }
            crossings.sort_by(f64::total_cmp);
            for span in crossings.chunks_exact(2) {
                let (from, to) = (span[0].clamp(0.0, n as f64), span[1].clamp(0.0, n as f64));
                let mut x = from;
                while x < to {
                    let pixel = x.floor() as usize;
                    let end = (pixel as f64 + 1.0).min(to);
                    coverage[pixel.min(n - 1)] += (end - x) / SUBROWS as f64;
                    x = end;
                }
            }
        }
        for (pixel, &cover) in canvas[row * n..(row + 1) * n].iter_mut().zip(&coverage) {
            let alpha = colour[3] * cover.min(1.0);
            for c in 0..3 {
                pixel[c] = colour[c] * alpha + pixel[c] * (1.0 - alpha);
            }
            pixel[3] = alpha + pixel[3] * (1.0 - alpha);
        }
    }
}

/// The square `0..size` with corners of radius `r`, as one outline.
fn rounded_square(size: f64, r: f64) -> Vec<Point> {
    if r <= 0.0 {
        return vec![(0.0, 0.0), (size, 0.0), (size, size), (0.0, size)];
    }
    let mut outline = Vec::new();
    let corners = [
        (size - r, r, -90.0f64),
        (size - r, size - r, 0.0),
        (r, size - r, 90.0),
        (r, r, 180.0),
    ];
    for (cx, cy, start) in corners {
        for step in 0..=CURVE_STEPS {
            let angle = (start + 90.0 * step as f64 / CURVE_STEPS as f64).to_radians();
            outline.push((cx + r * angle.cos(), cy + r * angle.sin()));
        }
    }
    outline
}

/// The closed outlines of an SVG path's `d`, curves flattened.
fn outlines(d: &str) -> Result<Vec<Vec<Point>>> {
    let tokens = tokenize(d)?;
    let mut outlines: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    let (mut pen, mut start) = ((0.0, 0.0), (0.0, 0.0));
    // The second control point of the last cubic, for `S`.
    let mut last_control: Option<Point> = None;
    let mut i = 0;
    let mut command = ' ';
    while i < tokens.len() {
        if let Token::Command(c) = tokens[i] {
            command = c;
            i += 1;
            if c.eq_ignore_ascii_case(&'z') {
                if current.len() > 2 {
                    outlines.push(std::mem::take(&mut current));
                }
                current.clear();
                pen = start;
                last_control = None;
                continue;
            }
        }
        let relative = command.is_ascii_lowercase();
        let origin = if relative { pen } else { (0.0, 0.0) };
        let mut numbers = |count: usize| -> Result<Vec<f64>> {
            let taken: Vec<f64> = tokens
                .get(i..i + count)
                .context("a path command is missing numbers")?
                .iter()
                .map(|t| match t {
                    Token::Number(n) => Ok(*n),
                    Token::Command(c) => bail!("expected a number, found {c}"),
                })
                .collect::<Result<_>>()?;
            i += count;
            Ok(taken)
        };
        let point = |x: f64, y: f64| (origin.0 + x, origin.1 + y);
        match command.to_ascii_uppercase() {
            'M' => {
                let n = numbers(2)?;
                if current.len() > 2 {
                    outlines.push(std::mem::take(&mut current));
                }
                current.clear();
                pen = point(n[0], n[1]);
                start = pen;
                current.push(pen);
                // Further pairs after a moveto are linetos.
                command = if relative { 'l' } else { 'L' };
                last_control = None;
            }
            'L' => {
                let n = numbers(2)?;
                pen = point(n[0], n[1]);
                current.push(pen);
                last_control = None;
            }
            'H' => {
                let n = numbers(1)?;
                pen = (if relative { pen.0 + n[0] } else { n[0] }, pen.1);
                current.push(pen);
                last_control = None;
            }
            'V' => {
                let n = numbers(1)?;
                pen = (pen.0, if relative { pen.1 + n[0] } else { n[0] });
                current.push(pen);
                last_control = None;
            }
            'C' | 'S' => {
                let (c1, c2, end) = if command.eq_ignore_ascii_case(&'c') {
                    let n = numbers(6)?;
                    (point(n[0], n[1]), point(n[2], n[3]), point(n[4], n[5]))
                } else {
                    let n = numbers(4)?;
                    let reflected =
                        last_control.map_or(pen, |(x, y)| (2.0 * pen.0 - x, 2.0 * pen.1 - y));
                    (reflected, point(n[0], n[1]), point(n[2], n[3]))
                };
                for step in 1..=CURVE_STEPS {
                    let t = step as f64 / CURVE_STEPS as f64;
                    let u = 1.0 - t;
                    let blend = |a: f64, b: f64, c: f64, d: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                    };
                    current.push((
                        blend(pen.0, c1.0, c2.0, end.0),
                        blend(pen.1, c1.1, c2.1, end.1),
                    ));
                }
                pen = end;
                last_control = Some(c2);
            }
            other => {
                bail!("the favicon's path uses {other:?}, which the icon drawer does not know")
            }
        }
    }
    if current.len() > 2 {
        outlines.push(current);
    }
    Ok(outlines)
}

#[derive(Debug, Clone, Copy)]
enum Token {
    Command(char),
    Number(f64),
}

fn tokenize(d: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = d.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        if c.is_ascii_alphabetic() {
            tokens.push(Token::Command(c));
            chars.next();
        } else if c == ',' || c.is_whitespace() {
            chars.next();
        } else if c == '-' || c == '.' || c.is_ascii_digit() {
            // A number: sign, digits, at most one dot (".5.5" is two numbers).
            let mut end = at;
            let mut seen_dot = false;
            let mut first = true;
            while let Some(&(i, c)) = chars.peek() {
                let ok = c.is_ascii_digit() || (c == '-' && first) || (c == '.' && !seen_dot);
                if !ok {
                    break;
                }
                seen_dot |= c == '.';
                first = false;
                end = i + c.len_utf8();
                chars.next();
            }
            let number = &d[at..end];
            tokens.push(Token::Number(number.parse().with_context(|| {
                format!("a bad number {number:?} in the favicon's path")
            })?));
        } else {
            bail!("unexpected {c:?} in the favicon's path");
        }
    }
    Ok(tokens)
}

/// The value of `name="…"` in `text` (the first one).
fn attribute(text: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = text.find(&marker)? + marker.len();
    let end = text[start..].find('"')?;
    Some(text[start..start + end].to_string())
}

/// The first `<name …>` tag in `svg`.
fn element<'a>(svg: &'a str, name: &str) -> Option<&'a str> {
    let start = svg.find(&format!("<{name} "))?;
    let end = svg[start..].find('>')?;
    Some(&svg[start..=start + end])
}

/// `#rgb` or `#rrggbb` (or `white`/`black`) as premultiplied-ready straight RGBA in 0..1.
fn colour(value: &str) -> Result<Rgba> {
    let hex = match value {
        "white" => "fff",
        "black" => "000",
        v => v
            .strip_prefix('#')
            .with_context(|| format!("the icon drawer knows #hex colours, not {v:?}"))?,
    };
    let digits: Vec<u8> = match hex.len() {
        3 => hex
            .chars()
            .map(|c| u8::from_str_radix(&c.to_string().repeat(2), 16))
            .collect::<Result<_, _>>()?,
        6 => (0..3)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
            .collect::<Result<_, _>>()?,
        _ => bail!("a bad colour {value:?}"),
    };
    Ok([
        f64::from(digits[0]) / 255.0,
        f64::from(digits[1]) / 255.0,
        f64::from(digits[2]) / 255.0,
        1.0,
    ])
}

/// RGBA pixels as a PNG file: 8-bit truecolour with alpha, deflated by zopfli.
pub fn encode_png(px: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    let row = px as usize * 4;
    ensure!(
        rgba.len() == row * px as usize,
        "pixels do not fill {px}×{px}"
    );
    // Each row starts with its filter type; "Up" (2) turns the flat rows into zeros.
    let mut filtered = Vec::with_capacity(rgba.len() + px as usize);
    for (y, line) in rgba.chunks_exact(row).enumerate() {
        filtered.push(2);
        if y == 0 {
            filtered.extend_from_slice(line);
        } else {
            let above = &rgba[(y - 1) * row..y * row];
            filtered.extend(line.iter().zip(above).map(|(a, b)| a.wrapping_sub(*b)));
        }
    }
    let mut deflated = Vec::new();
    let options = zopfli::Options {
        iteration_count: std::num::NonZeroU64::new(2).expect("non-zero"),
        ..Default::default()
    };
    zopfli::compress(
        options,
        zopfli::Format::Zlib,
        filtered.as_slice(),
        &mut deflated,
    )?;

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(px.to_be_bytes());
    header.extend(px.to_be_bytes());
    header.extend([8, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &deflated);
    chunk(&mut png, b"IEND", &[]);
    Ok(png)
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAVICON: &str = include_str!("../../../assets/favicon.svg");

    fn pixel(rgba: &[u8], px: u32, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * px + x) * 4) as usize;
        rgba[i..i + 4].try_into().unwrap()
    }

    #[test]
    fn the_favicon_reads_as_a_background_and_a_letter_with_two_holes() {
        let drawing = Drawing::from_svg(FAVICON).unwrap();
        assert_eq!(drawing.size, 64.0);
        assert_eq!(drawing.corner, 14.0);
        assert_eq!(drawing.shapes.len(), 1);
        assert_eq!(drawing.shapes[0].0.len(), 3, "the B and its two counters");
    }

    #[test]
    fn the_plain_icon_has_round_corners_and_the_maskable_one_bleeds() {
        let drawing = Drawing::from_svg(FAVICON).unwrap();
        let plain = drawing.render(192, false);
        assert_eq!(pixel(&plain, 192, 0, 0)[3], 0, "transparent corner");
        assert_eq!(
            pixel(&plain, 192, 96, 4),
            [0x0f, 0x5f, 0x57, 255],
            "brand edge"
        );
        // The B's stem (x 20..28 of 64) is white; its upper counter (28..34, 21..28) is not.
        assert_eq!(pixel(&plain, 192, 72, 96), [255, 255, 255, 255]);
        assert_eq!(pixel(&plain, 192, 93, 72), [0x0f, 0x5f, 0x57, 255]);

        let maskable = drawing.render(512, true);
        assert_eq!(pixel(&maskable, 512, 0, 0), [0x0f, 0x5f, 0x57, 255]);
        // Nothing white outside the safe circle (radius 40% of the width).
        for y in 0..512 {
            for x in 0..512 {
                let (dx, dy) = (f64::from(x) - 255.5, f64::from(y) - 255.5);
                if dx.hypot(dy) > 0.4 * 512.0 {
                    assert_eq!(pixel(&maskable, 512, x, y), [0x0f, 0x5f, 0x57, 255]);
                }
            }
        }
    }

    #[test]
    fn pngs_carry_their_size_and_valid_checksums() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let png = encode_png(2, &[255; 16]).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 2);
        assert_eq!(&png[png.len() - 8..png.len() - 4], b"IEND");
    }
}
