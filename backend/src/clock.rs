//! The one place the server reads the time, so rules that depend on it (unpaid checkouts
//! expiring after 30 minutes, the 30-day refund window) are tested by moving the clock
//! instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Debug, Default)]
pub struct Clock {
    /// Microseconds added to the system time: zero in production.
    offset_micros: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
            + time::Duration::microseconds(self.offset_micros.load(Ordering::Relaxed))
    }

    /// Now as stored: microseconds since the Unix epoch.
    pub fn now_micros(&self) -> i64 {
        crate::db::micros(self.now())
    }

    /// Moves this clock forward, as if `by` had passed. For tests.
    pub fn advance(&self, by: Duration) {
        let micros = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
        self.offset_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_advanced_clock_reads_later() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(31 * 60));
        assert!(clock.now() - before >= time::Duration::minutes(31));
    }
}
