//! Folders and files only this user can read. On Unix: folders 0700,
//! files 0600. On Windows, modes mean nothing: a folder gets an ACL that
//! grants this user alone, marked protected so nothing from the parent is
//! inherited, and files created inside inherit it.

use std::io::Write;
use std::path::Path;

/// Creates `dir` and its missing parents, readable by this user only. A
/// folder that exists already is tightened (an older version, or another
/// program, may have created it open to others).
pub fn create_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    restrict(dir)
}

#[cfg(unix)]
fn restrict(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

#[cfg(windows)]
fn restrict(dir: &Path) -> std::io::Result<()> {
    crate::windows_acl::restrict_to_current_user(dir)
}

#[cfg(not(any(unix, windows)))]
fn restrict(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Whether only this user may read `dir` (its mode on Unix, its ACL on
/// Windows), for tests and diagnostics.
pub fn is_private(dir: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Ok(std::fs::metadata(dir)?.permissions().mode() & 0o077 == 0)
    }
    #[cfg(windows)]
    {
        crate::windows_acl::grants_current_user_only(dir)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = dir;
        Ok(false)
    }
}

/// Open options for a file only this user may read (0600 when created on
/// Unix; on Windows the file inherits its private folder's ACL).
pub fn options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

/// A new private file in `dir` named `stem.ext`, or `stem-2.ext`,
/// `stem-3.ext` … when that is taken: never an existing file, nor one that
/// appears meanwhile, nor a link someone placed there (`create_new`
/// follows no link). For exports into a folder others may write to.
pub fn create_new_numbered(dir: &Path, stem: &str, ext: &str) -> std::io::Result<(std::fs::File, std::path::PathBuf)> {
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        match options().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((file, path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("no free name for {stem}.{ext} in {}", dir.display()),
    ))
}

/// Writes `bytes` to `path` (a private file in a private folder) and
/// flushes it.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        create_dir(dir)?;
    }
    let mut file = options().write(true).create(true).truncate(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Removes `dir` and everything in it, trying again for up to `wait`
/// while a process that is ending still holds a file in it (on Windows,
/// the WebView2 browser of a login window that just closed). A folder
/// that is not there is fine.
pub fn remove_dir_all_when_free(dir: &Path, wait: std::time::Duration) -> std::io::Result<()> {
    crate::held::retry_while_held(wait, || match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_and_its_files_are_private() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("Åsa Öberg").join("fortnox connect");
        write(&dir.join("state.json"), b"x").expect("written");
        // Wine accepts an ACL but does not keep it (tests/windows.rs).
        if crate::under_wine() {
            return;
        }
        assert!(is_private(&dir).expect("read back"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("state.json")).expect("file").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[test]
    fn an_export_never_overwrites_nor_follows_what_is_there() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("list.csv"), b"someone's").expect("planted");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("target"), dir.path().join("list-2.csv")).expect("a link");
        let (_, path) = create_new_numbered(dir.path(), "list", "csv").expect("a new file");
        let expected = if cfg!(unix) { "list-3.csv" } else { "list-2.csv" };
        assert_eq!(path.file_name().and_then(|n| n.to_str()), Some(expected));
        assert_eq!(std::fs::read(dir.path().join("list.csv")).expect("kept"), b"someone's");
        assert!(!dir.path().join("target").exists(), "the link was not followed");
    }

    #[cfg(unix)]
    #[test]
    fn an_open_folder_is_tightened() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("a/b");
        std::fs::create_dir_all(&dir).expect("created");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("opened");
        assert!(!is_private(&dir).expect("mode"));
        create_dir(&dir).expect("tightened");
        assert_eq!(std::fs::metadata(&dir).expect("dir").permissions().mode() & 0o777, 0o700);
    }
}
