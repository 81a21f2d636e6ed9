//! Rate limits of the public pages that anyone can call: the personal result lookup (per ID
//! number and per address), public objections and certificate verification (per address),
//! registrations (per address) and one-time codes sent by SMS (per mobile number and per
//! address). GCRA limits: `n` per hour allows a burst of `n`, then one every `60/n` minutes.
//! Counted where every app instance counts (issue #22): in PostgreSQL (`db::rate_limits`, sent
//! in batches by `batch`), or in Redis when `--redis-url` is set; keys are hashes, and idle keys
//! are forgotten by a job every few minutes. (Sign-in failures are counted in the database too:
//! `db::throttle`.)

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::db::DbPool;

mod batch;

/// Where the counts are kept.
#[derive(Clone)]
pub enum Counts {
    /// The `rate_limits` table, counted in batches.
    Postgres(DbPool, batch::Batches),
    /// A Redis server (keys expire there).
    Redis(redis::aio::ConnectionManager),
}

impl Counts {
    /// Counted in PostgreSQL on `pool`; starts this instance's batching task (on the current
    /// Tokio runtime).
    pub fn postgres(pool: DbPool) -> Self {
        Counts::Postgres(pool.clone(), batch::Batches::spawn(pool))
    }
}

/// A limit could not be checked (its store did not answer).
#[derive(Debug, thiserror::Error)]
#[error("rate limit: {0}")]
pub struct LimitError(String);

/// GCRA in Redis: the same rule as `db::rate_limits::take`, on the server's clock. Returns 0
/// when allowed (and counted), else the microseconds until the next attempt is allowed.
const GCRA_LUA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local new = math.max(tat, now) + interval
if new - now <= burst then
  redis.call('SET', KEYS[1], string.format('%d', new), 'PX', math.ceil(burst / 1000) + 1)
  return 0
end
return new - burst - now
";

/// One limit: at most `n` per hour per key.
pub struct HourlyLimit {
    name: &'static str,
    interval_us: i64,
    burst_us: i64,
    counts: Counts,
}

impl HourlyLimit {
    /// At most `per_hour` (at least 1) attempts an hour per key, counted in `counts` under
    /// `name`.
    pub fn new(name: &'static str, per_hour: u32, counts: Counts) -> Self {
        let n = i64::from(per_hour.max(1));
        let interval_us = 3_600_000_000 / n;
        HourlyLimit {
            name,
            interval_us,
            burst_us: interval_us * n,
            counts,
        }
    }

    /// Counts an attempt for `key` (what identifies the caller; stored as a hash): `Ok(Err(when))`
    /// when the key is over its limit and may try again at `when`.
    pub async fn check(&self, key: &str) -> Result<Result<(), DateTime<Utc>>, LimitError> {
        let key = self.stored_key(key);
        let refused_until = match &self.counts {
            Counts::Postgres(_, batches) => batches
                .attempt(key, self.interval_us, self.burst_us, None)
                .await
                .map_err(LimitError)?,
            Counts::Redis(conn) => self.redis(conn, &key).await?,
        };
        Ok(match refused_until {
            None => Ok(()),
            Some(when) => Err(when),
        })
    }

    /// Counts an attempt for `key` and, only if this limit allows it, for `then_key` under
    /// `then` (in PostgreSQL in the same statement): so that a caller past this limit never
    /// spends the other key's. `Ok(Err(when))` when either refuses. `then` is never checked
    /// on its own or first: its rows are written after every first key's, the order that keeps
    /// the batches of several instances from waiting on each other in a circle.
    pub async fn check_then(
        &self,
        key: &str,
        then: &HourlyLimit,
        then_key: &str,
    ) -> Result<Result<(), DateTime<Utc>>, LimitError> {
        let (key, second) = (self.stored_key(key), then.stored_key(then_key));
        let refused_until = match &self.counts {
            Counts::Postgres(_, batches) => batches
                .attempt(
                    key,
                    self.interval_us,
                    self.burst_us,
                    Some((second, then.interval_us, then.burst_us)),
                )
                .await
                .map_err(LimitError)?,
            Counts::Redis(conn) => match self.redis(conn, &key).await? {
                None => then.redis(conn, &second).await?,
                refused => refused,
            },
        };
        Ok(match refused_until {
            None => Ok(()),
            Some(when) => Err(when),
        })
    }

    fn stored_key(&self, key: &str) -> String {
        format!("limit:{}:{}", self.name, crate::auth::sha256_hex(key))
    }

    /// One attempt in Redis: when the key may try again, if it is refused.
    async fn redis(
        &self,
        conn: &redis::aio::ConnectionManager,
        key: &str,
    ) -> Result<Option<DateTime<Utc>>, LimitError> {
        let wait_us: i64 = redis::cmd("EVAL")
            .arg(GCRA_LUA)
            .arg(1)
            .arg(key)
            .arg(self.interval_us)
            .arg(self.burst_us)
            .query_async(&mut conn.clone())
            .await
            .map_err(|e| LimitError(e.to_string()))?;
        Ok((wait_us > 0).then(|| Utc::now() + chrono::Duration::microseconds(wait_us)))
    }
}

/// Every public limit of the portal.
pub struct RateLimits {
    /// Personal result lookups per ID number typed: only ever the second limit of
    /// [`HourlyLimit::check_then`] (after the address's).
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
    counts: Counts,
}

impl RateLimits {
    /// The limits from the settings, counted in `counts`.
    pub fn new(settings: &crate::config::Settings, counts: Counts) -> Self {
        let limit = |name, n| HourlyLimit::new(name, n, counts.clone());
        RateLimits {
            lookup_per_id: limit("lookup-id", settings.lookup_per_id),
            lookup_per_address: limit("lookup-address", settings.lookup_per_address),
            objection_per_address: limit("objection-address", 5),
            verify_per_address: limit("verify-address", settings.verify_per_address),
            register_per_address: limit("register-address", settings.register_per_address),
            code_per_phone: limit("code-phone", 5),
            code_per_address: limit(
                "code-address",
                settings.register_per_address.saturating_mul(2),
            ),
            counts,
        }
    }

    /// Forgets idle keys (called by a job; Redis forgets them itself).
    pub async fn forget_idle(&self) -> Result<usize, LimitError> {
        match &self.counts {
            Counts::Postgres(pool, _) => {
                let mut conn = pool.get().await.map_err(|e| LimitError(e.to_string()))?;
                crate::db::rate_limits::forget_idle(&mut conn)
                    .await
                    .map_err(|e| LimitError(e.to_string()))
            }
            Counts::Redis(_) => Ok(0),
        }
    }
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
