//! Validation rules both the UI (to show errors early) and the server (to enforce them) run.

use crate::FieldErrors;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const NAME_MAX_CHARS: usize = 80;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const SHORT_TEXT_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;
/// The most uses a coupon, or units a sale, may be limited to: well inside the 32-bit
/// whole numbers the API document promises.
pub const MAX_COUNT_LIMIT: u32 = 1_000_000_000;

static COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Lower-cases and trims an e-mail address: addresses are unique case-insensitively.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible address: one `@`, a non-empty local part, a dotted domain, no spaces.
/// Deliverability is proven by the activation mail, not by a regex.
pub fn check_email(errors: &mut FieldErrors, field: &str, email: &str) {
    let email = email.trim();
    let valid = email.chars().count() <= EMAIL_MAX_CHARS
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if !valid {
        errors.add(field, "must be an e-mail address like name@example.com");
    }
}

pub fn check_password(errors: &mut FieldErrors, field: &str, password: &str) {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        errors.add(
            field,
            format!("must be at least {PASSWORD_MIN_CHARS} characters"),
        );
    } else if chars > PASSWORD_MAX_CHARS {
        errors.add(
            field,
            format!("must be at most {PASSWORD_MAX_CHARS} characters"),
        );
    } else if is_common_password(password) {
        errors.add(field, "is too common; choose one that is harder to guess");
    }
}

fn is_common_password(password: &str) -> bool {
    let lowered = password.to_lowercase();
    COMMON_PASSWORDS.lines().any(|common| common == lowered) || is_leaked(password, &lowered)
}

/// The leaked list keeps each password's case; "Dragon2000" is as weak as "dragon2000".
#[cfg(feature = "common-passwords")]
fn is_leaked(password: &str, lowered: &str) -> bool {
    use passwords::analyzer::is_common_password;
    is_common_password(password) || is_common_password(lowered)
}

#[cfg(not(feature = "common-passwords"))]
fn is_leaked(_: &str, _: &str) -> bool {
    false
}

/// Required text: not blank after trimming, at most `max` characters.
pub fn check_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.add(field, "must not be empty");
    } else {
        check_max(errors, field, value, max);
    }
}

/// Optional text: may be empty, at most `max` characters.
/// A limit on uses or units: left out for none, else 1 to `MAX_COUNT_LIMIT`.
pub fn check_count_limit(errors: &mut FieldErrors, field: &str, limit: Option<u32>) {
    if limit.is_some_and(|n| !(1..=MAX_COUNT_LIMIT).contains(&n)) {
        errors.add(
            field,
            format!("must be 1 to {MAX_COUNT_LIMIT}, or left out for no limit"),
        );
    }
}

pub fn check_max(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().chars().count() > max {
        errors.add(field, format!("must be at most {max} characters"));
    }
}

/// Digits with an optional leading `+` and the usual separators; 6 to 20 digits.
pub fn check_phone(errors: &mut FieldErrors, field: &str, phone: &str) {
    let phone = phone.trim();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0));
    if !allowed || !(6..=20).contains(&digits) {
        errors.add(field, "must be a phone number like +1 555 010 0200");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors_of(check: impl Fn(&mut FieldErrors)) -> Vec<String> {
        let mut errors = FieldErrors::new();
        check(&mut errors);
        errors.get("f").map(<[String]>::to_vec).unwrap_or_default()
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        for good in ["a@b.co", "First.Last+tag@mail.example.org"] {
            assert!(
                errors_of(|e| check_email(e, "f", good)).is_empty(),
                "{good}"
            );
        }
        for bad in [
            "", "plain", "@b.co", "a@b", "a@.b.co", "a@b.co.", "a b@c.de", "a@b@c.de", "a@b..co",
        ] {
            assert_eq!(errors_of(|e| check_email(e, "f", bad)).len(), 1, "{bad}");
        }
    }

    #[test]
    fn passwords_must_be_long_and_uncommon() {
        assert!(errors_of(|e| check_password(e, "f", "correct horse")).is_empty());
        assert!(errors_of(|e| check_password(e, "f", "short1!"))[0].contains("at least 8"));
        assert!(errors_of(|e| check_password(e, "f", "Password123"))[0].contains("too common"));
    }

    #[cfg(feature = "common-passwords")]
    #[test]
    fn the_server_knows_a_hundred_thousand_leaked_passwords() {
        for leaked in ["butterfly1", "Dragon2000", "sunflower", "iloveyou2"] {
            assert!(
                errors_of(|e| check_password(e, "f", leaked))[0].contains("too common"),
                "{leaked}"
            );
        }
        assert!(errors_of(|e| check_password(e, "f", "bazaar-demo-pass")).is_empty());
    }

    #[test]
    fn emails_compare_case_insensitively() {
        assert_eq!(normalize_email("  Ann@Example.COM "), "ann@example.com");
    }

    #[test]
    fn phones_allow_separators_but_not_letters() {
        assert!(errors_of(|e| check_phone(e, "f", "+1 (555) 010-0200")).is_empty());
        assert_eq!(errors_of(|e| check_phone(e, "f", "call me")).len(), 1);
        assert_eq!(errors_of(|e| check_phone(e, "f", "12+345678")).len(), 1);
        assert_eq!(errors_of(|e| check_phone(e, "f", "123")).len(), 1);
    }

    #[test]
    fn text_must_not_be_blank_or_too_long() {
        assert_eq!(
            errors_of(|e| check_text(e, "f", "   ", 5)),
            ["must not be empty"]
        );
        assert_eq!(
            errors_of(|e| check_text(e, "f", "abcdef", 5)),
            ["must be at most 5 characters"]
        );
        assert!(errors_of(|e| check_text(e, "f", "abcde", 5)).is_empty());
    }
}
