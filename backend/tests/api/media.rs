use crate::helpers::{field_error, problem, spawn_app};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use reqwest::StatusCode;
use serde_json::Value;
use std::io::Cursor;

/// A real PNG with a gradient, `width` × `height`.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// A tiny PNG whose header claims `width` × `height`: a decompression bomb.
fn bomb(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

#[tokio::test]
async fn an_uploaded_avatar_is_re_encoded_resized_and_served_with_long_caching() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let response = app
        .upload_as(&ann.token, "/api/v1/me/avatar", "me.png", png(2400, 1200))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: Value = response.json().await.unwrap();
    let avatar = &me["avatar"];
    assert_eq!(
        (avatar["width"].as_u64(), avatar["height"].as_u64()),
        (Some(1600), Some(800))
    );
    let file = app
        .http
        .get(avatar["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "image/jpeg");
    assert!(
        file.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let bytes = file.bytes().await.unwrap();
    assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    let thumb = app
        .http
        .get(avatar["thumb_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let thumb = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (400, 200));
}

#[tokio::test]
async fn replacing_the_avatar_deletes_the_old_files() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let first: Value = app
        .upload_as(&ann.token, "/api/v1/me/avatar", "a.png", png(64, 64))
        .await
        .json()
        .await
        .unwrap();
    let second: Value = app
        .upload_as(&ann.token, "/api/v1/me/avatar", "b.png", png(80, 80))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(first["avatar"]["url"], second["avatar"]["url"]);
    for key in ["url", "thumb_url"] {
        let old = app
            .http
            .get(first["avatar"][key].as_str().unwrap())
            .send()
            .await
            .unwrap();
        problem(old, StatusCode::NOT_FOUND).await;
        let new = app
            .http
            .get(second["avatar"][key].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(new.status(), StatusCode::OK);
    }
    assert_eq!(app.count("images").await, 1);
}

#[tokio::test]
async fn a_text_file_named_jpg_is_refused() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let response = app
        .upload_as(
            &ann.token,
            "/api/v1/me/avatar",
            "photo.jpg",
            b"just some text, honestly".to_vec(),
        )
        .await;
    assert!(field_error(response, "image").await[0].contains("JPEG, PNG or WebP"));
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn an_image_over_the_size_cap_is_413() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let mut big = png(16, 16);
    big.resize(app.state.config.upload_max_bytes + 1, 0);
    let response = app
        .upload_as(&ann.token, "/api/v1/me/avatar", "big.png", big)
        .await;
    problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn a_decompression_bomb_is_refused_unread() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    for (width, height) in [(60_000, 60_000), (11_000, 11_000)] {
        let response = app
            .upload_as(
                &ann.token,
                "/api/v1/me/avatar",
                "bomb.png",
                bomb(width, height),
            )
            .await;
        assert!(field_error(response, "image").await[0].contains("too large"));
    }
    assert_eq!(app.count("images").await, 0);
    let files = walk(&app.dir.path().join("media"));
    assert!(files.is_empty(), "{files:?}");
}

/// The avatar form with `extra` parts beside its image.
async fn avatar_upload_with(
    app: &crate::helpers::TestApp,
    token: &str,
    extra: Vec<(String, Vec<u8>)>,
) -> reqwest::Response {
    let image = reqwest::multipart::Part::bytes(png(8, 8)).file_name("me.png");
    let form = extra.into_iter().fold(
        reqwest::multipart::Form::new().part("image", image),
        |form, (name, bytes)| form.part(name, reqwest::multipart::Part::bytes(bytes)),
    );
    app.http
        .put(app.url("/api/v1/me/avatar"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_upload_with_a_part_the_endpoint_does_not_take_is_refused_by_name() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let response =
        avatar_upload_with(&app, &ann.token, vec![("caption".into(), b"me".to_vec())]).await;
    assert!(field_error(response, "caption").await[0].contains("not a part"));
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn an_upload_of_many_small_parts_is_413() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let parts = (0..40)
        .map(|i| (format!("note{i}"), vec![b'x'; 60 * 1024]))
        .collect();
    let response = avatar_upload_with(&app, &ann.token, parts).await;
    problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn an_upload_larger_in_all_than_its_parts_allow_is_413() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let padding = vec![b'x'; app.state.config.upload_max_bytes];
    let response = avatar_upload_with(&app, &ann.token, vec![("padding".into(), padding)]).await;
    problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn an_image_of_too_many_pixels_is_refused_from_its_header() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    // 81 megapixels of black: a file of some kilobytes that would take hundreds of megabytes
    // to decode and resize.
    let mut solid = Vec::new();
    DynamicImage::ImageLuma8(image::GrayImage::new(9000, 9000))
        .write_to(&mut Cursor::new(&mut solid), ImageFormat::Png)
        .unwrap();
    assert!(solid.len() < app.state.config.upload_max_bytes);
    let response = app
        .upload_as(&ann.token, "/api/v1/me/avatar", "solid.png", solid)
        .await;
    assert!(field_error(response, "image").await[0].contains("megapixels"));
    assert_eq!(app.count("images").await, 0);
}

#[tokio::test]
async fn an_upload_without_an_image_part_is_422() {
    let app = spawn_app().await;
    let ann = app.active_buyer("ann@example.com").await;
    let form = reqwest::multipart::Form::new().text("note", "no image here");
    let response = app
        .http
        .put(app.url("/api/v1/me/avatar"))
        .bearer_auth(&ann.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    field_error(response, "image").await;
}

#[tokio::test]
async fn uploading_an_avatar_needs_a_session() {
    let app = spawn_app().await;
    let form =
        reqwest::multipart::Form::new().part("image", reqwest::multipart::Part::bytes(png(8, 8)));
    let response = app
        .http
        .put(app.url("/api/v1/me/avatar"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn the_seller_sets_the_shop_avatar_shown_on_the_public_page() {
    let app = spawn_app().await;
    let sam = app.active_seller("sam@example.com").await;
    let response = app
        .upload_as(
            &sam.token,
            "/api/v1/me/shop/avatar",
            "logo.png",
            png(300, 300),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let shop: Value = response.json().await.unwrap();
    let public = app
        .get_json(&format!("/api/v1/shops/{}", shop["id"].as_str().unwrap()))
        .await;
    assert_eq!(public["avatar"], shop["avatar"]);
}

#[tokio::test]
async fn media_paths_cannot_escape_the_store() {
    let app = spawn_app().await;
    for path in [
        "/media/../bazaar.db",
        "/media/images/%2e%2e/%2e%2e/bazaar.db",
        "/media/nothing.jpg",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .flat_map(|e| {
            if e.path().is_dir() {
                walk(&e.path())
            } else {
                vec![e.path()]
            }
        })
        .collect()
}
