//! Windows behaviour that needs the real system calls, other processes and
//! the real Credential Manager and Task Scheduler. Compiled for Windows
//! and run under Wine by scripts/test.sh (docs/platform.md, "Windows").
//! Helper processes are this test binary run again with
//! `FORTNOX_PLATFORM_CHILD` set, doing one thing each.

#![cfg(windows)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use fortnox_platform::{keyring, private, replace, schedule, under_wine};

const CHILD: &str = "FORTNOX_PLATFORM_CHILD";

/// Starts this binary again to run `child_process` with `role` on `path`.
fn spawn_child(role: &str, path: &Path) -> Child {
    Command::new(std::env::current_exe().expect("test exe"))
        .args(["--exact", "child_process", "--nocapture", "--test-threads", "1"])
        .env(CHILD, format!("{role}|{}", path.display()))
        .spawn()
        .expect("child starts")
}

fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        assert!(Instant::now() < deadline, "the helper process never reached {}", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a helper process does; a no-op in a normal test run.
#[test]
fn child_process() {
    let Ok(job) = std::env::var(CHILD) else { return };
    let (role, path) = job.split_once('|').expect("role|path");
    let path = PathBuf::from(path);
    let ready = path.with_extension("ready");
    match role {
        // Holds the file open without sharing deletion, as a scanner or an
        // editor may, for a moment.
        "hold-without-delete-sharing" => {
            use std::os::windows::fs::OpenOptionsExt;
            const FILE_SHARE_READ: u32 = 1;
            const FILE_SHARE_WRITE: u32 = 2;
            let file = std::fs::OpenOptions::new()
                .read(true)
                .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE)
                .open(&path)
                .expect("opened");
            std::fs::write(&ready, b"").expect("ready");
            std::thread::sleep(Duration::from_millis(600));
            drop(file);
        }
        // Holds the lock on the file until told to let go.
        "lock" => {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .expect("opened");
            file.lock().expect("locked");
            std::fs::write(&ready, b"").expect("ready");
            wait_for(&path.with_extension("release"));
            // Closing the file lets go of the lock (FileLock's drop too).
            drop(file);
        }
        other => panic!("unknown helper role {other}"),
    }
}

fn user_folder() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = root.path().join("Users").join("Åsa Öberg").join("AppData").join("Local").join("fortnox-connect");
    (root, dir)
}

#[test]
fn the_data_folder_grants_this_user_alone_with_an_acl() {
    let (_root, dir) = user_folder();
    replace::write_atomic(&dir.join("profiles").join("p").join("state.json"), b"{}").expect("written");
    private::create_dir(&dir).expect("the data folder");
    // Wine accepts an ACL and answers with one made from the Unix mode
    // instead: what was set can be read back only on real Windows.
    if !under_wine() {
        assert!(private::is_private(&dir).expect("ACL read"), "the data folder");
        assert!(private::is_private(&dir.join("profiles").join("p")).expect("ACL read"), "a folder inside");
    }
}

#[test]
fn a_file_held_without_delete_sharing_is_replaced_once_let_go() {
    let (_root, dir) = user_folder();
    let path = dir.join("state.json");
    replace::write_atomic(&path, b"old").expect("first");
    let mut holder = spawn_child("hold-without-delete-sharing", &path);
    wait_for(&path.with_extension("ready"));
    replace::write_atomic(&path, b"new").expect("replaced once the other process let go");
    assert!(holder.wait().expect("helper").success());
    assert_eq!(std::fs::read(&path).expect("read"), b"new");
}

#[test]
fn a_login_profile_is_removed_once_its_browser_lets_go() {
    let (_root, dir) = user_folder();
    let profile = dir.join("login-profiles").join("7f3a");
    let held = profile.join("EBWebView").join("Default").join("Cookies");
    private::write(&held, b"session").expect("a file inside");
    let mut holder = spawn_child("hold-without-delete-sharing", &held);
    wait_for(&held.with_extension("ready"));
    private::remove_dir_all_when_free(&profile, Duration::from_secs(10)).expect("removed once let go");
    assert!(holder.wait().expect("helper").success());
    assert!(!profile.exists());
}

#[test]
fn a_file_lock_is_held_across_processes() {
    let (_root, dir) = user_folder();
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("refresh.lock");
    let mut holder = spawn_child("lock", &path);
    wait_for(&path.with_extension("ready"));
    let file = std::fs::OpenOptions::new().read(true).write(true).open(&path).expect("opened");
    assert!(matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)), "another process holds it");
    std::fs::write(path.with_extension("release"), b"").expect("release");
    assert!(holder.wait().expect("helper").success());
    file.try_lock().expect("free once the other process let go");
}

#[test]
fn a_4_kib_token_round_trips_through_credential_manager() {
    let service = format!("fortnox-connect-test/{}", std::process::id());
    let token: String = (0..4096).map(|i| char::from(b'A' + (i % 26) as u8)).collect();
    let keyring = keyring::Keyring::os(&service);
    keyring.set("connection/access-token", &token).expect("stored");
    assert_eq!(keyring.get("connection/access-token").expect("read").as_deref(), Some(&token));
    keyring.delete("connection/access-token").expect("deleted");
    assert!(keyring.get("connection/access-token").expect("read").is_none());
    // Why the pieces exist: one credential refuses it.
    let single = ::keyring::Entry::new(&service, "single").expect("entry");
    assert!(single.set_secret(token.as_bytes()).is_err(), "Credential Manager's limit is 2,560 bytes");
}

#[test]
fn the_keep_alive_task_is_registered_and_removed() {
    let task = schedule::KeepAliveTask {
        program: PathBuf::from(r"C:\Users\Åsa Öberg\AppData\Local\Programs\Fortnox Connect\fortnox-connect-app.exe"),
        arguments: vec!["--keepalive".into()],
        description: "Renews Åsa's connections".into(),
    };
    // Wine keeps tasks as files, and has no `schtasks /query`.
    let registered = || {
        if under_wine() {
            Path::new(r"C:\windows\system32\tasks").join(schedule::TASK_NAME).exists()
        } else {
            schedule::is_installed().expect("queried")
        }
    };
    let _ = schedule::remove();
    schedule::install(&task).expect("registered");
    assert!(registered());
    if under_wine() {
        // Wine keeps the settings and the description of a task, but not
        // yet its triggers and actions (task_xml's unit test checks those).
        let saved = std::fs::read(Path::new(r"C:\windows\system32\tasks").join(schedule::TASK_NAME)).expect("task");
        let text = String::from_utf8_lossy(&saved);
        assert!(text.contains("<Description>Renews Åsa's connections</Description>"), "{text}");
        assert!(text.contains("<StartWhenAvailable>true</StartWhenAvailable>"), "{text}");
    }
    schedule::install(&task).expect("registered again over the first");
    assert!(schedule::remove().expect("removed"));
    assert!(!registered());
    assert!(!schedule::remove().expect("nothing to remove"));
}
