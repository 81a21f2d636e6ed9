//! A private PostgreSQL cluster for zero-configuration runs and for the test harness.
//!
//! When `DATABASE_URL` is unset, `cargo run` and `cargo test` start their own server from the
//! PostgreSQL binaries on the machine (`initdb`, `postgres`, `pg_ctl` on `PATH` or under
//! `/usr/lib/postgresql/*/bin`). The server listens only on a unix socket inside its data folder,
//! so it never clashes with a system server, and it is stopped when [`LocalPostgres`] is dropped.
//!
//! Private by default: the socket's folder is `0700`, every connection needs the password
//! (SCRAM) generated at `initdb` and kept in `<root>/password` (`0600`), and the server's log
//! records no row values (`log_error_verbosity = terse` drops the DETAIL lines that quote a
//! duplicate key; statements that fail are not logged). A cluster for the portal's own data keeps
//! `fsync` on; only the test harness's throwaway cluster turns durability off for speed.
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
    Command {
        /// What was run.
        what: &'static str,
        /// Its error output.
        detail: String,
    },
    /// Filesystem trouble.
    #[error("cannot prepare {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Running as root, the server's user cannot reach the cluster's folder.
    #[error(
        "PostgreSQL refuses to run as root, so the private cluster runs as the `postgres` user, \
         which cannot enter {blocked} (mode {mode:o}): choose a folder it can reach with \
         --var-dir or PORTAL_VAR_DIR (for example /var/tmp/portal), or set DATABASE_URL to a \
         running PostgreSQL"
    )]
    Unreachable {
        /// The first folder on the way that the user may not enter.
        blocked: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The server did not come up in time.
    #[error("the private PostgreSQL server did not start within 30 s; see {0}")]
    Timeout(PathBuf),
}

/// Whether a cluster's data must survive a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `fsync` on: the portal's own data (`cargo run`).
    Durable,
    /// `fsync`, synchronous commit and full-page writes off: a test run's throwaway databases.
    Throwaway,
}

/// A running private cluster; stopped on drop (unless [`LocalPostgres::keep`] was called).
pub struct LocalPostgres {
    bin: PathBuf,
    root: PathBuf,
    data: PathBuf,
    socket_dir: PathBuf,
    run_as: Option<(u32, u32)>,
    password: String,
    stop_on_drop: bool,
}

impl std::fmt::Debug for LocalPostgres {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalPostgres")
            .field("data", &self.data)
            .field("socket_dir", &self.socket_dir)
            .finish_non_exhaustive()
    }
}

const PORT: u16 = 5432;

/// The file under the cluster's root that keeps the `postgres` role's password.
const PASSWORD_FILE: &str = "password";

impl LocalPostgres {
    /// Finds the server binaries, creating (first time) and starting a durable cluster under
    /// `root`.
    ///
    /// `root` holds `data/` and the socket; re-using a folder re-uses its databases.
    pub fn start(root: &Path) -> Result<Self, LocalPgError> {
        Self::start_with(root, Durability::Durable)
    }

    /// Like [`LocalPostgres::start`], with the durability asked for.
    pub fn start_with(root: &Path, durability: Durability) -> Result<Self, LocalPgError> {
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
        set_mode(root, 0o700).map_err(io(root))?;
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
            set_mode(&short, 0o700).map_err(io(&short))?;
            short
        };
        if let Some((uid, gid)) = run_as {
            if let Some((blocked, mode)) = closed_ancestor(&root, uid, gid) {
                return Err(LocalPgError::Unreachable { blocked, mode });
            }
            chown(&root, Some(uid), Some(gid)).map_err(io(&root))?;
            chown(&socket_dir, Some(uid), Some(gid)).map_err(io(&socket_dir))?;
        }
        let password_file = root.join(PASSWORD_FILE);
        let fresh = !data.join("PG_VERSION").exists();
        let password = match fs::read_to_string(&password_file) {
            Ok(p) if !fresh && !p.trim().is_empty() => p.trim().to_owned(),
            _ => {
                let p = crate::auth::random_token();
                write_private(&password_file, &p, run_as).map_err(io(&password_file))?;
                p
            }
        };
        let mut this = Self {
            bin,
            root: root.clone(),
            data,
            socket_dir,
            run_as,
            password,
            stop_on_drop: true,
        };
        if fresh {
            this.initdb(&password_file)?;
        } else {
            this.require_password()?;
        }
        if this.is_running() {
            // Another instance sharing the folder started it: that one stops it, never this one
            // (issue #22: a second `cargo run` left the first without its database).
            this.stop_on_drop = false;
        } else {
            this.pg_ctl_start(durability)?;
        }
        Ok(this)
    }

    /// A streaming replica of this server in the folder `root`, started: `pg_basebackup -R`
    /// copies this cluster and makes the copy a standby that follows it and answers read-only
    /// queries (for the read replica's tests and drills).
    pub fn standby(&self, root: &Path, durability: Durability) -> Result<Self, LocalPgError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LocalPgError::Io { path, source }
        };
        fs::create_dir_all(root).map_err(io(root))?;
        set_mode(root, 0o700).map_err(io(root))?;
        if let Some((uid, gid)) = self.run_as {
            chown(root, Some(uid), Some(gid)).map_err(io(root))?;
        }
        let root = root.canonicalize().map_err(io(root))?;
        let password_file = root.join(PASSWORD_FILE);
        write_private(&password_file, &self.password, self.run_as).map_err(io(&password_file))?;
        run(
            "pg_basebackup",
            self.command("pg_basebackup")
                .args(["-R", "-X", "stream", "-c", "fast", "-D"])
                .arg(root.join("data"))
                .arg("-d")
                .arg(format!(
                    "host={} port={PORT} user=postgres password={}",
                    self.socket_dir.display(),
                    self.password
                ))
                .output(),
        )?;
        Self::start_with(&root, durability)
    }

    /// A libpq-style URL of database `db` on this server (the socket folder as host).
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgresql:///{db}?user=postgres&password={}&host={}&port={PORT}",
            self.password,
            self.socket_dir.display()
        )
    }

    /// The server's log file (written by PostgreSQL; it holds no row values).
    pub fn log_file(&self) -> PathBuf {
        self.root.join("server.log")
    }

    /// Leaves the server running after this value is dropped.
    pub fn keep(&mut self) {
        self.stop_on_drop = false;
    }

    /// Stops the server (fast shutdown).
    pub fn stop(&self) {
        self.stop_in("fast");
    }

    /// Stops the server as a crash would (immediate shutdown: the next start recovers from the
    /// write-ahead log). For crash drills.
    pub fn stop_immediately(&self) {
        self.stop_in("immediate");
    }

    fn stop_in(&self, mode: &str) {
        let _ = self
            .command("pg_ctl")
            .args(["stop", "-m", mode, "-w", "-D"])
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

    fn initdb(&self, password_file: &Path) -> Result<(), LocalPgError> {
        run(
            "initdb",
            self.command("initdb")
                .args(["-A", "scram-sha-256", "--pwfile"])
                .arg(password_file)
                .args([
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C.UTF-8",
                    "-D",
                ])
                .arg(&self.data)
                .output(),
        )?;
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

    /// A cluster made before passwords were required (`initdb -A trust`) gets one: the role's
    /// password is set and `pg_hba.conf` rewritten to ask for it.
    fn require_password(&self) -> Result<(), LocalPgError> {
        let hba = self.data.join("pg_hba.conf");
        let current = fs::read_to_string(&hba).unwrap_or_default();
        if !current
            .lines()
            .any(|l| l.split_whitespace().any(|w| w == "trust"))
        {
            return Ok(());
        }
        let was_running = self.is_running();
        if !was_running {
            self.pg_ctl_start(Durability::Durable)?;
        }
        run(
            "setting the private cluster's password",
            self.command("psql")
                .args(["-X", "-q", "-h"])
                .arg(&self.socket_dir)
                .args([
                    "-p",
                    &PORT.to_string(),
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-c",
                ])
                .arg(format!("ALTER ROLE postgres PASSWORD '{}'", self.password))
                .output(),
        )?;
        let rewritten: String = current
            .lines()
            .map(|l| {
                if l.trim_start().starts_with('#') {
                    l.to_owned()
                } else {
                    l.replace("trust", "scram-sha-256")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(&hba, rewritten + "\n").map_err(|source| LocalPgError::Io {
            path: hba.clone(),
            source,
        })?;
        self.stop();
        if was_running {
            self.pg_ctl_start(Durability::Durable)?;
        }
        Ok(())
    }

    fn pg_ctl_start(&self, durability: Durability) -> Result<(), LocalPgError> {
        let log = self.log_file();
        let socket = self.socket_dir.display().to_string();
        let durability = match durability {
            Durability::Durable => "-c fsync=on",
            Durability::Throwaway => {
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            }
        };
        // No row values in the server's log: terse errors (no DETAIL quoting a duplicate key),
        // and a failing statement is not logged with its parameters.
        let options = format!(
            "-c listen_addresses='' -c unix_socket_directories='{socket}' \
             -c unix_socket_permissions=0700 -p {PORT} {durability} -c max_connections=300 \
             -c log_error_verbosity=terse -c log_min_error_statement=panic \
             -c log_statement=none"
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

/// `output` of a command: its error output as the error when it could not run or failed.
fn run(
    what: &'static str,
    output: std::io::Result<std::process::Output>,
) -> Result<(), LocalPgError> {
    let out = output.map_err(|e| LocalPgError::Command {
        what,
        detail: e.to_string(),
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(LocalPgError::Command {
            what,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// The first folder above `path` that user `uid` (group `gid`) may not enter, with its mode.
fn closed_ancestor(path: &Path, uid: u32, gid: u32) -> Option<(PathBuf, u32)> {
    use std::os::unix::fs::MetadataExt;
    path.ancestors().skip(1).find_map(|dir| {
        let meta = fs::metadata(dir).ok()?;
        let mode = meta.mode() & 0o7777;
        let bit = if meta.uid() == uid {
            0o100
        } else if meta.gid() == gid {
            0o010
        } else {
            0o001
        };
        (mode & bit == 0).then(|| (dir.to_path_buf(), mode))
    })
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

/// Makes `dir` (created when missing) private to this process's user: `0700`. As root, the
/// private cluster's server runs as another user that must pass through `dir` to reach its data
/// folder: then `0710` with that user's group, which may enter but not list it.
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    if unsafe { libc::geteuid() } == 0 {
        let (_, gid) = unprivileged_user();
        chown(dir, None, Some(gid))?;
        set_mode(dir, 0o710)
    } else {
        set_mode(dir, 0o700)
    }
}

/// The uid and gid of `postgres`, or of `nobody` when that user does not exist.
#[expect(clippy::expect_used, reason = "the two names are literals without NUL")]
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

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// Writes `text` to a new `0600` file (owned by the server's user when running as root).
fn write_private(path: &Path, text: &str, owner: Option<(u32, u32)>) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let _ = fs::remove_file(path);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())?;
    if let Some((uid, gid)) = owner {
        chown(path, Some(uid), Some(gid))?;
    }
    Ok(())
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
    fn a_private_folder_on_the_way_is_named_with_what_to_do() {
        use std::os::unix::fs::PermissionsExt;
        let home =
            std::env::temp_dir().join(format!("portal-home-{}", crate::auth::random_token()));
        let root = home.join("checkout/var/pg");
        fs::create_dir_all(&root).unwrap();
        fs::set_permissions(&home, fs::Permissions::from_mode(0o700)).unwrap();
        // Another user (not the owner, not in its group) cannot enter the 0700 folder.
        let (blocked, mode) = closed_ancestor(&root, 64_999, 64_999).expect("blocked");
        assert_eq!((blocked.as_path(), mode), (home.as_path(), 0o700));
        let message = LocalPgError::Unreachable { blocked, mode }.to_string();
        assert!(
            message.contains("--var-dir") && message.contains("mode 700"),
            "{message}"
        );
        fs::set_permissions(&home, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(closed_ancestor(&root, 64_999, 64_999), None);
        fs::remove_dir_all(&home).unwrap();
    }

    #[test]
    fn without_binaries_the_message_says_what_to_do_in_one_sentence() {
        let msg = LocalPgError::NotInstalled.to_string();
        assert!(msg.contains("install PostgreSQL") && msg.contains("DATABASE_URL"));
        assert_eq!(msg.matches(". ").count(), 0, "one sentence: {msg}");
    }
}
