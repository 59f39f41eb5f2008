//! Who is asking: passwords, e-mailed tokens, session JWTs and the request extractor.

mod extract;
pub mod jwt;
pub mod password;
pub mod token;

pub use extract::{Admin, Auth, websocket_principal};
