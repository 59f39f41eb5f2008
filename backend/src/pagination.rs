//! Keyset pagination, one way for every list: `?limit=` (default 24, at most 100) and an
//! opaque `?cursor=` naming where the previous page ended (its sort key and id).

use crate::error::{ApiError, ApiResult};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bazaar_shared::FieldErrors;
use bazaar_shared::catalog::Page;
use std::str::FromStr;

pub const DEFAULT_LIMIT: i64 = 24;
pub const MAX_LIMIT: i64 = 100;

/// The page size asked for, or a field error.
pub fn page_limit(limit: Option<i64>, errors: &mut FieldErrors) -> i64 {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.add("limit", format!("must be between 1 and {MAX_LIMIT}"));
    }
    limit
}

/// `?cursor=&limit=`, for lists that take nothing else.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// The `next_cursor` of the previous page.
    #[param(min_length = 1)]
    pub cursor: Option<String>,
    /// 1–100, 24 by default.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
}

impl PageQuery {
    /// The page size, or a 422 on `limit`.
    pub fn limit(&self) -> ApiResult<i64> {
        let mut errors = FieldErrors::new();
        let limit = page_limit(self.limit, &mut errors);
        errors.into_result()?;
        Ok(limit)
    }
}

/// A sort key: an integer (times, prices, counts) or a float (search ranks).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SortValue {
    Int(i64),
    Float(f64),
}

/// Where a page ended: the last item's sort key and id.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cursor<Id> {
    pub key: SortValue,
    pub id: Id,
}

impl<Id: std::fmt::Display + FromStr> Cursor<Id> {
    pub fn new(key: SortValue, id: Id) -> Self {
        Self { key, id }
    }

    pub fn encode(&self) -> String {
        let text = match self.key {
            SortValue::Int(v) => format!("i{v}~{}", self.id),
            SortValue::Float(v) => format!("f{v:?}~{}", self.id),
        };
        URL_SAFE_NO_PAD.encode(text)
    }

    /// A cursor this server gave out, or a 422 on `cursor`.
    pub fn decode(cursor: &str) -> ApiResult<Self> {
        let invalid = || ApiError::invalid("cursor", "is not a cursor this listing gave out");
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let (key, id) = text.split_once('~').ok_or_else(invalid)?;
        let id = id.parse().map_err(|_| invalid())?;
        let key = match key.split_at_checked(1) {
            Some(("i", v)) => SortValue::Int(v.parse().map_err(|_| invalid())?),
            Some(("f", v)) => SortValue::Float(v.parse().map_err(|_| invalid())?),
            _ => return Err(invalid()),
        };
        Ok(Self { key, id })
    }

    /// A cursor of a list sorted by an integer (a time, a count): its key and id, or a 422.
    pub fn decode_int(cursor: &str) -> ApiResult<(i64, Id)> {
        match Self::decode(cursor)? {
            Self {
                key: SortValue::Int(key),
                id,
            } => Ok((key, id)),
            Self { .. } => Err(ApiError::invalid(
                "cursor",
                "is not a cursor this listing gave out",
            )),
        }
    }
}

/// A page from `rows` fetched with `limit + 1`: the extra row only says another page follows.
pub fn into_page<R, T, Id: std::fmt::Display + FromStr>(
    rows: Vec<R>,
    limit: i64,
    cursor_of: impl Fn(&R) -> Cursor<Id>,
    view: impl FnMut(R) -> T,
) -> Page<T> {
    into_page_marked(rows, limit, |row| cursor_of(row).encode(), view)
}

/// As `into_page`, for a list whose clients already hold its cursor in another form (chat
/// history pages `before` a message id): `mark_of` gives the last row's mark as sent.
pub fn into_page_marked<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    mark_of: impl Fn(&R) -> String,
    view: impl FnMut(R) -> T,
) -> Page<T> {
    let limit = usize::try_from(limit).unwrap_or(0);
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(mark_of)
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(view).collect(),
        next_cursor,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn cursors_round_trip_exactly() {
        let id = Uuid::now_v7();
        for key in [
            SortValue::Int(-5),
            SortValue::Int(i64::MAX),
            SortValue::Float(0.1 + 0.2),
        ] {
            let cursor = Cursor::new(key, id);
            assert_eq!(Cursor::<Uuid>::decode(&cursor.encode()).unwrap(), cursor);
        }
        assert!(Cursor::<Uuid>::decode("garbage!").is_err());
        assert!(Cursor::<Uuid>::decode(&URL_SAFE_NO_PAD.encode("x1~nope")).is_err());
    }

    #[test]
    fn an_integer_listing_refuses_a_float_cursor() {
        let id = Uuid::now_v7();
        let int = Cursor::new(SortValue::Int(7), id).encode();
        assert_eq!(Cursor::<Uuid>::decode_int(&int).unwrap(), (7, id));
        let float = Cursor::new(SortValue::Float(7.0), id).encode();
        assert!(Cursor::<Uuid>::decode_int(&float).is_err());
    }

    #[test]
    fn a_page_says_whether_another_follows() {
        let cursor_of = |n: &i64| Cursor::new(SortValue::Int(*n), Uuid::nil());
        let page = into_page(vec![1, 2, 3], 2, cursor_of, |n| n * 10);
        assert_eq!(page.items, [10, 20]);
        let next = Cursor::<Uuid>::decode(page.next_cursor.as_deref().unwrap()).unwrap();
        assert_eq!(next.key, SortValue::Int(2));
        let last = into_page(vec![1, 2], 2, cursor_of, |n| n);
        assert_eq!(last.next_cursor, None);
    }
}
