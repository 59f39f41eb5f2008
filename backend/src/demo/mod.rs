//! The demo marketplace: on an empty database (and only when `DEMO_DATA=true`, as
//! `cargo xtask serve` sets it), shops, a few hundred products with generated pictures,
//! a running and an upcoming event, coupons, demo accounts, and orders in most states with
//! a review, a balance and a pending withdrawal, and what an admin did (a banned account, a
//! paid-out withdrawal, a hidden product), so a newcomer sees a living marketplace at once.

mod orders;

use crate::AppState;
use crate::auth::password;
use crate::db::events::{self, EventRecord};
use crate::db::images::{self, ImageRecord};
use crate::db::products::{self, ProductRecord};
use crate::db::{self, coupons, shops, users};
use crate::demo_art;
use crate::media::{self, ProcessedImage};
use anyhow::Context;
use bazaar_shared::account::AccountStatus;
use bazaar_shared::catalog::ProductStatus;
use bazaar_shared::shop::ShopInput;
use bazaar_shared::{CouponId, EventId, ImageId, ProductId, ShopId, UserId};
use image::{DynamicImage, ImageFormat, RgbImage};
use std::io::Cursor;
use time::{Duration, OffsetDateTime};

pub const DEMO_PASSWORD: &str = "bazaar-demo-pass";
const PRODUCTS_PER_CATEGORY: usize = 22;
/// Distinct pictures drawn per category; products share their look but not their files.
const PICTURES_PER_CATEGORY: u64 = 4;

const SHOPS: &[(&str, &str, &str)] = &[
    (
        "Northwind Tech",
        "Laptops, phones and the gear around them.",
        "seller@bazaar.test",
    ),
    (
        "Maple & Thread",
        "Clothes and shoes made to last.",
        "maple@bazaar.test",
    ),
    (
        "Glow Apothecary",
        "Small-batch skin and body care.",
        "glow@bazaar.test",
    ),
    (
        "Hearth Home Goods",
        "Lamps, mugs and things for the kitchen.",
        "hearth@bazaar.test",
    ),
    (
        "Paws & Whiskers",
        "Everything for the animals you live with.",
        "paws@bazaar.test",
    ),
    (
        "Curio Corner",
        "Gifts, accessories and curiosities.",
        "curio@bazaar.test",
    ),
];

/// A category's demo products: which shop sells them, and the nouns their names are made
/// of with what such a thing typically costs, in cents.
type CatalogEntry = (&'static str, usize, &'static [(&'static str, i64)]);

const CATALOG: &[CatalogEntry] = &[
    (
        "computers",
        0,
        &[
            ("Ultrabook", 129900),
            ("Gaming laptop", 169900),
            ("Mechanical keyboard", 11900),
            ("Monitor", 27900),
            ("Wireless mouse", 3900),
            ("Docking station", 18900),
        ],
    ),
    (
        "phones",
        0,
        &[
            ("Smartphone", 69900),
            ("Tablet", 44900),
            ("Phone case", 2400),
            ("Fast charger", 2900),
            ("Screen protector", 1400),
            ("Power bank", 4900),
        ],
    ),
    (
        "music-gaming",
        0,
        &[
            ("Headphones", 19900),
            ("Gamepad", 5900),
            ("Bluetooth speaker", 8900),
            ("Earbuds", 12900),
            ("Turntable", 29900),
            ("Microphone", 9900),
        ],
    ),
    (
        "clothing",
        1,
        &[
            ("Linen shirt", 5900),
            ("Wool sweater", 8900),
            ("Denim jacket", 11900),
            ("T-shirt", 2400),
            ("Hoodie", 4900),
            ("Rain coat", 12900),
        ],
    ),
    (
        "shoes",
        1,
        &[
            ("Sneakers", 8900),
            ("Trail runners", 12900),
            ("Leather boots", 17900),
            ("Canvas shoes", 4900),
            ("Loafers", 9900),
            ("Sandals", 3900),
        ],
    ),
    (
        "cosmetics",
        2,
        &[
            ("Face serum", 3400),
            ("Hand cream", 1400),
            ("Body lotion", 1900),
            ("Lip balm", 600),
            ("Shampoo bar", 1100),
            ("Night cream", 3900),
        ],
    ),
    (
        "home",
        3,
        &[
            ("Desk lamp", 4900),
            ("Coffee mug", 1600),
            ("Teapot", 3900),
            ("Cutting board", 2900),
            ("Table lamp", 7900),
            ("Dinner plates", 5900),
        ],
    ),
    (
        "pets",
        4,
        &[
            ("Dog bowl", 1900),
            ("Cat toy", 900),
            ("Chew bone", 700),
            ("Pet bed", 5900),
            ("Leash", 2400),
            ("Treat jar", 1900),
        ],
    ),
    (
        "gifts",
        5,
        &[
            ("Gift box", 3900),
            ("Candle set", 2900),
            ("Photo frame", 2400),
            ("Puzzle", 2900),
            ("Greeting cards", 1200),
            ("Tea sampler", 3400),
        ],
    ),
    (
        "accessories",
        5,
        &[
            ("Wristwatch", 19900),
            ("Leather wallet", 4900),
            ("Sunglasses", 8900),
            ("Backpack", 7900),
            ("Belt", 3900),
            ("Scarf", 3400),
        ],
    ),
    (
        "other",
        5,
        &[
            ("Desk sculpture", 6900),
            ("Planter", 2900),
            ("Notebook", 1900),
            ("Fountain pen", 5900),
            ("Wall clock", 4900),
            ("Terrarium", 5900),
        ],
    ),
];

const ADJECTIVES: &[&str] = &[
    "Classic",
    "Compact",
    "Everyday",
    "Pro",
    "Deluxe",
    "Eco",
    "Studio",
    "Travel",
    "Heritage",
    "Nordic",
    "Urban",
    "Essential",
];
const COLOURS: &[&str] = &[
    "Sage", "Charcoal", "Sand", "Ocean", "Coral", "Ivory", "Forest", "Slate",
];

/// Who can sign in to the demo, for the start-up message.
pub struct DemoAccounts {
    pub admin: String,
    pub buyer: String,
    pub seller: String,
    pub password: &'static str,
}

/// Loads the demo marketplace if the database has no account at all; never touches a
/// database that already has data. Names the demo accounts when they exist (now or from
/// an earlier start), so they can be printed.
pub async fn seed_if_empty(state: &AppState) -> anyhow::Result<Option<DemoAccounts>> {
    let accounts = DemoAccounts {
        admin: "admin@bazaar.test".to_owned(),
        buyer: "buyer@bazaar.test".to_owned(),
        seller: SHOPS[0].2.to_owned(),
        password: DEMO_PASSWORD,
    };
    let mut conn = state.db.pool.acquire().await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?;
    if count > 0 {
        let demo = users::find_credentials(&mut conn, &accounts.buyer)
            .await?
            .is_some();
        return Ok(demo.then_some(accounts));
    }
    drop(conn);
    tracing::info!("empty database: loading the demo marketplace");
    let pictures = draw_pictures().await?;
    let hash = password::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut stored = Vec::new();
    let result = seed(state, &hash, &pictures, &mut stored).await;
    let result = match result {
        Ok(parties) => orders::seed(state, &parties).await,
        Err(error) => Err(error),
    };
    if let Err(error) = result {
        for image in &stored {
            state.media.delete(image).await;
        }
        return Err(error.context("loading the demo marketplace failed"));
    }
    Ok(Some(accounts))
}

struct Pictures {
    /// Per category (in `CATALOG` order), a few processed product shots.
    products: Vec<Vec<ProcessedImage>>,
    avatars: Vec<ProcessedImage>,
    banners: Vec<ProcessedImage>,
}

/// Draws and encodes every picture once, on the blocking threads (it is CPU work).
async fn draw_pictures() -> anyhow::Result<Pictures> {
    tokio::task::spawn_blocking(|| {
        let products = CATALOG
            .iter()
            .map(|(category, ..)| {
                (0..PICTURES_PER_CATEGORY)
                    .map(|seed| encode(demo_art::product_picture(category, seed, 480)))
                    .collect::<anyhow::Result<Vec<_>>>()
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let avatars = SHOPS
            .iter()
            .enumerate()
            .map(|(i, (name, ..))| encode(demo_art::shop_avatar(name, i as u64, 256)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let banners = (0..2)
            .map(|seed| encode(demo_art::event_banner(seed, 1200, 400)))
            .collect::<anyhow::Result<_>>()?;
        Ok(Pictures {
            products,
            avatars,
            banners,
        })
    })
    .await?
}

/// Through the same pipeline as uploads: the demo's files are what an upload would store.
fn encode(picture: RgbImage) -> anyhow::Result<ProcessedImage> {
    let mut png = Vec::new();
    DynamicImage::ImageRgb8(picture).write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    let sizes = media::Sizes {
        max_megapixels: 1,
        max_edge: 1600,
        thumb_edge: 400,
    };
    media::process(&png, &sizes).map_err(|e| anyhow::anyhow!("a demo picture was refused: {e}"))
}

/// Stores a copy of a processed picture under fresh keys and records it.
async fn store(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    picture: &ProcessedImage,
    stored: &mut Vec<ImageRecord>,
) -> anyhow::Result<ImageId> {
    let record = state.media.put(picture.clone()).await?;
    stored.push(record.clone());
    let content_type = media::content_type_of(&record.key).unwrap_or("image/jpeg");
    images::insert(conn, &record, content_type, state.clock.now_micros()).await?;
    Ok(record.id)
}

async fn seed(
    state: &AppState,
    hash: &str,
    pictures: &Pictures,
    stored: &mut Vec<ImageRecord>,
) -> anyhow::Result<orders::Parties> {
    let mut tx = state.db.begin().await?;
    let now = OffsetDateTime::now_utc();
    let mut people = Vec::new();
    // The last one is banned by the admin once the marketplace stands (see `orders::seed`).
    for (email, name, is_admin) in [
        ("admin@bazaar.test", "Ada Admin", true),
        ("buyer@bazaar.test", "Bea Buyer", false),
        ("spam@bazaar.test", "Sly Spammer", false),
    ] {
        let user = users::NewUser {
            id: UserId(db::new_id()),
            email,
            name,
            password_hash: hash,
            is_admin,
            status: AccountStatus::Active,
        };
        users::insert(&mut tx, &user, state.clock.now_micros()).await?;
        people.push(user.id);
    }
    let mut shop_ids = Vec::new();
    let mut owners = Vec::new();
    for (i, (shop_name, description, email)) in SHOPS.iter().enumerate() {
        let owner = UserId(db::new_id());
        let owner_name = format!(
            "{} Owner",
            shop_name.split_whitespace().next().unwrap_or("Shop")
        );
        let user = users::NewUser {
            id: owner,
            email,
            name: &owner_name,
            password_hash: hash,
            is_admin: false,
            status: AccountStatus::Active,
        };
        users::insert(&mut tx, &user, state.clock.now_micros()).await?;
        let shop = ShopId(db::new_id());
        let input = ShopInput {
            name: (*shop_name).to_owned(),
            description: (*description).to_owned(),
            phone: format!("+1 555 010 {:04}", 100 + i),
            address: format!("{} Market Street, Springfield", 10 + i * 7),
            postal_code: format!("{:05}", 12_345 + i),
        };
        shops::insert(&mut tx, shop, owner, &input, state.clock.now_micros()).await?;
        let avatar = store(state, &mut tx, &pictures.avatars[i], stored).await?;
        shops::set_avatar(&mut tx, shop, Some(avatar), state.clock.now_micros()).await?;
        shop_ids.push(shop);
        owners.push(owner);
    }

    let mut rng = demo_art::Rng::new(0x00ba_2aa2);
    let mut featured = Vec::new();
    for (c, (category, shop, nouns)) in CATALOG.iter().enumerate() {
        for n in 0..PRODUCTS_PER_CATEGORY {
            let (noun, typical) = nouns[n % nouns.len()];
            let adjective = rng.pick(ADJECTIVES);
            let colour = rng.pick(COLOURS);
            // Within a quarter of the typical price; prices end in 99 or 49, like a shop's.
            let base = typical * 3 / 4 + rng.below((typical / 2) as u64) as i64;
            let price = (base / 100) * 100 + if rng.below(2) == 0 { 99 } else { 49 };
            let discounted = rng.below(3) == 0;
            let original_price = if discounted {
                price + price / 4 / 100 * 100 + 100
            } else {
                price
            };
            let created = now - Duration::minutes((c * PRODUCTS_PER_CATEGORY + n) as i64 * 37);
            let product = ProductRecord {
                id: ProductId(db::new_id()),
                shop_id: shop_ids[*shop],
                name: format!("{adjective} {noun} – {colour}"),
                description: format!(
                    "The {} {} in {}: {} Carefully packed and shipped by {}.",
                    adjective.to_lowercase(),
                    noun.to_lowercase(),
                    colour.to_lowercase(),
                    blurb(category),
                    SHOPS[*shop].0
                ),
                category: (*category).to_owned(),
                tags: vec![
                    category.replace('-', " "),
                    colour.to_lowercase(),
                    noun.to_lowercase(),
                ],
                original_price,
                price,
                stock: if rng.below(12) == 0 {
                    0
                } else {
                    1 + rng.below(60) as i64
                },
                status: ProductStatus::Active,
                hidden: None,
                created_at: db::micros(created),
                updated_at: db::micros(created),
            };
            products::insert(&mut tx, &product).await?;
            let shot = &pictures.products[c][(n as u64 % PICTURES_PER_CATEGORY) as usize];
            let image = store(state, &mut tx, shot, stored).await?;
            products::set_images(&mut tx, product.id, &[image], state.clock.now_micros()).await?;
            if n == 0 {
                featured.push(product);
            }
        }
    }

    let events = [
        (
            &featured[6],
            "Lamp light week",
            "Every evening deserves warm light.",
            now - Duration::hours(6),
            now + Duration::days(3),
        ),
        (
            &featured[0],
            "Back to work",
            "Laptops for the season, for less.",
            now + Duration::days(2),
            now + Duration::days(5),
        ),
    ];
    for (i, (product, name, description, starts, ends)) in events.into_iter().enumerate() {
        let event = EventRecord {
            id: EventId(db::new_id()),
            shop_id: product.shop_id,
            product_id: product.id,
            name: name.to_owned(),
            description: description.to_owned(),
            event_price: product.price * 7 / 10 / 100 * 100 + 99,
            starts_at: db::micros(starts),
            ends_at: db::micros(ends),
            unit_limit: Some(50),
            hidden: None,
        };
        events::save(&mut tx, &event, state.clock.now_micros()).await?;
        let banner = store(state, &mut tx, &pictures.banners[i], stored).await?;
        events::set_banners(&mut tx, event.id, &[banner]).await?;
    }

    for (code, shop, percent, min, max) in [
        ("WELCOME10", 0, 10, 0, None),
        ("HOME20", 3, 20, 5_000, Some(1_500)),
    ] {
        let coupon = coupons::CouponRecord {
            id: CouponId(db::new_id()),
            shop_id: shop_ids[shop],
            code: code.to_owned(),
            percent_off: percent,
            min_subtotal: min,
            max_discount: max,
            product_id: None,
            expires_at: Some(db::micros(now + Duration::days(90))),
            usage_limit: Some(1_000),
            used_count: 0,
            created_at: db::micros(now),
        };
        coupons::insert(&mut tx, &coupon, state.clock.now_micros()).await?;
    }
    tx.commit()
        .await
        .context("committing the demo marketplace")?;
    Ok(orders::Parties {
        admin: people[0],
        buyer: people[1],
        spammer: people[2],
        seller: (owners[0], shop_ids[0]),
        other_seller: (owners[3], shop_ids[3]),
    })
}

fn blurb(category: &str) -> &'static str {
    match category {
        "computers" => "fast, quiet and built for long days of work.",
        "phones" => "a bright screen, a battery that lasts, a case that protects.",
        "music-gaming" => "rich sound and a comfortable fit for hours of play.",
        "clothing" => "soft natural fabric, cut to move in.",
        "shoes" => "cushioned soles and stitching that lasts for years.",
        "cosmetics" => "gentle ingredients, no fragrance added.",
        "home" => "made to be used every day and handed down.",
        "pets" => "safe materials your animal will love.",
        "gifts" => "wrapped with care, ready to give.",
        "accessories" => "small details that finish an outfit.",
        _ => "a little something that makes a space feel like yours.",
    }
}
