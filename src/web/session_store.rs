//! Where sessions live: PostgreSQL by default (the private cluster needs nothing else), Redis when
//! `--redis-url` is set. Either way the cookie holds only a random key; several app instances on
//! one database (or one Redis) share every session.

use std::collections::HashMap;

use actix_session::storage::{
    LoadError, RedisSessionStore, SaveError, SessionKey, SessionStore, UpdateError,
};
use actix_web::cookie::time::Duration;
use chrono::Utc;

use crate::db::{DbPool, sessions};

/// The session store the settings ask for.
#[derive(Clone)]
pub enum Store {
    /// The `sessions` table.
    Postgres(DbPool, crate::clock::Clock),
    /// A Redis server (keys expire there).
    Redis(RedisSessionStore),
}

fn key_hash(key: &SessionKey) -> String {
    crate::auth::sha256_hex(key.as_ref())
}

fn expiry(clock: &crate::clock::Clock, ttl: &Duration) -> chrono::DateTime<Utc> {
    clock.now() + chrono::Duration::seconds(ttl.whole_seconds())
}

#[expect(clippy::expect_used, reason = "64 hex digits always fit a cookie")]
fn new_key() -> SessionKey {
    // 256 random bits as 64 hex digits (the key is also encrypted inside the cookie).
    SessionKey::try_from(crate::auth::random_token()).expect("64 characters fit a cookie")
}

impl Store {
    async fn conn(&self, pool: &DbPool) -> anyhow::Result<crate::db::DbConn> {
        Ok(pool.get().await?)
    }
}

impl SessionStore for Store {
    async fn load(&self, key: &SessionKey) -> Result<Option<HashMap<String, String>>, LoadError> {
        match self {
            Store::Postgres(pool, clock) => {
                let mut conn = self.conn(pool).await.map_err(LoadError::Other)?;
                sessions::load(&mut conn, &key_hash(key), clock.now())
                    .await
                    .map_err(|e| LoadError::Other(e.into()))
            }
            Store::Redis(r) => r.load(key).await,
        }
    }

    async fn save(
        &self,
        state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, SaveError> {
        match self {
            Store::Postgres(pool, clock) => {
                let key = new_key();
                let mut conn = self.conn(pool).await.map_err(SaveError::Other)?;
                sessions::store(&mut conn, &key_hash(&key), &state, expiry(clock, ttl))
                    .await
                    .map_err(|e| SaveError::Other(e.into()))?;
                Ok(key)
            }
            Store::Redis(r) => r.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: HashMap<String, String>,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        match self {
            Store::Postgres(pool, clock) => {
                let mut conn = self.conn(pool).await.map_err(UpdateError::Other)?;
                // A key the table no longer knows (signed out, expired) never comes back to
                // life: its state goes under a new key.
                let exists = sessions::load(&mut conn, &key_hash(&key), clock.now())
                    .await
                    .map_err(|e| UpdateError::Other(e.into()))?
                    .is_some();
                let key = if exists { key } else { new_key() };
                sessions::store(&mut conn, &key_hash(&key), &state, expiry(clock, ttl))
                    .await
                    .map_err(|e| UpdateError::Other(e.into()))?;
                Ok(key)
            }
            Store::Redis(r) => r.update(key, state, ttl).await,
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        match self {
            Store::Postgres(pool, clock) => {
                let mut conn = self.conn(pool).await?;
                Ok(sessions::touch(&mut conn, &key_hash(key), expiry(clock, ttl)).await?)
            }
            Store::Redis(r) => r.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        match self {
            Store::Postgres(pool, _clock) => {
                let mut conn = self.conn(pool).await?;
                Ok(sessions::delete(&mut conn, &key_hash(key)).await?)
            }
            Store::Redis(r) => r.delete(key).await,
        }
    }
}
