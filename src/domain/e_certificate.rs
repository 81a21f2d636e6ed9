//! 电子证照: the signed verification token of an electronic certificate (000 §三(六): the
//! e-certificate has the force of the card and anyone may check it). The token carries the
//! certificate's id, a digest of its number and its status version, signed with Ed25519 under a
//! key id, so keys can rotate and a third party holding the published public keys can check a
//! token offline. Pure: the keys come from configuration, the certificate from the database.
//!
//! Format (ASCII, URL-safe): `v2.<kid>.<certificate id>.<number digest>.<status version>.<sig>`
//! — the signature (base64url, no padding) is over everything before its dot; the number digest
//! is the first 16 bytes of HMAC-SHA-256 of the 20-character number under a secret derived from
//! the signing key, in hex. Keyed, because a certificate number is an ID number plus two digits:
//! a plain hash would give the ID number back to anyone who tries every date of birth (issue #16).
//! (`v1` tokens carried such a plain hash and are refused.)

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// The token format's version prefix.
const VERSION: &str = "v2";

/// One signing key: its id, the key, and the last day tokens signed with it are accepted.
#[derive(Clone)]
pub struct Key {
    /// Key id (letters, digits, `-`), published with the public key.
    pub kid: String,
    signing: SigningKey,
    digest_key: [u8; 32],
    /// Retired keys sign nothing; their tokens are refused after this day.
    pub retired_after: Option<NaiveDate>,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("kid", &self.kid)
            .field("retired_after", &self.retired_after)
            .finish_non_exhaustive()
    }
}

/// Why a key configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// An entry is not `kid:64 hex digits[:YYYY-MM-DD]`.
    #[error("key entry {0} is not kid:hex[:retired-after-date]")]
    Entry(usize),
    /// No key that is not retired.
    #[error("no active signing key")]
    NoActiveKey,
    /// Two keys with the same id.
    #[error("duplicate key id {0}")]
    Duplicate(String),
}

impl Key {
    /// A key from its id and 32 secret bytes.
    pub fn new(kid: &str, secret: [u8; 32], retired_after: Option<NaiveDate>) -> Key {
        let mut derive = Sha256::new();
        derive.update(b"portal e-certificate number digest\0");
        derive.update(secret);
        Key {
            kid: kid.to_owned(),
            signing: SigningKey::from_bytes(&secret),
            digest_key: derive.finalize().into(),
            retired_after,
        }
    }

    /// The number digest this key's tokens carry: HMAC-SHA-256, first 16 bytes, hex.
    #[expect(clippy::expect_used, reason = "HMAC takes a key of any length")]
    pub fn number_digest(&self, number: &str) -> String {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&self.digest_key)
            .expect("HMAC takes a key of any length");
        mac.update(number.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// The public half (32 bytes).
    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }
}

/// The keys in use: the first active one signs; retired ones still verify until their day.
#[derive(Debug, Clone)]
pub struct Keyring {
    keys: Vec<Key>,
}

/// What a token says, once its signature checks out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims {
    /// The key that signed it.
    pub kid: String,
    /// The certificate.
    pub certificate_id: i64,
    /// First 16 bytes of the keyed digest of the number, hex.
    pub number_digest: String,
    /// The certificate's status version when signed.
    pub status_version: i32,
}

/// Why a token is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token of this format.
    #[error("malformed token")]
    Malformed,
    /// Signed with a key this portal does not know.
    #[error("unknown key")]
    UnknownKey,
    /// Signed with a key retired before today.
    #[error("the key was retired")]
    KeyRetired,
    /// The signature does not match (tampered).
    #[error("bad signature")]
    BadSignature,
}

fn message(kid: &str, certificate_id: i64, digest: &str, status_version: i32) -> String {
    format!("{VERSION}.{kid}.{certificate_id}.{digest}.{status_version}")
}

impl Keyring {
    /// Builds a keyring; at least one key must be active (not retired).
    pub fn new(keys: Vec<Key>) -> Result<Keyring, KeyError> {
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].iter().any(|o| o.kid == k.kid) {
                return Err(KeyError::Duplicate(k.kid.clone()));
            }
        }
        if !keys.iter().any(|k| k.retired_after.is_none()) {
            return Err(KeyError::NoActiveKey);
        }
        Ok(Keyring { keys })
    }

    /// Parses `kid:hex[:retired-after],…` (comma separated; the secret as 64 hex digits).
    pub fn parse(config: &str) -> Result<Keyring, KeyError> {
        let keys = config
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .enumerate()
            .map(|(i, entry)| {
                let mut parts = entry.split(':');
                let kid = parts.next().filter(|k| {
                    !k.is_empty()
                        && k.len() <= 32
                        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
                let secret = parts
                    .next()
                    .and_then(|h| hex::decode(h).ok())
                    .and_then(|b| <[u8; 32]>::try_from(b).ok());
                let retired = match parts.next() {
                    None => Ok(None),
                    Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map(Some),
                };
                match (kid, secret, retired, parts.next()) {
                    (Some(kid), Some(secret), Ok(retired), None) => {
                        Ok(Key::new(kid, secret, retired))
                    }
                    _ => Err(KeyError::Entry(i + 1)),
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Keyring::new(keys)
    }

    /// Every key (for the published list of public keys).
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    fn active(&self) -> &Key {
        self.keys
            .iter()
            .find(|k| k.retired_after.is_none())
            .unwrap_or(&self.keys[0])
    }

    /// Signs the current state of a certificate with the active key.
    pub fn sign(&self, certificate_id: i64, number: &str, status_version: i32) -> String {
        let key = self.active();
        let msg = message(
            &key.kid,
            certificate_id,
            &key.number_digest(number),
            status_version,
        );
        let sig = key.signing.sign(msg.as_bytes());
        format!("{msg}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
    }

    /// The short code printed beside the QR code, for checking by typing the number: the first
    /// 40 bits of the token's signature in Crockford base32 (8 characters). Ed25519 signatures
    /// are deterministic, so the code of a certificate's current state is always the same.
    pub fn code(&self, certificate_id: i64, number: &str, status_version: i32) -> String {
        let token = self.sign(certificate_id, number, status_version);
        let sig = token
            .rsplit('.')
            .next()
            .and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
            .unwrap_or_default();
        crockford(&sig[..5.min(sig.len())])
    }

    /// Checks a token's form, key and signature on `today`.
    pub fn verify(&self, token: &str, today: NaiveDate) -> Result<Claims, TokenError> {
        let parts: Vec<&str> = token.trim().split('.').collect();
        let [version, kid, id, digest, status_version, sig] = parts.as_slice() else {
            return Err(TokenError::Malformed);
        };
        if *version != VERSION
            || digest.len() != 32
            || !digest.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(TokenError::Malformed);
        }
        let certificate_id: i64 = id.parse().map_err(|_| TokenError::Malformed)?;
        let status_version: i32 = status_version.parse().map_err(|_| TokenError::Malformed)?;
        let sig = URL_SAFE_NO_PAD
            .decode(sig)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .map(|b| Signature::from_bytes(&b))
            .ok_or(TokenError::Malformed)?;
        let key = self
            .keys
            .iter()
            .find(|k| k.kid == *kid)
            .ok_or(TokenError::UnknownKey)?;
        if key.retired_after.is_some_and(|d| today > d) {
            return Err(TokenError::KeyRetired);
        }
        // The portal holds every key it accepts, and Ed25519 signatures are deterministic: the
        // token is genuine exactly when its signature is the one the key makes for its message.
        // Re-signing costs a third of verifying and admits no other (malleable) encoding; third
        // parties verify with the public key as usual.
        let msg = message(kid, certificate_id, digest, status_version);
        let expected = key.signing.sign(msg.as_bytes());
        if !bool::from(subtle::ConstantTimeEq::ct_eq(
            &expected.to_bytes()[..],
            &sig.to_bytes()[..],
        )) {
            return Err(TokenError::BadSignature);
        }
        Ok(Claims {
            kid: (*kid).to_owned(),
            certificate_id,
            number_digest: (*digest).to_owned(),
            status_version,
        })
    }

    /// Whether `code` (as typed: any case, spaces and dashes ignored, O→0, I/L→1) is the code of
    /// the certificate's current state.
    pub fn code_matches(
        &self,
        code: &str,
        certificate_id: i64,
        number: &str,
        status_version: i32,
    ) -> bool {
        let typed: String = code
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        let expected = self.code(certificate_id, number, status_version);
        subtle::ConstantTimeEq::ct_eq(typed.as_bytes(), expected.as_bytes()).into()
    }
}

/// Crockford's base32 (no I, L, O, U), for codes people type.
fn crockford(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        buffer = (buffer << 8) | u32::from(*b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// What the public verification page may say of a certificate (DOMAIN “Privacy”: nothing
/// beyond what a verifier needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The token or code is for this certificate's current state: show its status.
    Current,
    /// The certificate's status changed after the token was signed: show the current status and
    /// say the code shown is out of date.
    Outdated,
    /// The certificate was replaced (lost card, renewal, category or grade change): this card's
    /// code is no longer valid.
    Replaced,
    /// Forged, tampered with, signed with a retired or unknown key, or unknown certificate.
    Invalid,
}

/// Compares verified claims with the certificate as stored (`None`: no such certificate).
pub fn verdict(ring: &Keyring, claims: &Claims, stored: Option<(&str, i32, bool)>) -> Verdict {
    let digest_matches = |number: &str| {
        ring.keys
            .iter()
            .find(|k| k.kid == claims.kid)
            .is_some_and(|k| k.number_digest(number) == claims.number_digest)
    };
    match stored {
        None => Verdict::Invalid,
        Some((number, _, _)) if !digest_matches(number) => Verdict::Invalid,
        Some((_, _, true)) => Verdict::Replaced,
        Some((_, version, _)) if version != claims.status_version => Verdict::Outdated,
        Some(_) => Verdict::Current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::d;

    const NUMBER: &str = "43010219900101001142";

    fn ring() -> Keyring {
        Keyring::new(vec![
            Key::new("k2026", [7; 32], None),
            Key::new("k2025", [9; 32], Some(d(2026, 12, 31))),
        ])
        .unwrap()
    }

    #[test]
    fn a_signed_token_verifies_and_says_what_it_was_signed_for() {
        let r = ring();
        let token = r.sign(42, NUMBER, 3);
        assert!(token.starts_with("v2.k2026.42."), "{token}");
        let claims = r.verify(&token, d(2026, 12, 1)).unwrap();
        assert_eq!(claims.certificate_id, 42);
        assert_eq!(claims.status_version, 3);
        assert_eq!(claims.number_digest, r.keys()[0].number_digest(NUMBER));
        assert_eq!(
            verdict(&r, &claims, Some((NUMBER, 3, false))),
            Verdict::Current
        );
        assert_eq!(
            verdict(&r, &claims, Some((NUMBER, 4, false))),
            Verdict::Outdated
        );
        assert_eq!(
            verdict(&r, &claims, Some((NUMBER, 3, true))),
            Verdict::Replaced
        );
        assert_eq!(
            verdict(&r, &claims, Some(("x", 3, false))),
            Verdict::Invalid
        );
        assert_eq!(verdict(&r, &claims, None), Verdict::Invalid);
    }

    #[test]
    fn the_number_digest_is_keyed_and_not_a_plain_hash_of_the_number() {
        let r = ring();
        let digest = r.keys()[0].number_digest(NUMBER);
        let plain = hex::encode(&Sha256::digest(NUMBER.as_bytes())[..16]);
        assert_ne!(digest, plain, "enumerating ID numbers must not reverse it");
        assert_ne!(
            digest,
            r.keys()[1].number_digest(NUMBER),
            "one digest per key"
        );
        assert_eq!(digest.len(), 32);
        // A v1 token (plain digest) is refused.
        let v1 = r.sign(42, NUMBER, 3).replacen("v2.", "v1.", 1);
        assert_eq!(r.verify(&v1, d(2026, 12, 1)), Err(TokenError::Malformed));
    }

    #[test]
    fn tampered_tokens_and_retired_or_unknown_keys_are_refused() {
        let r = ring();
        let token = r.sign(42, NUMBER, 3);
        let today = d(2026, 12, 1);
        // Another certificate id or status version under the same signature.
        for forged in [
            token.replacen(".42.", ".43.", 1),
            token.replacen(".3.", ".4.", 1),
        ] {
            assert_eq!(
                r.verify(&forged, today),
                Err(TokenError::BadSignature),
                "{forged}"
            );
        }
        assert_eq!(r.verify("v2.k2026.42", today), Err(TokenError::Malformed));
        assert_eq!(r.verify("<script>", today), Err(TokenError::Malformed));
        let other = Keyring::new(vec![Key::new("k2026", [8; 32], None)]).unwrap();
        assert_eq!(
            other.verify(&token, today),
            Err(TokenError::BadSignature),
            "same key id, other key"
        );
        let unknown = token.replacen("k2026", "k1999", 1);
        assert_eq!(r.verify(&unknown, today), Err(TokenError::UnknownKey));
        // A token of the retired key: accepted until its last day, refused after.
        let old = Keyring::new(vec![Key::new("k2025", [9; 32], None)])
            .unwrap()
            .sign(42, NUMBER, 3);
        assert!(r.verify(&old, d(2026, 12, 31)).is_ok());
        assert_eq!(r.verify(&old, d(2027, 1, 1)), Err(TokenError::KeyRetired));
    }

    #[test]
    fn the_typed_code_matches_only_the_current_state_and_forgives_case_and_look_alikes() {
        let r = ring();
        let code = r.code(42, NUMBER, 3);
        assert_eq!(code.len(), 8);
        assert!(r.code_matches(&code, 42, NUMBER, 3));
        let messy = format!(" {}-{} ", &code[..4].to_lowercase(), &code[4..]);
        assert!(r.code_matches(&messy, 42, NUMBER, 3));
        assert!(
            !r.code_matches(&code, 42, NUMBER, 4),
            "after a status change"
        );
        assert!(!r.code_matches("00000000", 42, NUMBER, 3));
    }

    #[test]
    fn key_configuration_is_checked() {
        let hex7 = "07".repeat(32);
        let ok = Keyring::parse(&format!("a:{hex7}, b:{}:2026-06-30", "09".repeat(32))).unwrap();
        assert_eq!(ok.keys().len(), 2);
        assert_eq!(ok.keys()[1].retired_after, Some(d(2026, 6, 30)));
        let err = |config: &str| Keyring::parse(config).err();
        assert_eq!(err("a:12"), Some(KeyError::Entry(1)));
        assert_eq!(
            err(&format!("a:{hex7}:2026-01-01")),
            Some(KeyError::NoActiveKey)
        );
        assert_eq!(
            err(&format!("a:{hex7},a:{hex7}")),
            Some(KeyError::Duplicate("a".into()))
        );
        assert_eq!(err(&format!("a b:{hex7}")), Some(KeyError::Entry(1)));
    }
}
