//! Reading what people type into form fields: prices, counts, limits, tags, dates. A reader
//! either gives the value in the API's terms or puts the message for its field in `errors`,
//! so a form collects every mistake at once. Plain functions, in reach of unit tests.

use crate::format;
use bazaar_shared::FieldErrors;
use std::str::FromStr;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime};

/// A price typed in major units (`12`, `12.5`, `$1,048.50`) as minor units.
pub fn parse_price(text: &str) -> Option<i64> {
    let text = text
        .trim()
        .trim_start_matches(['$', '€', '£'])
        .trim()
        .replace(',', "");
    let text = text.as_str();
    if text.is_empty() {
        return None;
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || (whole.is_empty() && fraction.is_empty())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// A price that must be given.
pub fn price(errors: &mut FieldErrors, field: &str, text: &str) -> i64 {
    parse_price(text).unwrap_or_else(|| {
        errors.add(field, "enter a price like 12 or 12.50");
        0
    })
}

/// An amount that may be left empty (no minimum, no cap).
pub fn optional_price(errors: &mut FieldErrors, field: &str, text: &str) -> Option<i64> {
    if text.trim().is_empty() {
        return None;
    }
    let amount = parse_price(text);
    if amount.is_none() {
        errors.add(field, "enter an amount like 5 or 12.50, or leave it empty");
    }
    amount
}

/// The listing's price filter, each bound optional; `None` when either is not a price.
pub fn price_range(min: &str, max: &str) -> Option<(Option<i64>, Option<i64>)> {
    let mut errors = FieldErrors::new();
    let range = (
        optional_price(&mut errors, "min_price", min),
        optional_price(&mut errors, "max_price", max),
    );
    errors.is_empty().then_some(range)
}

/// A whole number (a stock, a percentage), or `message` at the field.
pub fn whole_number<T: FromStr + Default>(
    errors: &mut FieldErrors,
    field: &str,
    text: &str,
    message: &str,
) -> T {
    text.trim().parse().unwrap_or_else(|_| {
        errors.add(field, message);
        T::default()
    })
}

/// How many may be sold or used; empty is no limit.
pub fn optional_limit(errors: &mut FieldErrors, field: &str, text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let limit = text.parse().ok();
    if limit.is_none() {
        errors.add(field, "a whole number, or empty for no limit");
    }
    limit
}

/// Tags typed as `lamp, desk light`: trimmed, empty ones dropped.
pub fn tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// How many to put in the cart, from 1 to `max` (what is in stock); else what to say.
pub fn quantity(text: &str, max: i64) -> Result<u32, String> {
    let Ok(quantity) = text.trim().parse::<u32>() else {
        return Err("Enter how many you want, as a number.".into());
    };
    if quantity == 0 || i64::from(quantity) > max {
        return Err(format!("Choose between 1 and {max}."));
    }
    Ok(quantity)
}

/// The wall-clock time an `<input type="datetime-local">` holds: `2026-03-12T14:30`, with
/// seconds when the browser adds them. Read by hand: `time`'s format parser would add more
/// to the wasm than this whole module.
pub fn local_date_time(value: &str) -> Option<PrimitiveDateTime> {
    let (date, clock) = value.trim().split_once('T')?;
    let mut date = date.split('-').map(str::parse::<i32>);
    let mut clock = clock.split(':').map(str::parse::<u8>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let (hour, minute) = (clock.next()?.ok()?, clock.next()?.ok()?);
    let second = clock.next().unwrap_or(Ok(0)).ok()?;
    if date.next().is_some() || clock.next().is_some() {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
    date.with_hms(hour, minute, second).ok()
}

/// That wall-clock time in the reader's time zone, as an instant (sent as RFC 3339 UTC).
pub fn date_time(value: &str) -> Option<OffsetDateTime> {
    let at = local_date_time(value)?;
    // The browser knows the zone's rules (summer time included) for that day.
    let local = js_sys::Date::new_with_year_month_day_hr_min_sec(
        u32::try_from(at.year()).ok()?,
        i32::from(u8::from(at.month())) - 1,
        at.day().into(),
        at.hour().into(),
        at.minute().into(),
        at.second().into(),
    );
    Some(format::from_millis(local.get_time()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn typed_prices_become_minor_units() {
        assert_eq!(parse_price("12"), Some(1200));
        assert_eq!(parse_price("12.50"), Some(1250));
        assert_eq!(parse_price("$12.5"), Some(1250));
        assert_eq!(parse_price(" € 0.99 "), Some(99));
        assert_eq!(parse_price(".5"), Some(50));
        assert_eq!(parse_price("1,048.49"), Some(104_849));
    }

    #[test]
    fn what_is_not_a_price_reads_as_none() {
        for text in ["", " ", "12.505", "-3", "12,5.0.1", "twelve", "1e3", "."] {
            assert_eq!(parse_price(text), None, "{text:?}");
        }
        assert_eq!(parse_price("99999999999999999999"), None);
    }

    #[test]
    fn a_required_price_puts_its_message_at_its_field() {
        let mut errors = FieldErrors::new();
        assert_eq!(price(&mut errors, "price", "40"), 4000);
        assert!(errors.is_empty());
        price(&mut errors, "price", "about 40");
        assert_eq!(
            errors.get("price").unwrap(),
            ["enter a price like 12 or 12.50"]
        );
    }

    #[test]
    fn an_optional_price_may_be_left_empty_but_not_wrong() {
        let mut errors = FieldErrors::new();
        assert_eq!(optional_price(&mut errors, "max_discount", "  "), None);
        assert_eq!(optional_price(&mut errors, "max_discount", "5"), Some(500));
        assert!(errors.is_empty());
        assert_eq!(optional_price(&mut errors, "max_discount", "5%"), None);
        assert!(errors.get("max_discount").is_some());
    }

    #[test]
    fn a_price_range_reads_both_bounds_or_neither() {
        assert_eq!(price_range("", ""), Some((None, None)));
        assert_eq!(price_range("10", "49.99"), Some((Some(1000), Some(4999))));
        assert_eq!(price_range("", "20"), Some((None, Some(2000))));
        assert_eq!(price_range("ten", "20"), None);
    }

    #[test]
    fn whole_numbers_and_limits() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            whole_number::<i64>(&mut errors, "stock", " 7 ", "how many?"),
            7
        );
        assert_eq!(optional_limit(&mut errors, "unit_limit", ""), None);
        assert_eq!(optional_limit(&mut errors, "unit_limit", "25"), Some(25));
        assert!(errors.is_empty());
        assert_eq!(
            whole_number::<u8>(&mut errors, "percent_off", "300", "1 to 100"),
            0
        );
        assert_eq!(optional_limit(&mut errors, "usage_limit", "2.5"), None);
        assert_eq!(errors.get("percent_off").unwrap(), ["1 to 100"]);
        assert_eq!(
            errors.get("usage_limit").unwrap(),
            ["a whole number, or empty for no limit"]
        );
    }

    #[test]
    fn tags_are_split_at_commas_and_trimmed() {
        assert_eq!(tags(" lamp, desk light ,, "), ["lamp", "desk light"]);
        assert!(tags("").is_empty());
    }

    #[test]
    fn a_quantity_is_between_one_and_the_stock() {
        assert_eq!(quantity(" 3 ", 5), Ok(3));
        assert_eq!(quantity("5", 5), Ok(5));
        assert_eq!(quantity("6", 5), Err("Choose between 1 and 5.".into()));
        assert_eq!(quantity("0", 5), Err("Choose between 1 and 5.".into()));
        assert_eq!(
            quantity("two", 5),
            Err("Enter how many you want, as a number.".into())
        );
    }

    #[test]
    fn date_time_fields_read_as_the_wall_clock_time_they_show() {
        assert_eq!(
            local_date_time("2026-03-12T14:30"),
            Some(datetime!(2026-03-12 14:30))
        );
        assert_eq!(
            local_date_time("2026-03-12T14:30:15"),
            Some(datetime!(2026-03-12 14:30:15))
        );
        for value in [
            "",
            "2026-03-12",
            "12/03/2026 14:30",
            "2026-02-30T10:00",
            "2026-03-12T25:00",
            "2026-03-12T14:30:15:01",
            "2026-03-12-01T14:30",
        ] {
            assert_eq!(local_date_time(value), None, "{value:?}");
        }
    }
}
