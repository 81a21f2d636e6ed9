//! Password hashing (Argon2id, OWASP parameters) and token helpers.

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Params, Version};
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

/// The most memory a stored hash may ask for, in 1 KiB blocks (a PHC string names its own
/// parameters; ours ask for 19 MiB).
const MOST_BLOCKS: usize = 64 * 1024;

thread_local! {
    /// This thread's Argon2 memory, kept from one hash to the next. Allocated per hash, 19 MiB
    /// would be faulted in from the kernel and given back every time, each time under the
    /// process's memory-map lock: a hashing thread waiting for a core (`background`) while it
    /// holds that lock stalls every thread that touches new memory.
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Gives this thread the memory of a hash with our parameters now (its pages faulted in), so
/// that a hashing thread does it once, at the default priority, before it lowers its own.
pub(crate) fn keep_memory() {
    let blocks = hasher().params().block_count();
    MEMORY.with(|memory| memory.borrow_mut().resize(blocks, argon2::Block::new()));
}

/// Argon2 of `password` and `salt` into `out`, in this thread's kept memory.
fn compute(
    argon: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    let blocks = argon.params().block_count();
    if blocks > MOST_BLOCKS {
        return Err(argon2::Error::MemoryTooMuch);
    }
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::new());
        }
        // Every block is written before it is read: nothing of the last hash carries over.
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
    })
}

/// Hashes a password to a PHC string. CPU-heavy: call through [`hash_password`].
fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let argon = hasher();
    let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
    rand::rng().fill_bytes(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon, password.as_bytes(), &salt, &mut out)?;
    Ok(PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(Salt::new(&salt)?),
        hash: Some(Output::new(&out)?),
    }
    .to_string())
}

/// Checks a password against a PHC string. CPU-heavy: call through [`verify_password`].
fn verify_blocking(password: &str, phc: &str) -> bool {
    let verified = || -> Result<bool, argon2::password_hash::Error> {
        let parsed = PasswordHash::new(phc)?;
        let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
            return Ok(false);
        };
        let argon = Argon2::new(
            Algorithm::try_from(parsed.algorithm.as_str())?,
            Version::try_from(parsed.version.unwrap_or(Version::V0x13.into()))?,
            Params::try_from(&parsed)?,
        );
        let mut out = vec![0u8; expected.len()];
        compute(&argon, password.as_bytes(), salt, &mut out)?;
        // `Output`'s comparison takes the same time wherever the outputs differ.
        Ok(Output::new(&out)? == *expected)
    };
    verified().unwrap_or(false)
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
    fn hashes_in_kept_memory_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let reference = |m, t| {
            let params = Params::new(m, t, 1, None).unwrap();
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        };
        // Ours verify with the crate's own verifier...
        let ours = hash_blocking("correct horse").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(hasher().verify_password(b"correct horse", &parsed).is_ok());
        assert!(hasher().verify_password(b"wrong horse", &parsed).is_err());
        // ...and the crate's verify with ours, whatever memory this thread kept from before: a
        // smaller hash after a larger one, then the larger again.
        for (m, t) in [(19 * 1024, 2), (7 * 1024, 5), (19 * 1024, 2), (8, 1)] {
            let theirs = reference(m, t)
                .hash_password(b"battery staple")
                .unwrap()
                .to_string();
            assert!(verify_blocking("battery staple", &theirs), "m={m} t={t}");
            assert!(!verify_blocking("battery stapler", &theirs), "m={m} t={t}");
        }
        // Two hashes of one password differ (a fresh salt each).
        assert_ne!(ours, hash_blocking("correct horse").unwrap());
    }

    #[test]
    fn a_stored_hash_asking_for_too_much_memory_is_not_computed() {
        use argon2::password_hash::PasswordHasher;
        let params = Params::new(u32::try_from(MOST_BLOCKS).unwrap() + 1024, 1, 1, None).unwrap();
        let huge = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"x")
            .unwrap()
            .to_string();
        assert!(!verify_blocking("x", &huge));
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert_eq!(sha256_hex("a"), sha256_hex("a"));
        assert_ne!(sha256_hex("a"), sha256_hex("b"));
    }
}
