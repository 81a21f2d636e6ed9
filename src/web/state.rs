//! What every handler can reach: the pool, the mailer and the settings.

use std::sync::Arc;

use crate::config::Settings;
use crate::db::DbPool;
use crate::db::publications::{Listing, Publication};
use crate::email::Mailer;

/// An announcement listing's page on a day.
pub type Listed = (Listing, chrono::NaiveDate);

/// What reading a listing's page gives: its entries, or why the database did not answer.
pub type ListingRead = Result<Arc<Vec<Publication>>, String>;

/// Shared application state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The clock every handler reads the time and today's date from.
    pub clock: crate::clock::Clock,
    /// Database pool.
    pub pool: DbPool,
    /// Outgoing mail sent directly (password-reset links, which are never stored).
    pub mailer: Mailer,
    /// Wakes the outbox worker after a commit that queued notices.
    pub outbox: crate::delivery::Outbox,
    /// Settings as read at start-up.
    pub settings: Arc<Settings>,
    /// The public base URL, without a trailing slash, for links in mail.
    pub base_url: String,
    /// Uploaded files.
    pub storage: crate::storage::Storage,
    /// Code lists read at start-up.
    pub reference: std::sync::Arc<crate::db::reference::ReferenceData>,
    /// The official calendar, read at most once a minute.
    pub calendar: std::sync::Arc<super::calendar_cache::CalendarCache>,
    /// Signed-in accounts read in the last seconds.
    pub accounts: std::sync::Arc<super::account_cache::AccountCache>,
    /// The keys that sign the e-certificates' verification tokens.
    pub keyring: std::sync::Arc<crate::domain::e_certificate::Keyring>,
    /// Signing in with the provincial government account (OpenID Connect), when configured.
    pub oidc: Option<Arc<crate::government_account::GovernmentAccount>>,
    /// The proxies whose `Forwarded`/`X-Forwarded-For` are believed.
    pub trusted_proxies: Arc<crate::client_address::TrustedProxies>,
    /// The key of the devices' sign-in cookies ([`crate::web::account::device`]).
    pub device_key: Arc<[u8]>,
    /// Rendered card PDFs, and how many render at once.
    pub card_renders: Arc<super::card_renders::CardRenders>,
    /// The read replica of the public pages, when configured.
    pub replica: Option<crate::db::replica::Replica>,
    /// The personal lookup's reads, batched.
    pub conclusions: super::conclusion_reads::ConclusionReads,
    /// The announcement listings being read, shared by the requests asking for the same page.
    pub listings: Arc<super::flights::Flights<Listed, ListingRead>>,
    /// Argon2, a few at a time.
    pub hashing: Arc<crate::auth::Hashing>,
    /// The public pages' rate limits (counted across instances in PostgreSQL or Redis).
    pub limits: std::sync::Arc<crate::rate_limit::RateLimits>,
}

impl AppState {
    /// The official calendar (cached).
    pub async fn calendar(&self) -> Result<Arc<crate::domain::Calendar>, crate::db::DbError> {
        self.calendar.get(&self.pool).await
    }

    /// A pooled connection.
    pub async fn conn(&self) -> Result<crate::db::DbConn, crate::db::DbError> {
        Ok(self.pool.get().await?)
    }

    /// A connection for a public page's reads: the read replica while it is usable, else the
    /// primary. Nothing may be written through it.
    pub async fn read_conn(&self) -> Result<crate::db::DbConn, crate::db::DbError> {
        crate::db::replica::read_conn(self.replica.as_ref(), &self.pool).await
    }
}
