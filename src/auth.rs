//! Password hashing (Argon2id, OWASP parameters) and token helpers.

use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub mod background;

/// OWASP Password Storage Cheat Sheet (2025): Argon2id, m = 19 MiB, t = 2, p = 1.
#[expect(
    clippy::expect_used,
    reason = "constant parameters within argon2's bounds; every sign-in test builds them"
)]
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password to a PHC string. CPU-heavy: call through [`hash_password`].
fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    Ok(hasher().hash_password(password.as_bytes())?.to_string())
}

/// Checks a password against a PHC string. CPU-heavy: call through [`verify_password`].
fn verify_blocking(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A PHC string of a password nobody knows, verified when an identifier matches no account so
/// that unknown and known identifiers take the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$3d2lUTXh3t0sP9Ji4iRvGP3E4zBVuT6DFzZfD3Ij09c";

/// How long the last password hash took, in microseconds (30 ms until one was made).
static HASH_MICROS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(30_000);

/// Hashes `password` on a hashing thread (`background`, behind the pages).
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    let started = std::time::Instant::now();
    let hash = background::run(move || hash_blocking(&password))
        .await
        .ok_or_else(|| anyhow::anyhow!("no hashing thread answered"))??;
    let took = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    HASH_MICROS.store(took, std::sync::atomic::Ordering::Relaxed);
    Ok(hash)
}

/// About as long as a password hash takes: an answer that skips hashing (an identifier already
/// taken) waits this long, so the time taken does not tell whether the identifier is taken,
/// without spending the CPU.
pub fn typical_hash_time() -> std::time::Duration {
    std::time::Duration::from_micros(HASH_MICROS.load(std::sync::atomic::Ordering::Relaxed))
}

/// Password hashing was refused because too many hashes were waiting (answer 503, try again).
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// Every permit stayed taken for the whole queue timeout.
    #[error("password hashing is busy")]
    Busy,
    /// The hash could not be made.
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

/// Argon2 behind a semaphore (issue #22): at most `parallel` hashes run at once (one a core by
/// default), the rest wait in line at most `queue` and are then refused with [`HashError::Busy`],
/// so a rush of sign-ins cannot take every core from the pages that need none.
pub struct Hashing(crate::gate::Gate);

impl Hashing {
    /// At most `parallel` (at least 1) hashes at once, each waiting at most `queue` for its turn.
    pub fn new(parallel: usize, queue: std::time::Duration) -> Self {
        Hashing(crate::gate::Gate::new(parallel, queue))
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, HashError> {
        self.0.enter().await.ok_or(HashError::Busy)
    }

    /// [`hash_password`] in turn.
    pub async fn hash(&self, password: String) -> Result<String, HashError> {
        let _permit = self.permit().await?;
        Ok(hash_password(password).await?)
    }

    /// [`verify_password`] in turn.
    pub async fn verify(&self, password: String, phc: Option<String>) -> Result<bool, HashError> {
        let _permit = self.permit().await?;
        Ok(verify_password(password, phc).await)
    }
}

/// A six-digit one-time code.
pub fn numeric_code() -> String {
    format!("{:06}", rand::random_range(0..1_000_000u32))
}

/// Verifies `password` against `phc` (or against a dummy hash when `None`) on a
/// hashing thread (`background`, behind the pages).
pub async fn verify_password(password: String, phc: Option<String>) -> bool {
    let known = phc.is_some();
    let phc = phc.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let ok = background::run(move || verify_blocking(&password, &phc))
        .await
        .unwrap_or(false);
    ok && known
}

/// A fresh random token: 32 bytes as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of `value` as hex (for storing tokens and throttle keys, never the values themselves).
pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_owasp_parameters() {
        let h = hash_blocking("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("correct horse", &h));
        assert!(!verify_blocking("wrong horse", &h));
        assert!(!verify_blocking("x", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert_eq!(sha256_hex("a"), sha256_hex("a"));
        assert_ne!(sha256_hex("a"), sha256_hex("b"));
    }
}
