//! The app's key files in its var folder (`session.key`, `signing.key`): read when they exist —
//! a file that exists but cannot be read or parsed stops the start with what to do, never being
//! silently replaced (issue #22: a replaced signing key made every issued QR code fail) — and
//! written once, atomically, `0600`, never over an existing file.

use std::io::Write;
use std::path::Path;

/// The text of key file `path`, parsed by `parse`; `None` when there is no such file.
pub fn read<T, E: std::fmt::Display>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> anyhow::Result<Option<T>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!(
            "{} exists but cannot be read ({e}): give this user access to it, or restore it from a \
             backup; it is never replaced on its own",
            path.display()
        ),
    };
    parse(text.trim()).map(Some).map_err(|e| {
        anyhow::anyhow!(
            "{} exists but is not a valid key ({e}): restore it from a backup, or move it away to \
             start with a new key (what the old key signed or encrypted then no longer verifies)",
            path.display()
        )
    })
}

/// Writes `text` as the new key file `path`: into a private temporary file in the same folder,
/// synced, then linked into place only if `path` still does not exist (another instance may
/// have written it first: its key is kept and returned instead).
pub fn create(path: &Path, text: &str) -> anyhow::Result<String> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{:016x}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("key"),
        rand::random::<u64>()
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(text.to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(std::fs::read_to_string(path)?.trim().to_owned())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("portal-key-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_new_key_is_private_and_never_written_over_another() {
        use std::os::unix::fs::PermissionsExt;
        let d = dir("create");
        let path = d.join("k.key");
        assert_eq!(create(&path, "first").unwrap(), "first");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // A second writer keeps the first key.
        assert_eq!(create(&path, "second").unwrap(), "first");
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_damaged_key_stops_with_what_to_do_and_a_missing_one_is_none() {
        let d = dir("read");
        let path = d.join("k.key");
        let parse = |t: &str| t.parse::<u32>();
        assert!(read(&path, parse).unwrap().is_none());
        std::fs::write(&path, "garbage").unwrap();
        let err = read(&path, parse).unwrap_err().to_string();
        assert!(
            err.contains("k.key") && err.contains("move it away"),
            "{err}"
        );
        std::fs::write(&path, "42\n").unwrap();
        assert_eq!(read(&path, parse).unwrap(), Some(42));
        std::fs::remove_dir_all(&d).unwrap();
    }
}
