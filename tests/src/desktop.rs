//! The real app, driven over WebDriver.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::prelude::*;
use thirtyfour::{Capabilities, WebElement};

use crate::paths;

const WAIT: Duration = Duration::from_secs(20);

/// How to start the app.
#[derive(Default)]
pub struct Launch {
    /// A profile file; `None` = the built-in sandbox profile.
    pub profile: Option<PathBuf>,
    /// Interface language passed with `--lang`.
    pub lang: Option<&'static str>,
    /// A data directory to reuse (e.g. to test a restart); default: fresh.
    pub data_dir: Option<PathBuf>,
    /// Extra environment for the app.
    pub env: Vec<(String, String)>,
    /// Another program than the debug build (the installed package's).
    pub app: Option<PathBuf>,
}

impl Launch {
    /// The app in English on `data`, for a direct-mode fixture: its client
    /// secret in the environment, as an in-house integration keeps it.
    pub fn direct(fixture: &crate::Fixture, data: &std::path::Path) -> Launch {
        Launch {
            profile: Some(fixture.profile.clone()),
            lang: Some("en"),
            data_dir: Some(data.to_path_buf()),
            env: vec![(crate::fixture::CLIENT_SECRET_ENV.into(), fortnox_sandbox::seed::DEMO_CLIENT_SECRET.into())],
            app: None,
        }
    }
}

/// A running app with a WebDriver session. Call `quit` at the end; `Drop`
/// cleans up too if a test panics.
pub struct Desktop {
    pub driver: WebDriver,
    tauri_driver: Child,
    pub data_dir: PathBuf,
    _data_tmp: Option<tempfile::TempDir>,
    name: String,
    shots: usize,
}

fn wait_for_port(what: &str, port: u16, within: Duration) {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect_timeout(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)), Duration::from_millis(200))
            .is_ok()
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not listen on port {port} within {within:?}");
}

fn tauri_driver_path() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|h| h.join("bin").join(format!("tauri-driver{}", std::env::consts::EXE_SUFFIX)));
    match cargo_bin {
        Some(path) if path.is_file() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Two different free ports: both are bound at once before either is let
/// go. Asked one after the other, the system can hand out the same port
/// twice, and tauri-driver and WebKitWebDriver then fight over it.
fn two_free_ports() -> (u16, u16) {
    let bind = || std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).expect("a free port on 127.0.0.1");
    let (a, b) = (bind(), bind());
    let port = |l: &std::net::TcpListener| l.local_addr().expect("bound").port();
    (port(&a), port(&b))
}

impl Desktop {
    /// Starts the app and opens a WebDriver session on its main window.
    /// `name` names the screenshots.
    pub async fn launch(name: &str, launch: Launch) -> Desktop {
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "end-to-end tests need a display: run them through scripts/test.sh (it starts Xvfb)"
        );
        let (data_dir, data_tmp) = match launch.data_dir {
            Some(dir) => (dir, None),
            None => {
                let tmp = tempfile::tempdir().expect("temp dir");
                (tmp.path().to_path_buf(), Some(tmp))
            }
        };
        let app = launch.app.clone().unwrap_or_else(|| paths::built_binary("fortnox-connect-app"));
        let (port, native_port) = two_free_ports();
        let log = std::fs::File::create(paths::artifacts_dir().join(format!("{name}.app.log"))).expect("log file");
        let mut command = Command::new(tauri_driver_path());
        // Its own process group, so quitting takes WebKitWebDriver and the
        // app with it even when a test panicked.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        command.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()]);
        // Windows: tauri-driver drives WebView2 through Microsoft's
        // msedgedriver, which it does not find by itself.
        if let Some(native) = std::env::var_os("FORTNOX_CONNECT_NATIVE_DRIVER") {
            command.arg("--native-driver").arg(native);
        }
        command
            .env("NO_AT_BRIDGE", "1")
            .env(crate::fixture::CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET)
            .stdout(Stdio::from(log.try_clone().expect("log file")))
            .stderr(Stdio::from(log));
        for (k, v) in &launch.env {
            command.env(k, v);
        }
        let tauri_driver = command.spawn().expect("tauri-driver starts (cargo install tauri-driver)");
        wait_for_port("tauri-driver", port, Duration::from_secs(15));
        // tauri-driver starts WebKitWebDriver and passes the session on to
        // it without waiting: a session asked for too early is refused.
        wait_for_port("WebKitWebDriver", native_port, Duration::from_secs(15));

        let mut args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
        if let Some(profile) = &launch.profile {
            args.extend(["--profile".to_string(), profile.display().to_string()]);
        }
        if let Some(lang) = launch.lang {
            args.extend(["--lang".to_string(), lang.to_string()]);
        }
        // thirtyfour's reqwest has no default TLS provider in this workspace.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").expect("caps");
        caps.set("tauri:options", json!({ "application": app, "args": args })).expect("caps");
        let driver =
            WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.expect("WebDriver session with the app");
        Desktop { driver, tauri_driver, data_dir, _data_tmp: data_tmp, name: name.to_string(), shots: 0 }
    }

    /// Waits for an element with `data-testid`.
    pub async fn by_test_id(&self, id: &str) -> WebElement {
        self.wait_css(&format!("[data-testid=\"{id}\"]")).await
    }

    pub async fn wait_css(&self, css: &str) -> WebElement {
        self.driver
            .query(By::Css(css))
            .wait(WAIT, Duration::from_millis(100))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` within {WAIT:?}: {e}"))
    }

    /// Waits until the element's text equals `expected`.
    pub async fn wait_text(&self, id: &str, expected: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.driver.find(By::Css(format!("[data-testid=\"{id}\"]"))).await {
                last = element.text().await.unwrap_or_default();
                if last == expected {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{id}` should read {expected:?} but reads {last:?}");
    }

    /// Waits until the element's text starts with `prefix`; returns it.
    pub async fn wait_text_starting(&self, id: &str, prefix: &str) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.driver.find(By::Css(format!("[data-testid=\"{id}\"]"))).await {
                last = element.text().await.unwrap_or_default();
                if last.starts_with(prefix) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{id}` should start with {prefix:?} but reads {last:?}");
    }

    pub async fn text(&self, id: &str) -> String {
        self.by_test_id(id).await.text().await.expect("element text")
    }

    /// Clicks the element, as soon as it can be clicked: a card just put on
    /// screen may be laid out a frame later (the list lets the browser skip
    /// cards it has not shown yet), and a person would click a moment later.
    pub async fn click(&self, id: &str) {
        let mut last = String::new();
        for _ in 0..50 {
            match self.by_test_id(id).await.click().await {
                Ok(()) => return,
                Err(e) if e.to_string().contains("not interactable") => {
                    last = e.to_string();
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click `{id}`: {e}"),
            }
        }
        panic!("click `{id}`: still not interactable after 5 s: {last}");
    }

    /// Saves a PNG of the window into the artifacts folder and returns its
    /// path. The page is asked for two animation frames first, so the shot
    /// shows the current state rather than the previous paint.
    pub async fn screenshot(&mut self, label: &str) -> PathBuf {
        let _ = self
            .driver
            .execute_async(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        self.shots += 1;
        let path = paths::artifacts_dir().join(format!("{}-{:02}-{label}.png", self.name, self.shots));
        self.driver.screenshot(&path).await.expect("screenshot");
        path
    }

    /// Saves a PNG of the whole screen (the login window over the app),
    /// numbered with the window screenshots.
    pub fn screen_shot(&mut self, label: &str) -> PathBuf {
        self.shots += 1;
        let path = paths::artifacts_dir().join(format!("{}-{:02}-{label}.png", self.name, self.shots));
        let _ = Command::new("import").args(["-window", "root"]).arg(&path).status();
        path
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The app's visible top-level X windows, whatever their titles: the
    /// main window, and a login window while one is open. Counted by the
    /// window's process, so a popup with any title is counted too.
    pub fn windows(&self) -> Vec<String> {
        let Some(pid) = self.app_pid() else {
            return vec![];
        };
        crate::login::xdotool(&["search", "--onlyvisible", "--pid", &pid.to_string()])
            .lines()
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The app's process id (a grandchild of tauri-driver), found by its
    /// data directory.
    pub fn app_pid(&self) -> Option<u32> {
        let needle = self.data_dir.display().to_string();
        std::fs::read_dir("/proc").ok()?.flatten().find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            let args: Vec<String> =
                cmdline.split(|b| *b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
            let is_app = args.first().is_some_and(|a| a.ends_with("fortnox-connect-app"));
            (is_app && args.contains(&needle)).then_some(pid)
        })
    }

    /// The app's web processes' value of an environment variable, one
    /// entry per web process (`None` where it is not set).
    pub fn web_process_env(&self, var: &str) -> Vec<Option<String>> {
        let Some(app) = self.app_pid() else { return vec![] };
        let prefix = format!("{var}=");
        crate::procs::descendants(app)
            .into_iter()
            .filter(|pid| {
                std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.starts_with("WebKitWebProc"))
            })
            .map(|pid| {
                let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
                environ
                    .split(|b| *b == 0)
                    .map(String::from_utf8_lossy)
                    .find_map(|entry| entry.strip_prefix(&prefix).map(str::to_string))
            })
            .collect()
    }

    /// kill -9 the app (the session and tauri-driver go too).
    pub async fn kill_app(mut self) {
        if let Some(pid) = self.app_pid() {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
        }
        self.kill_all();
    }

    /// Ends the session (closing the app) and stops tauri-driver.
    pub async fn quit(mut self) {
        let driver = self.driver.clone();
        let _ = tokio::time::timeout(Duration::from_secs(10), driver.quit()).await;
        self.kill_all();
    }

    /// Kills tauri-driver's whole process group: WebKitWebDriver and the
    /// app go too. WebKitWebDriver allows one session at a time, and a
    /// left-over app would leave its windows for the next test.
    fn kill_all(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.tauri_driver.id())]).status();
        #[cfg(windows)]
        let _ = Command::new("taskkill").args(["/F", "/T", "/PID", &self.tauri_driver.id().to_string()]).status();
        let _ = self.tauri_driver.wait();
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        self.kill_all();
    }
}
