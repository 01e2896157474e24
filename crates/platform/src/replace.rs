//! Crash-safe file replacement: write a temporary file beside the target,
//! flush it to disk, rename it over the target, flush the folder. A crash
//! at any point leaves the old file or the new one, never half of one.
//!
//! On Windows a rename over a file that another process holds open
//! without sharing deletion fails for as long as it is held; the rename is
//! tried again for a while (`held`). Our own readers open files with every
//! sharing mode (Rust's default), and `std::fs::rename` replaces with
//! POSIX semantics where Windows has them, so they never block a writer.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

/// How long a rename keeps trying while another program holds the target.
const HELD_FOR_AT_MOST: Duration = Duration::from_secs(5);

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    crate::private::create_dir(dir)?;
    // tempfile creates the file 0600 (on Windows it inherits the folder's
    // ACL); the rename keeps that.
    let mut temp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    // Closed before the rename: Windows renames a file nobody holds.
    let temp = temp.into_temp_path();
    crate::held::retry_while_held(HELD_FOR_AT_MOST, || std::fs::rename(&temp, path))?;
    // Renamed away: nothing is left for the guard to delete.
    let _ = temp.keep();
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) {
    // Makes the rename itself durable; best effort.
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Windows makes a rename durable with the file system's own journal;
/// a folder cannot be opened for flushing.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let dir = dir.path().join("Åsa Öberg");
        let path = dir.join("state.json");
        write_atomic(&path, b"one").expect("first");
        write_atomic(&path, b"two").expect("second");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir).expect("list").map(|e| e.expect("entry").file_name()).collect();
        assert_eq!(names, ["state.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("file").permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_reader_holding_the_file_does_not_block_the_writer() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("state.json");
        write_atomic(&path, b"old").expect("first");
        let held = std::fs::File::open(&path).expect("held open, as our readers open it");
        // Windows 10 and 11 replace it at once (POSIX semantics); older
        // systems and Wine once the reader lets go, a moment later.
        let reader = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(held);
        });
        write_atomic(&path, b"new").expect("replaced while held");
        reader.join().expect("reader");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
    }
}
