//! Generated pictures for the demo marketplace: product shots, shop avatars and sale
//! banners, drawn from a seed so the seeded demo looks real without a file from the internet.
//!
//! Shapes are signed distance functions (how far a point is from the edge, negative inside):
//! that gives anti-aliased edges, soft shadows and clipping without supersampling.
//! Coordinates are in picture heights: (0, 0) top left, y = 1 the bottom edge.

mod avatar;
mod banner;
mod canvas;
mod products;

/// The seeded generator the drawings use, for callers that vary other demo data the same way.
pub use canvas::Rng;
use canvas::{Canvas, fnv1a};
use image::RgbImage;

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
    Canvas::render(size, size, |cv| {
        products::draw_product_shot(cv, &mut rng, slug);
    })
}

/// A round badge with a geometric mark, for a shop without an uploaded logo.
pub fn shop_avatar(name: &str, seed: u64, size: u32) -> RgbImage {
    let mut rng = Rng::new(seed ^ fnv1a(name));
    Canvas::render(size, size, |cv| avatar::draw_badge(cv, &mut rng))
}

/// A festive sale background: diagonal stripes, a glow and confetti, calmer on the left
/// where the event's name is written.
pub fn event_banner(seed: u64, width: u32, height: u32) -> RgbImage {
    let mut rng = Rng::new(seed ^ 0xBA77E5);
    Canvas::render(width, height, |cv| {
        banner::draw_sale_background(cv, &mut rng);
    })
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
