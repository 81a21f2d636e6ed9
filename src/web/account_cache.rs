//! A short-lived per-process copy of signed-in accounts (with their unread count), so that a
//! signed-in page does not always pay a database round trip for the session check. Entries live
//! a few seconds; this process forgets an account at once when its password (session epoch) or
//! inbox changes, so a password change still ends this process's other sessions immediately and
//! other instances within the time to live.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::db::accounts::Account;

/// More entries than this and expired ones are dropped (a bound on memory).
const MAX_ENTRIES: usize = 10_000;

/// Accounts by id, each with its unread count and when it was read.
pub struct AccountCache {
    ttl: Duration,
    map: Mutex<HashMap<i64, (Account, i64, Instant)>>,
}

impl AccountCache {
    /// A cache whose entries live `ttl` (zero turns it off).
    pub fn new(ttl: Duration) -> Self {
        AccountCache {
            ttl,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The account and unread count, if read less than the time to live ago.
    pub fn get(&self, id: i64) -> Option<(Account, i64)> {
        let map = self.map.lock().ok()?;
        map.get(&id)
            .filter(|(_, _, at)| at.elapsed() < self.ttl)
            .map(|(a, n, _)| (a.clone(), *n))
    }

    /// Remembers a fresh read.
    pub fn put(&self, account: Account, unread: i64) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= MAX_ENTRIES {
                let ttl = self.ttl;
                map.retain(|_, (_, _, at)| at.elapsed() < ttl);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(account.id, (account, unread, Instant::now()));
        }
    }

    /// Forgets an account (its password, epoch or inbox changed).
    pub fn forget(&self, id: i64) {
        if let Ok(mut map) = self.map.lock() {
            map.remove(&id);
        }
    }
}
