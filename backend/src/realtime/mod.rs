//! Live delivery to websockets. Each instance's [`Hub`] knows the sockets it holds; with
//! PostgreSQL, events reach the sockets of every instance through LISTEN/NOTIFY.

mod backplane;
mod hub;
pub mod presence;
pub mod socket;

pub use hub::{Ended, Frame, Hub, Subscription, TooMany};
