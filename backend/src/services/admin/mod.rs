//! The admin console's rules. Every function takes an `Admin`, which only an admin's request
//! (or the demo loader) can produce; every action writes its audit entry in its own
//! transaction.

pub mod accounts;
pub mod audit;
pub mod catalog;
pub mod stats;

use crate::error::ApiResult;
use crate::pagination::{Cursor, SortValue, page_limit};
use bazaar_shared::FieldErrors;
use std::fmt::Display;
use std::str::FromStr;

/// Where a list's page starts and how long it is, or 422s naming the fields: the query's own
/// (`checked`), `limit` and `cursor`.
pub(crate) fn page<Id: Display + FromStr>(
    checked: Result<(), FieldErrors>,
    cursor: Option<&str>,
    limit: Option<i64>,
) -> ApiResult<(Option<Cursor<Id>>, i64)> {
    let mut errors = checked.err().unwrap_or_default();
    let limit = page_limit(limit, &mut errors);
    errors.into_result()?;
    let after = cursor
        .map(Cursor::decode_int)
        .transpose()?
        .map(|(key, id)| Cursor::new(SortValue::Int(key), id));
    Ok((after, limit))
}
