//! Delivering notices by email and SMS: how long to wait before the next attempt and when to give
//! up (issue #5 “Notifications”: retries with exponential backoff; the portal inbox copy is never
//! lost, whatever happens to the other channels).

use std::time::Duration;

/// Attempts after which a message is given up (about 17 hours of retries at the default base).
pub const MAX_ATTEMPTS: i32 = 12;

/// The longest wait between two attempts.
pub const MAX_WAIT: Duration = Duration::from_secs(60 * 60);

/// The wait after the `attempts`-th failed attempt: `base` doubled each time, at most [`MAX_WAIT`].
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    base.saturating_mul(1 << doublings).min(MAX_WAIT)
}

/// Whether a message that has failed `attempts` times is given up.
pub fn gives_up(attempts: i32) -> bool {
    attempts >= MAX_ATTEMPTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 8), MAX_WAIT);
        assert_eq!(backoff(base, 1000), MAX_WAIT);
        assert_eq!(backoff(base, 0), Duration::from_secs(30));
    }

    #[test]
    fn a_message_is_given_up_after_the_last_attempt_only() {
        assert!(!gives_up(MAX_ATTEMPTS - 1));
        assert!(gives_up(MAX_ATTEMPTS));
    }
}
