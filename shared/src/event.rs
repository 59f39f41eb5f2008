//! Events: time-boxed sales of one product at a lower price.

use crate::catalog::{ProductCard, check_money};
use crate::image::Image;
use crate::money::Money;
use crate::validate::{self, DESCRIPTION_MAX_CHARS};
use crate::{EventId, FieldErrors, ProductId, ShopId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub const EVENT_NAME_MAX_CHARS: usize = 120;
pub const MAX_EVENT_BANNERS: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventStatus {
    Upcoming,
    Running,
    Ended,
}

impl EventStatus {
    /// The status is never stored: the clock decides it.
    pub fn at(now: OffsetDateTime, starts_at: OffsetDateTime, ends_at: OffsetDateTime) -> Self {
        if now < starts_at {
            Self::Upcoming
        } else if now < ends_at {
            Self::Running
        } else {
            Self::Ended
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub product_id: ProductId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub event_price: Money,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// How many units may sell at the event price; none means no limit.
    #[serde(default)]
    pub unit_limit: Option<u32>,
}

impl EventInput {
    /// The checks that need no stored data; the server adds those that do (the product is
    /// the shop's, the event price is below its price, no overlapping event).
    pub fn validate(&self, currency: &str, now: OffsetDateTime) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        validate::check_text(&mut errors, "name", &self.name, EVENT_NAME_MAX_CHARS);
        validate::check_max(
            &mut errors,
            "description",
            &self.description,
            DESCRIPTION_MAX_CHARS,
        );
        check_money(&mut errors, "event_price", &self.event_price, currency);
        check_window(&mut errors, self.starts_at, self.ends_at, now);
        validate::check_count_limit(&mut errors, "unit_limit", self.unit_limit);
        errors.into_result()
    }
}

/// PATCH /events/{id}: fields left out stay. `unit_limit: null` is not distinguishable from
/// leaving it out, so `clear_unit_limit: true` removes the limit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EventPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub event_price: Option<Money>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub starts_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub ends_at: Option<OffsetDateTime>,
    pub unit_limit: Option<u32>,
    #[serde(default)]
    pub clear_unit_limit: bool,
}

impl EventPatch {
    pub fn validate(&self, currency: &str) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Some(name) = &self.name {
            validate::check_text(&mut errors, "name", name, EVENT_NAME_MAX_CHARS);
        }
        if let Some(description) = &self.description {
            validate::check_max(
                &mut errors,
                "description",
                description,
                DESCRIPTION_MAX_CHARS,
            );
        }
        if let Some(price) = &self.event_price {
            check_money(&mut errors, "event_price", price, currency);
        }
        validate::check_count_limit(&mut errors, "unit_limit", self.unit_limit);
        errors.into_result()
    }
}

/// Start before end, and an end still in the future.
pub fn check_window(
    errors: &mut FieldErrors,
    starts_at: OffsetDateTime,
    ends_at: OffsetDateTime,
    now: OffsetDateTime,
) {
    if ends_at <= starts_at {
        errors.add("ends_at", "must be after the start");
    } else if ends_at <= now {
        errors.add("ends_at", "must be in the future");
    }
}

/// An event as a product page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSummary {
    pub id: EventId,
    pub name: String,
    pub event_price: Money,
    pub status: EventStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    pub unit_limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "crate::flat::FlatEvent")]
pub struct Event {
    #[serde(flatten)]
    pub summary: EventSummary,
    pub shop_id: ShopId,
    pub description: String,
    pub product: ProductCard,
    pub banners: Vec<Image>,
    /// Set when an admin hid the event, and why: only its shop (and admins) see it then.
    pub hidden: Option<crate::admin::Hidden>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_clock_decides_the_status() {
        let (start, end) = (
            datetime!(2026-01-10 0:00 UTC),
            datetime!(2026-01-12 0:00 UTC),
        );
        assert_eq!(
            EventStatus::at(datetime!(2026-01-09 23:59 UTC), start, end),
            EventStatus::Upcoming
        );
        assert_eq!(EventStatus::at(start, start, end), EventStatus::Running);
        assert_eq!(EventStatus::at(end, start, end), EventStatus::Ended);
    }

    #[test]
    fn an_event_must_end_after_it_starts_and_in_the_future() {
        let now = datetime!(2026-01-10 0:00 UTC);
        let mut errors = FieldErrors::new();
        check_window(&mut errors, now, now, now);
        assert_eq!(errors.get("ends_at").unwrap(), ["must be after the start"]);
        let mut errors = FieldErrors::new();
        check_window(
            &mut errors,
            datetime!(2026-01-01 0:00 UTC),
            datetime!(2026-01-02 0:00 UTC),
            now,
        );
        assert_eq!(errors.get("ends_at").unwrap(), ["must be in the future"]);
    }
}
