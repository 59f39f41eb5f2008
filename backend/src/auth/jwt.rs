//! Session tokens: a signed JWT that names a session row. The row, not the JWT's expiry,
//! decides whether it still works, so logout and password changes revoke at once.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The session id.
    sid: Uuid,
    /// The account id.
    sub: String,
    iat: i64,
    exp: i64,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &str) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret.as_bytes()),
            decoding: DecodingKey::from_secret(secret.as_bytes()),
        }
    }

    pub fn sign(
        &self,
        session: Uuid,
        user: &str,
        issued_at: i64,
        expires_at: i64,
    ) -> anyhow::Result<String> {
        let claims = Claims {
            sid: session,
            sub: user.to_owned(),
            iat: issued_at,
            exp: expires_at,
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The session the token names, if its signature and expiry hold.
    pub fn session_of(&self, token: &str) -> Option<Uuid> {
        let validation = Validation::new(Algorithm::HS256);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims.sid)
    }
}
