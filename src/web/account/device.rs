//! Devices that signed in before (issue #22: no lockout tool). Five wrong guesses of someone's
//! mobile number lock that identifier for fifteen minutes; without more, anyone who knows the
//! number could keep its owner out for good. A successful sign-in leaves a cookie on the device
//! (OWASP's "device cookie"): an HMAC of the account id under the server's cookie key, sent only
//! to `/login`. The identifier's and the address's locks do not apply to a device that shows it,
//! so the owner's own phone still signs in while a stranger's guesses stay locked out.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The cookie's name.
pub const COOKIE: &str = "portal_device";

/// What the cookie proves.
fn mac(key: &[u8], account_id: i64) -> Hmac<Sha256> {
    // Any key length is valid for HMAC.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(b"portal-device-v1:");
    mac.update(account_id.to_string().as_bytes());
    mac
}

/// The cookie a device gets when `account_id` signs in on it.
pub fn cookie(key: &[u8], account_id: i64, secure: bool) -> Cookie<'static> {
    let value = format!(
        "{account_id}.{}",
        hex::encode(mac(key, account_id).finalize().into_bytes())
    );
    Cookie::build(COOKIE, value)
        .path("/login")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish()
}

/// Whether this device signed in to `account_id` before.
pub fn recognised(req: &HttpRequest, key: &[u8], account_id: i64) -> bool {
    let Some(cookie) = req.cookie(COOKIE) else {
        return false;
    };
    let Some((id, tag)) = cookie.value().split_once('.') else {
        return false;
    };
    let (Ok(id), Ok(tag)) = (id.parse::<i64>(), hex::decode(tag)) else {
        return false;
    };
    id == account_id && mac(key, account_id).verify_slice(&tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn only_the_cookie_of_that_account_under_this_key_is_recognised() {
        let key = [7u8; 32];
        let c = cookie(&key, 42, true);
        let req = TestRequest::default().cookie(c.clone()).to_http_request();
        assert!(recognised(&req, &key, 42));
        assert!(!recognised(&req, &key, 43), "another account");
        assert!(!recognised(&req, &[8u8; 32], 42), "another server key");
        let forged = Cookie::new(COOKIE, "43.".to_owned() + &c.value()[3..]);
        let req = TestRequest::default().cookie(forged).to_http_request();
        assert!(!recognised(&req, &key, 43), "an id swapped in");
        assert!(!recognised(
            &TestRequest::default().to_http_request(),
            &key,
            42
        ));
    }
}
