//! Rendering the card as PDF is the heaviest thing a request can ask for (a font subset, the
//! photo decoded and compressed again): tens of milliseconds at best, seconds for a large photo.
//! Renders are cached per card version — the language, everything printed on the card and the
//! photo's hash, so a change of any of them is a new entry — and at most one a core runs at once;
//! a request that waits longer than the queue allows is answered 503 (issue #22).

use std::hash::{Hash, Hasher};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::error::AppError;

/// Rendered cards kept (about 30–100 KB each).
const KEPT: NonZeroUsize = match NonZeroUsize::new(256) {
    Some(n) => n,
    None => NonZeroUsize::MIN,
};

/// The cache and the gate.
pub struct CardRenders {
    cache: Mutex<lru::LruCache<[u8; 32], Arc<Vec<u8>>>>,
    gate: crate::gate::Gate,
}

/// What identifies one rendering: the SHA-256 of everything the render reads, fed through its
/// derived `Hash` (so a field added to the card's view is part of the key without anyone
/// remembering to add it; strings end with a marker and lists start with their length, so no
/// two different values feed the same bytes). Any change to what is printed makes a new key.
pub fn key(what: &impl Hash) -> [u8; 32] {
    let mut hasher = Sha256Hasher(Sha256::new());
    what.hash(&mut hasher);
    hasher.0.finalize().into()
}

/// `std::hash::Hasher` over SHA-256: only the bytes fed matter (`finish`'s 64 bits are unused).
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_be_bytes([
            digest[0], digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7],
        ])
    }
}

impl CardRenders {
    /// At most `parallel` (at least 1) renders at once, each waiting at most `queue`.
    pub fn new(parallel: usize, queue: Duration) -> Self {
        CardRenders {
            cache: Mutex::new(lru::LruCache::new(KEPT)),
            gate: crate::gate::Gate::new(parallel, queue),
        }
    }

    /// The rendering under `key`, if it was made.
    pub fn get(&self, key: &[u8; 32]) -> Option<Arc<Vec<u8>>> {
        self.cache.lock().ok()?.get(key).cloned()
    }

    /// Makes the rendering under `key` with `render` (on a blocking thread, in turn) unless it
    /// was made meanwhile; `Ok(None)` when `render` gives nothing.
    pub async fn get_or_render<F>(
        &self,
        key: [u8; 32],
        render: F,
    ) -> Result<Option<Arc<Vec<u8>>>, AppError>
    where
        F: FnOnce() -> Option<Vec<u8>> + Send + 'static,
    {
        let _permit = self.gate.enter().await.ok_or(AppError::Busy)?;
        // Another request may have rendered it while this one waited.
        if let Some(done) = self.get(&key) {
            return Ok(Some(done));
        }
        let made = tokio::task::spawn_blocking(render)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("card render: {e}")))?;
        let Some(made) = made else {
            return Ok(None);
        };
        let made = Arc::new(made);
        if let Ok(mut cache) = self.cache.lock() {
            cache.put(key, made.clone());
        }
        Ok(Some(made))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_when_anything_printed_differs() {
        assert_eq!(key(&("zh-CN", "张三")), key(&("zh-CN", "张三")));
        assert_ne!(key(&("zh-CN", "张三")), key(&("en", "张三")));
        assert_ne!(key(&("ab", "c")), key(&("a", "bc")));
        assert_ne!(key(&vec!["a", "b"]), key(&(vec!["a"], "b")));
    }

    #[tokio::test]
    async fn a_card_is_rendered_once_then_served_from_the_cache() {
        let renders = CardRenders::new(1, Duration::from_secs(5));
        let k = key(&("card", 1));
        let first = renders.get_or_render(k, || Some(vec![1, 2, 3])).await;
        assert_eq!(first.ok().flatten().as_deref(), Some(&vec![1, 2, 3]));
        let again = renders.get_or_render(k, || panic!("rendered twice")).await;
        assert_eq!(again.ok().flatten().as_deref(), Some(&vec![1, 2, 3]));
    }

    #[tokio::test]
    async fn a_render_waiting_beyond_the_queue_is_refused() {
        let renders = Arc::new(CardRenders::new(1, Duration::from_millis(1)));
        let slow = renders.clone();
        let (started, wait) = tokio::sync::oneshot::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let holder = tokio::spawn(async move {
            slow.get_or_render(key(&"slow"), move || {
                let _ = started.send(());
                // Holds its turn until the other request has been refused.
                let _ = released.recv();
                Some(vec![])
            })
            .await
            .is_ok()
        });
        wait.await.ok();
        let refused = renders.get_or_render(key(&"other"), || Some(vec![])).await;
        assert!(matches!(refused, Err(AppError::Busy)));
        let _ = release.send(());
        assert!(holder.await.unwrap_or(false));
    }
}
