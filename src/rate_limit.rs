//! Per-process rate limits of the public pages that anyone can call: the personal result lookup
//! (per ID number and per address), public objections and certificate verification (per
//! address), registrations (per address) and one-time codes sent by SMS (per mobile number and per
//! address). GCRA limits (`governor`): `n` per hour allows a burst of `n`, then one every
//! `60/n` minutes. Kept in memory, so checking one costs no database write; keys are hashes, and
//! keys idle for their whole period are forgotten by a job every few minutes. (Sign-in failures
//! are counted in the database instead: `db::throttle`.)

use std::num::NonZeroU32;
use std::time::Duration;

use chrono::{DateTime, Utc};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

/// One limit: at most `n` per hour per key.
pub struct HourlyLimit {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl HourlyLimit {
    /// At most `per_hour` (at least 1) attempts an hour per key.
    pub fn new(per_hour: u32) -> Self {
        let n = NonZeroU32::new(per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        HourlyLimit {
            limiter: DefaultKeyedRateLimiter::dashmap(Quota::per_hour(n)),
        }
    }

    /// Counts an attempt for `key` (a hash of what identifies the caller); `Err(when)` when the key
    /// is over its limit and may try again at `when`.
    pub fn check(&self, key: &str) -> Result<(), DateTime<Utc>> {
        let key = crate::auth::sha256_hex(key);
        self.limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            Utc::now() + chrono::Duration::from_std(wait).unwrap_or_default()
        })
    }

    /// Forgets keys whose state is as fresh as a new one's.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Every public limit of the portal.
pub struct RateLimits {
    /// Personal result lookups per ID number typed.
    pub lookup_per_id: HourlyLimit,
    /// Personal result lookups per client address.
    pub lookup_per_address: HourlyLimit,
    /// Public objections per client address.
    pub objection_per_address: HourlyLimit,
    /// Certificate verifications per client address.
    pub verify_per_address: HourlyLimit,
    /// Registrations per client address.
    pub register_per_address: HourlyLimit,
    /// One-time codes sent per mobile number (registration, representation, lookup).
    pub code_per_phone: HourlyLimit,
    /// One-time codes asked for per client address.
    pub code_per_address: HourlyLimit,
}

impl RateLimits {
    /// The limits from the settings.
    pub fn new(settings: &crate::config::Settings) -> Self {
        RateLimits {
            lookup_per_id: HourlyLimit::new(settings.lookup_per_id),
            lookup_per_address: HourlyLimit::new(settings.lookup_per_address),
            objection_per_address: HourlyLimit::new(5),
            verify_per_address: HourlyLimit::new(settings.verify_per_address),
            register_per_address: HourlyLimit::new(settings.register_per_address),
            code_per_phone: HourlyLimit::new(5),
            code_per_address: HourlyLimit::new(settings.register_per_address.saturating_mul(2)),
        }
    }

    /// Forgets idle keys of every limit (called by a job).
    pub fn forget_idle(&self) {
        for limit in [
            &self.lookup_per_id,
            &self.lookup_per_address,
            &self.objection_per_address,
            &self.verify_per_address,
            &self.register_per_address,
            &self.code_per_phone,
            &self.code_per_address,
        ] {
            limit.forget_idle();
        }
    }
}

/// The client's address as limits key it: the TCP peer, or the address a trusted proxy
/// forwarded for; an IPv6 client's /64 ([`crate::client_address`]).
pub fn client_address(req: &actix_web::HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let ip = match req.app_data::<actix_web::web::Data<crate::web::state::AppState>>() {
        Some(state) => state.trusted_proxies.client(peer, req.headers()),
        None => peer,
    };
    ip.map(crate::client_address::limit_key).unwrap_or_default()
}

/// How often idle keys are forgotten.
pub const FORGET_EVERY: Duration = Duration::from_secs(300);

/// The time to try again, as people read it (Beijing time, `HH:MM`, rounded up to the minute).
pub fn again_at(when: DateTime<Utc>) -> String {
    (when + chrono::Duration::seconds(59))
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_hourly_burst_then_waits_and_other_keys_do_not() {
        let limit = HourlyLimit::new(5);
        for _ in 0..5 {
            assert!(limit.check("lookup-id:430102199001010011").is_ok());
        }
        let until = limit.check("lookup-id:430102199001010011").unwrap_err();
        let wait = until - Utc::now();
        assert!(
            wait > chrono::Duration::minutes(11) && wait <= chrono::Duration::minutes(12),
            "one more after 12 minutes: {wait}"
        );
        assert!(limit.check("lookup-id:430102199001010022").is_ok());
    }
}
