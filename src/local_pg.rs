//! A private PostgreSQL cluster for zero-configuration runs and for the test harness.
//!
//! When `DATABASE_URL` is unset, `cargo run` and `cargo test` start their own server from the
//! PostgreSQL binaries on the machine (`initdb`, `postgres`, `pg_ctl` on `PATH` or under
//! `/usr/lib/postgresql/*/bin`). The server listens only on a unix socket inside its data folder,
//! so it never clashes with a system server, and it is stopped when [`LocalPostgres`] is dropped.
//!
//! PostgreSQL refuses to run as root; when this process is root the server runs as the
//! `postgres` (or `nobody`) system user and the folder is handed to that user.

use std::ffi::CString;
use std::fs;
use std::os::unix::fs::chown;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Why a private cluster could not be provided.
#[derive(Debug, thiserror::Error)]
pub enum LocalPgError {
    /// No PostgreSQL server binaries were found.
    #[error(
        "DATABASE_URL is not set and no PostgreSQL server binaries (initdb, pg_ctl) were found: \
         install PostgreSQL (Debian: apt-get install postgresql) or set DATABASE_URL"
    )]
    NotInstalled,
    /// A command failed.
    #[error("{what} failed: {detail}")]
    Command { what: &'static str, detail: String },
    /// Filesystem trouble.
    #[error("cannot prepare {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The server did not come up in time.
    #[error("the private PostgreSQL server did not start within 30 s; see {0}")]
    Timeout(PathBuf),
}

/// A running private cluster; stopped on drop (unless [`LocalPostgres::keep`] was called).
#[derive(Debug)]
pub struct LocalPostgres {
    bin: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    run_as: Option<(u32, u32)>,
    stop_on_drop: bool,
}

const PORT: u16 = 5432;

impl LocalPostgres {
    /// Finds the server binaries, creating (first time) and starting a cluster under `root`.
    ///
    /// `root` holds `data/` and the socket; re-using a folder re-uses its databases.
    pub fn start(root: &Path) -> Result<Self, LocalPgError> {
        let bin = find_bin_dir(
            std::env::var_os("PATH").as_deref(),
            Path::new("/usr/lib/postgresql"),
        )
        .ok_or(LocalPgError::NotInstalled)?;
        let run_as = if unsafe { libc::geteuid() } == 0 {
            Some(unprivileged_user())
        } else {
            None
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LocalPgError::Io { path, source }
        };
        fs::create_dir_all(root).map_err(io(root))?;
        let root = root.canonicalize().map_err(io(root))?;
        let data = root.join("data");
        // Unix socket paths are limited to 107 bytes; a deep checkout gets a short folder in /tmp.
        let socket_dir = if root.as_os_str().len() + ".s.PGSQL.5432".len() + 1 < 100 {
            root.clone()
        } else {
            let short = std::env::temp_dir().join(format!(
                "portal-pg-{:x}",
                fnv1a(root.as_os_str().as_encoded_bytes())
            ));
            fs::create_dir_all(&short).map_err(io(&short))?;
            short
        };
        if let Some((uid, gid)) = run_as {
            chown(&root, Some(uid), Some(gid)).map_err(io(&root))?;
            chown(&socket_dir, Some(uid), Some(gid)).map_err(io(&socket_dir))?;
        }
        let this = Self {
            bin,
            data,
            socket_dir,
            run_as,
            stop_on_drop: true,
        };
        if !this.data.join("PG_VERSION").exists() {
            this.initdb()?;
        }
        if !this.is_running() {
            this.pg_ctl_start(&root)?;
        }
        Ok(this)
    }

    /// A libpq-style URL of database `db` on this server (the socket folder as host).
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgresql:///{db}?user=postgres&host={}&port={PORT}",
            self.socket_dir.display()
        )
    }

    /// Leaves the server running after this value is dropped.
    pub fn keep(&mut self) {
        self.stop_on_drop = false;
    }

    /// Stops the server (fast shutdown).
    pub fn stop(&self) {
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-m", "fast", "-w", "-D"])
            .arg(&self.data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.env_remove("PGDATA").env("LC_ALL", "C.UTF-8");
        if let Some((uid, gid)) = self.run_as {
            cmd.uid(uid).gid(gid);
            // initdb looks up the home folder of the current user; root's is not readable.
            cmd.current_dir(&self.socket_dir);
        }
        cmd
    }

    fn initdb(&self) -> Result<(), LocalPgError> {
        let out = self
            .command("initdb")
            .args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C.UTF-8",
                "-D",
            ])
            .arg(&self.data)
            .output()
            .map_err(|e| LocalPgError::Command {
                what: "initdb",
                detail: e.to_string(),
            })?;
        if !out.status.success() {
            return Err(LocalPgError::Command {
                what: "initdb",
                detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        Ok(())
    }

    fn is_running(&self) -> bool {
        self.command("pg_ctl")
            .args(["status", "-D"])
            .arg(&self.data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    fn pg_ctl_start(&self, root: &Path) -> Result<(), LocalPgError> {
        let log = root.join("server.log");
        let socket = self.socket_dir.display().to_string();
        let options = format!(
            "-c listen_addresses='' -c unix_socket_directories='{socket}' -p {PORT} \
             -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        );
        let status = self
            .command("pg_ctl")
            .args(["start", "-w", "-t", "30", "-D"])
            .arg(&self.data)
            .arg("-l")
            .arg(&log)
            .args(["-o", &options])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| LocalPgError::Command {
                what: "pg_ctl start",
                detail: e.to_string(),
            })?;
        if !status.status.success() {
            return Err(LocalPgError::Command {
                what: "pg_ctl start",
                detail: format!(
                    "{} (log: {})",
                    String::from_utf8_lossy(&status.stderr).trim(),
                    log.display()
                ),
            });
        }
        let started = Instant::now();
        while !self.socket_dir.join(format!(".s.PGSQL.{PORT}")).exists() {
            if started.elapsed() > Duration::from_secs(30) {
                return Err(LocalPgError::Timeout(log));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(())
    }
}

impl Drop for LocalPostgres {
    fn drop(&mut self) {
        if self.stop_on_drop {
            self.stop();
        }
    }
}

/// The folder holding `initdb`, `pg_ctl` and `postgres`: `PATH` first, then the versioned
/// folders under `lib_root` (Debian's `/usr/lib/postgresql/<version>/bin`, newest first).
fn find_bin_dir(path: Option<&std::ffi::OsStr>, lib_root: &Path) -> Option<PathBuf> {
    let has_all = |dir: &Path| {
        ["initdb", "pg_ctl", "postgres"]
            .iter()
            .all(|b| dir.join(b).is_file())
    };
    if let Some(path) = path {
        for dir in std::env::split_paths(path) {
            if has_all(&dir) {
                // Follow symlinks so that `postgres` finds its share folder.
                let real = dir.join("initdb").canonicalize().ok()?;
                return real.parent().map(Path::to_path_buf);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir(lib_root)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin")))
        })
        .filter(|(_, dir)| has_all(dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir)
}

/// The uid and gid of `postgres`, or of `nobody` when that user does not exist.
fn unprivileged_user() -> (u32, u32) {
    for name in ["postgres", "nobody"] {
        let c = CString::new(name).expect("no NUL");
        // SAFETY: getpwnam returns a pointer to static storage or null; read immediately.
        let pw = unsafe { libc::getpwnam(c.as_ptr()) };
        if !pw.is_null() {
            let pw = unsafe { &*pw };
            return (pw.pw_uid, pw.pw_gid);
        }
    }
    (65534, 65534)
}

/// A small stable hash for naming the socket folder (FNV-1a).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_bin(dir: &Path) {
        fs::create_dir_all(dir).unwrap();
        for b in ["initdb", "pg_ctl", "postgres"] {
            fs::write(dir.join(b), "").unwrap();
        }
    }

    #[test]
    fn binaries_are_found_on_path_or_in_the_newest_versioned_folder() {
        let root = std::env::temp_dir().join(format!("portal-findbin-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let empty = root.join("empty");
        fs::create_dir_all(&empty).unwrap();
        let lib = root.join("lib");
        assert_eq!(
            find_bin_dir(Some(empty.as_os_str()), &lib),
            None,
            "nothing installed"
        );
        fake_bin(&lib.join("13/bin"));
        fake_bin(&lib.join("15/bin"));
        assert_eq!(
            find_bin_dir(Some(empty.as_os_str()), &lib),
            Some(lib.join("15/bin"))
        );
        let on_path = root.join("path");
        fake_bin(&on_path);
        assert_eq!(
            find_bin_dir(Some(on_path.as_os_str()), &lib),
            Some(on_path.canonicalize().unwrap())
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn without_binaries_the_message_says_what_to_do_in_one_sentence() {
        let msg = LocalPgError::NotInstalled.to_string();
        assert!(msg.contains("install PostgreSQL") && msg.contains("DATABASE_URL"));
        assert_eq!(msg.matches(". ").count(), 0, "one sentence: {msg}");
    }
}
