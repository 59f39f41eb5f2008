//! Turning API values into what people read: prices, dates, countdowns, and the text a form
//! field starts with. Reading what they type back is `crate::input`.

use bazaar_shared::money::Money;
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

/// `$1,048.49` for dollars, `12.50 CHF` for currencies without a symbol here.
pub fn price(money: &Money) -> String {
    let abs = money.amount.unsigned_abs();
    let sign = if money.amount < 0 { "-" } else { "" };
    let number = format!("{}.{:02}", thousands(abs / 100), abs % 100);
    match symbol(&money.currency) {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{number} {}", money.currency),
    }
}

/// Whole units with a comma between each group of three digits: `1,048`.
fn thousands(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn symbol(currency: &str) -> Option<&'static str> {
    match currency {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        _ => None,
    }
}

/// A price field's label with the deployment's currency: `Price ($)`, `Price (CHF)`.
pub fn price_label(what: &str, currency: &str) -> String {
    format!("{what} ({})", symbol(currency).unwrap_or(currency))
}

/// A rating average always with one decimal: `4.6`, and `4.0` rather than `4`.
pub fn rating(average: f64) -> String {
    let tenths = (average.clamp(0.0, 5.0) * 10.0).round() as u32;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// `1 buyer`, `3 buyers`.
pub fn buyers(count: i64) -> String {
    counted(count, "buyer", "buyers")
}

/// `count` things in words: `1 shop`, `0 shops`.
pub fn counted(count: i64, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Minor units as the text of a price field: `1250` → `12.50`.
pub fn price_input(amount: i64) -> String {
    format!("{}.{:02}", amount / 100, amount % 100)
}

/// The clock of the browser (the `time` crate cannot read it on wasm32-unknown-unknown).
pub fn now() -> OffsetDateTime {
    from_millis(js_sys::Date::now())
}

pub fn from_millis(ms: f64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn js_date(at: OffsetDateTime) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(
        (at.unix_timestamp_nanos() / 1_000_000) as f64,
    ))
}

/// A date and time in the reader's own time zone, e.g. `12 Mar 2026, 14:30`.
pub fn date_time(at: OffsetDateTime) -> String {
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    js_date(at)
        .to_locale_string("en-GB", &options)
        .as_string()
        .unwrap_or_default()
}

pub fn date(at: OffsetDateTime) -> String {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    js_date(at)
        .to_locale_date_string("en-GB", &options)
        .as_string()
        .unwrap_or_default()
}

/// The value of an `<input type="datetime-local">` for `at`, in the reader's time zone.
pub fn datetime_local(at: OffsetDateTime) -> String {
    let d = js_date(at);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `14:30` for a moment today, else its date: when a message was sent, at a glance.
pub fn short_time(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let (then, today) = (js_date(at), js_date(now));
    if then.to_date_string() != today.to_date_string() {
        return date(at);
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    then.to_locale_time_string_with_options("en-GB", &options)
        .as_string()
        .unwrap_or_default()
}

/// How long ago, roughly: `just now`, `5 min ago`, `3 h ago`, else the date.
pub fn ago(at: OffsetDateTime, now: OffsetDateTime) -> String {
    let minutes = (now - at).whole_minutes();
    match minutes {
        ..1 => "just now".to_string(),
        1..60 => format!("{minutes} min ago"),
        60..1440 => format!("{} h ago", minutes / 60),
        _ => date(at),
    }
}

/// `2d 04:05:06` until `until`, or `None` once it has passed.
pub fn countdown(until: OffsetDateTime, now: OffsetDateTime) -> Option<String> {
    let left = (until - now).whole_seconds();
    if left <= 0 {
        return None;
    }
    let (days, rest) = (left / 86_400, left % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        (rest % 3600) / 60,
        rest % 60
    );
    Some(if days > 0 {
        format!("{days}d {clock}")
    } else {
        clock
    })
}

/// Whole percent saved from `original` to `now`, when it is worth saying.
pub fn percent_off(original: &Money, now: &Money) -> Option<i64> {
    if original.amount <= 0 || now.amount >= original.amount {
        return None;
    }
    let pct = (original.amount - now.amount) * 100 / original.amount;
    (pct >= 1).then_some(pct)
}

pub fn category_name(slug: &str) -> &'static str {
    bazaar_shared::catalog::CATEGORIES
        .iter()
        .find(|(s, _)| *s == slug)
        .map_or("Other", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    fn usd(amount: i64) -> String {
        price(&Money::new(amount, "USD"))
    }

    #[test]
    fn prices_read_with_thousands_separators() {
        assert_eq!(usd(104_849), "$1,048.49");
        assert_eq!(usd(12_345_678_900), "$123,456,789.00");
        assert_eq!(usd(100_000), "$1,000.00");
        assert_eq!(usd(99_999), "$999.99");
    }

    #[test]
    fn small_and_negative_prices_keep_two_decimals() {
        assert_eq!(usd(0), "$0.00");
        assert_eq!(usd(5), "$0.05");
        assert_eq!(usd(-104_849), "-$1,048.49");
        assert_eq!(price(&Money::new(250_000, "CHF")), "2,500.00 CHF");
    }

    #[test]
    fn a_price_field_starts_with_the_amount_in_major_units() {
        assert_eq!(price_input(1250), "12.50");
        assert_eq!(price_input(5), "0.05");
        assert_eq!(price_input(104_849), "1048.49");
    }

    #[test]
    fn price_labels_name_the_currency_by_its_symbol_or_code() {
        assert_eq!(price_label("Price", "USD"), "Price ($)");
        assert_eq!(price_label("Price", "EUR"), "Price (€)");
        assert_eq!(price_label("Amount", "CHF"), "Amount (CHF)");
    }

    #[test]
    fn ratings_always_show_one_decimal_within_zero_to_five() {
        assert_eq!(rating(4.0), "4.0");
        assert_eq!(rating(4.66), "4.7");
        assert_eq!(rating(0.0), "0.0");
        assert_eq!(rating(7.2), "5.0");
    }

    #[test]
    fn buyers_are_counted_in_words() {
        assert_eq!(buyers(1), "1 buyer");
        assert_eq!(buyers(0), "0 buyers");
        assert_eq!(buyers(12), "12 buyers");
        assert_eq!(counted(1, "admin", "admins"), "1 admin");
        assert_eq!(counted(2, "refund", "refunds"), "2 refunds");
    }

    #[test]
    fn a_countdown_shows_days_then_a_clock_and_ends_at_zero() {
        let now = datetime!(2026-03-12 10:00 UTC);
        assert_eq!(
            countdown(now + Duration::seconds(3_723), now).as_deref(),
            Some("01:02:03")
        );
        assert_eq!(
            countdown(now + Duration::days(2) + Duration::minutes(5), now).as_deref(),
            Some("2d 00:05:00")
        );
        assert_eq!(countdown(now, now), None);
        assert_eq!(countdown(now - Duration::seconds(1), now), None);
    }

    #[test]
    fn recent_moments_read_as_how_long_ago() {
        let now = datetime!(2026-03-12 10:00 UTC);
        assert_eq!(ago(now - Duration::seconds(30), now), "just now");
        assert_eq!(ago(now - Duration::minutes(5), now), "5 min ago");
        assert_eq!(ago(now - Duration::minutes(185), now), "3 h ago");
    }

    #[test]
    fn a_discount_is_worth_saying_from_one_whole_percent() {
        let usd = |amount| Money::new(amount, "USD");
        assert_eq!(percent_off(&usd(4_000), &usd(3_000)), Some(25));
        assert_eq!(percent_off(&usd(10_000), &usd(9_950)), None);
        assert_eq!(percent_off(&usd(4_000), &usd(4_000)), None);
        assert_eq!(percent_off(&usd(0), &usd(0)), None);
    }

    #[test]
    fn category_slugs_read_as_their_names() {
        assert_eq!(category_name("home"), "Home and kitchen");
        assert_eq!(category_name("no-such-slug"), "Other");
    }
}
