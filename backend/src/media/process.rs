//! Decoding under limits (no decompression bombs), downscaling and re-encoding, which also
//! strips every byte of metadata the upload carried.

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Pixels on either side of an upload, before downscaling; more is refused unread.
const MAX_SOURCE_EDGE: u32 = 12_000;
/// Memory the decoder may take for one image.
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 85;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error("must be a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    #[error("is larger than {MAX_SOURCE_EDGE} pixels on a side or too large to decode")]
    TooLarge,
    #[error(
        "is too large: {width}×{height} pixels, and at most {max_megapixels} megapixels are accepted"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        max_megapixels: u32,
    },
    #[error("could not be read as an image: it is damaged or not the format it claims")]
    Unreadable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoredFormat {
    Jpeg,
    Png,
}

impl StoredFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
        }
    }
}

#[derive(Clone)]
pub struct ProcessedImage {
    pub format: StoredFormat,
    pub width: u32,
    pub height: u32,
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
}

/// What an upload may be and what it is made into.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    /// Width × height as the file's header states it; more is refused before decoding.
    pub max_megapixels: u32,
    pub max_edge: u32,
    pub thumb_edge: u32,
}

/// What the file's first bytes decide: a format we take (recognised by content, not by
/// name) and a pixel count in the header within `max_megapixels`. Cheap, so an upload is
/// refused by it before it waits for a core.
pub fn inspect(bytes: &[u8], sizes: &Sizes) -> Result<ImageFormat, ImageError> {
    let format = image::guess_format(bytes).map_err(|_| ImageError::UnsupportedFormat)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(ImageError::UnsupportedFormat);
    }
    // A small file of one colour can claim enough pixels to take hundreds of megabytes
    // through decoding and resizing: the header alone decides.
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| ImageError::Unreadable)?;
    if u64::from(width) * u64::from(height) > u64::from(sizes.max_megapixels) * 1_000_000 {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            max_megapixels: sizes.max_megapixels,
        });
    }
    Ok(format)
}

/// [`inspect`]s, then decodes, downscales to `max_edge`, makes a `thumb_edge` thumbnail and
/// re-encodes both: PNG when the image has transparency, JPEG otherwise. CPU-heavy: call it
/// through `crate::cpu::run`.
pub fn process(bytes: &[u8], sizes: &Sizes) -> Result<ProcessedImage, ImageError> {
    let format = inspect(bytes, sizes)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_EDGE);
    limits.max_image_height = Some(MAX_SOURCE_EDGE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|error| match error {
        image::ImageError::Limits(_) => ImageError::TooLarge,
        _ => ImageError::Unreadable,
    })?;
    let full = fit_within(decoded, sizes.max_edge);
    let thumb = full.thumbnail(sizes.thumb_edge, sizes.thumb_edge);
    let format = if full.color().has_alpha() {
        StoredFormat::Png
    } else {
        StoredFormat::Jpeg
    };
    Ok(ProcessedImage {
        format,
        width: full.width(),
        height: full.height(),
        full: encode(&full, format)?,
        thumb: encode(&thumb, format)?,
    })
}

/// Shrinks (never enlarges) so that neither side exceeds `max_edge`.
fn fit_within(image: DynamicImage, max_edge: u32) -> DynamicImage {
    if image.width() <= max_edge && image.height() <= max_edge {
        image
    } else {
        image.resize(max_edge, max_edge, FilterType::Lanczos3)
    }
}

fn encode(image: &DynamicImage, format: StoredFormat) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    let result = match format {
        StoredFormat::Png => image
            .to_rgba8()
            .write_with_encoder(PngEncoder::new(&mut out)),
        StoredFormat::Jpeg => image
            .to_rgb8()
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
    };
    result.map_err(|_| ImageError::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    const SIZES: Sizes = Sizes {
        max_megapixels: 40,
        max_edge: 1600,
        thumb_edge: 400,
    };

    fn png(image: DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn opaque_images_become_downscaled_jpegs_with_a_thumbnail() {
        let source = png(DynamicImage::ImageRgb8(RgbImage::from_pixel(
            3000,
            1500,
            Rgb([200, 30, 30]),
        )));
        let processed = process(&source, &SIZES).unwrap();
        assert_eq!(processed.format, StoredFormat::Jpeg);
        assert_eq!((processed.width, processed.height), (1600, 800));
        let thumb = image::load_from_memory(&processed.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (400, 200));
        assert_eq!(
            image::guess_format(&processed.full).unwrap(),
            ImageFormat::Jpeg
        );
    }

    #[test]
    fn transparent_images_stay_png_and_small_ones_keep_their_size() {
        let source = png(DynamicImage::ImageRgba8(RgbaImage::from_pixel(
            40,
            30,
            Rgba([0, 0, 0, 0]),
        )));
        let processed = process(&source, &SIZES).unwrap();
        assert_eq!(processed.format, StoredFormat::Png);
        assert_eq!((processed.width, processed.height), (40, 30));
    }

    #[test]
    fn text_and_truncated_files_are_refused() {
        assert_eq!(
            process(b"hello, I am text", &SIZES).err(),
            Some(ImageError::UnsupportedFormat)
        );
        let source = png(DynamicImage::ImageRgb8(RgbImage::new(64, 64)));
        assert_eq!(
            process(&source[..source.len() / 2], &SIZES).err(),
            Some(ImageError::Unreadable)
        );
    }

    /// A PNG whose header claims `width` × `height` over the pixel data of a 1×1 image:
    /// decoding it can only fail.
    fn claimed_size_png(width: u32, height: u32) -> Vec<u8> {
        let mut file = png(DynamicImage::ImageRgb8(RgbImage::new(1, 1)));
        // After the signature, IHDR: length, type, width, height, five more bytes, CRC.
        file[16..20].copy_from_slice(&width.to_be_bytes());
        file[20..24].copy_from_slice(&height.to_be_bytes());
        let crc = crc32fast::hash(&file[12..29]);
        file[29..33].copy_from_slice(&crc.to_be_bytes());
        file
    }

    #[test]
    fn too_many_pixels_are_refused_from_the_header_before_decoding() {
        assert_eq!(
            process(&claimed_size_png(9000, 9000), &SIZES).err(),
            Some(ImageError::TooManyPixels {
                width: 9000,
                height: 9000,
                max_megapixels: 40
            })
        );
        // Within the cap the same file is decoded, and found to have no pixel data.
        assert_eq!(
            process(&claimed_size_png(6000, 6000), &SIZES).err(),
            Some(ImageError::Unreadable)
        );
    }
}
