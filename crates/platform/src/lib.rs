//! What differs per operating system, in one place, so the rest of the
//! product is written once:
//!
//! - [`private`]: folders and files only this user can read (modes 0700 and
//!   0600 on Unix, an owner-only ACL on Windows);
//! - [`replace`]: crash-safe replacement of a file, also while another
//!   process has it open (Windows);
//! - [`keyring`] (feature `keyring`): the OS keyring, with values split
//!   across entries where one entry is too small (Windows' Credential
//!   Manager holds 2,560 bytes);
//! - [`net`]: a loopback port no other program can share (Windows);
//! - [`schedule`]: the daily keep-alive as a per-user Task Scheduler job on
//!   Windows (Linux's .deb ships a systemd user timer instead);
//! - [`notify`] (feature `notify`): desktop notifications, and whether one
//!   was clicked.
//!
//! docs/platform.md says what was verified on which system.

#![warn(clippy::unwrap_used)]

mod held;
#[cfg(feature = "keyring")]
pub mod keyring;
pub mod net;
#[cfg(feature = "notify")]
pub mod notify;
pub mod private;
pub mod replace;
pub mod schedule;
#[cfg(windows)]
mod windows_acl;

/// Whether this Windows program runs under Wine, which accepts but does
/// not keep file ACLs and has no `schtasks /query` (docs/platform.md).
/// Only tests ask, to check those on real Windows alone.
#[doc(hidden)]
pub fn under_wine() -> bool {
    cfg!(windows) && std::path::Path::new(r"C:\windows\system32\winecfg.exe").exists()
}
