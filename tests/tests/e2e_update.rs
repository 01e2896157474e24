//! The app's own updates on the real path (docs/updates.md): the app
//! looks at its profile's feed after the start, downloads and verifies a
//! newer version and offers it quietly; every bad update is refused with
//! its catalogue code while the installed version keeps running — one
//! tampered with, unsigned, signed with another key, older, for another
//! platform, a feed that is down, slow or huge, a package cut short — and
//! a copy that was not installed from a package is never replaced.
//! `tests/tests/e2e_update.rs::a_deb_updates_in_place` installs a real
//! .deb N and updates it to N+1.

use std::path::{Path, PathBuf};

use fortnox_connect_tests::update_feed::{Feed, Package, key, manifest, sign};
use fortnox_connect_tests::{Desktop, Fixture, Launch};
use fortnox_core::update::TIMEOUT_ENV;
use serde_json::Value;
use thirtyfour::By;

/// The fixture's profile with `[updates] feed` set to `feed`.
fn profile_with_feed(fixture: &Fixture, feed: &Feed, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(&fixture.profile).expect("the fixture's profile");
    let profile = dir.join("profile-with-updates.toml");
    std::fs::write(&profile, format!("{text}\n[updates]\nfeed = \"{}\"\n", feed.manifest_url())).expect("written");
    profile
}

/// `bytes` signed with `key_name` for `version`, under a name of its own
/// (the CLI writes `<file>.sig` beside it).
fn signed(dir: &Path, bytes: &[u8], key_name: &str, version: &str) -> String {
    let path = dir.join(format!("{key_name}-{version}.deb"));
    std::fs::write(&path, bytes).expect("package written");
    sign(&path, &key(key_name), version)
}

/// A change to what the feed serves.
type Change<'a> = dyn Fn(&mut fortnox_connect_tests::update_feed::Served) + 'a;

async fn wait_refused(app: &Desktop, code: &str) {
    app.wait_css(&format!("[data-testid=\"update-refused\"][data-code=\"{code}\"]")).await;
}

async fn text_of(app: &Desktop, css: &str) -> String {
    let script = format!("return document.querySelector('{css}')?.textContent ?? ''");
    let answer = app.driver.execute(&script, vec![]).await.expect("script runs");
    answer.json().as_str().unwrap_or_default().trim().to_string()
}

#[tokio::test]
async fn an_update_is_offered_quietly_and_every_bad_one_is_refused() {
    let fixture = Fixture::start().await;
    let feed = Feed::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let package = b"!<arch>\ndebian-binary   a stand-in package for the checks before installing".to_vec();
    let good = signed(dir.path(), &package, "test", "9.9.9");
    // The refusals offer 9.9.20 (9.9.9 is already downloaded and waiting).
    let next = signed(dir.path(), &package, "test", "9.9.20");
    let by_other_key = signed(dir.path(), &package, "other", "9.9.20");
    let url = feed.package_url();
    let offer = |version: &str, platforms: &[&str], signature: &str| manifest(version, platforms, &url, signature);
    feed.serve(|s| {
        s.package = package.clone();
        s.manifest = Some(offer("9.9.9", &["linux-x86_64"], &good));
    });

    let launch = Launch {
        profile: Some(profile_with_feed(&fixture, &feed, dir.path())),
        lang: Some("en"),
        env: vec![(TIMEOUT_ENV.into(), "2".into())],
        ..Launch::default()
    };
    let mut app = Desktop::launch("update", launch).await;
    // Found after the start without anything asked, downloaded, verified.
    app.wait_css("[data-testid=\"update-ready\"][data-version=\"9.9.9\"]").await;
    assert_eq!(text_of(&app, "[data-testid=update-notes]").await, "New in 9.9.9");
    app.click("lang-sv").await;
    app.wait_text("update-restart", "Starta om och uppdatera").await;
    assert_eq!(text_of(&app, "[data-testid=update-notes]").await, "Nytt i 9.9.9");
    app.screenshot("ready-sv").await;
    app.click("lang-en").await;
    let mut findings = Vec::new();
    app.audit_both_languages("update ready", &mut findings).await;

    // A debug build is no installed package: it is never overwritten.
    app.click("update-restart").await;
    wait_refused(&app, "update_not_installed_from_package").await;
    app.screenshot("not-a-package").await;
    app.audit_both_languages("update refused", &mut findings).await;
    assert!(findings.is_empty(), "axe finds serious issues in the update banner:\n{}", findings.join("\n"));

    app.driver.find(By::Css("footer.about summary")).await.expect("the About section").click().await.expect("opened");
    let mut tampered = package.clone();
    tampered[10] ^= 1;
    let cases: Vec<(&str, Box<Change<'_>>, &str)> = vec![
        (
            "tampered",
            Box::new(|s| {
                s.manifest = Some(offer("9.9.20", &["linux-x86_64"], &next));
                s.package = tampered.clone();
            }),
            "update_signature_invalid",
        ),
        ("older", Box::new(|s| s.manifest = Some(offer("0.0.1", &["linux-x86_64"], &next))), "update_downgrade"),
        (
            "unsigned",
            Box::new(|s| s.manifest = Some(offer("9.9.20", &["linux-x86_64"], ""))),
            "update_signature_invalid",
        ),
        (
            "another platform",
            Box::new(|s| s.manifest = Some(offer("9.9.20", &["windows-x86_64"], &next))),
            "update_not_for_this_computer",
        ),
        (
            "a huge manifest",
            Box::new(|s| {
                let mut manifest = offer("9.9.20", &["linux-x86_64"], &next);
                manifest["padding"] = "x".repeat(2 << 20).into();
                s.manifest = Some(manifest);
            }),
            "update_feed_invalid",
        ),
        (
            "another key",
            Box::new(|s| s.manifest = Some(offer("9.9.20", &["linux-x86_64"], &by_other_key))),
            "update_signature_invalid",
        ),
        ("down", Box::new(|s| s.manifest = None), "update_feed_unavailable"),
        (
            // An old release's package and signature offered as a newer one.
            "replayed",
            Box::new(|s| s.manifest = Some(offer("9.9.30", &["linux-x86_64"], &next))),
            "update_signature_invalid",
        ),
        (
            "huge",
            Box::new(|s| {
                s.manifest = Some(offer("9.9.20", &["linux-x86_64"], &next));
                s.sent_as = Package::Huge;
            }),
            "update_feed_invalid",
        ),
        ("slow", Box::new(|s| s.delay = std::time::Duration::from_secs(4)), "update_feed_unavailable"),
        (
            "cut short",
            Box::new(|s| {
                s.delay = std::time::Duration::ZERO;
                s.sent_as = Package::CutShort;
            }),
            "update_incomplete",
        ),
        (
            "over plain http",
            Box::new(|s| {
                let mut manifest = offer("9.9.20", &["linux-x86_64"], &next);
                manifest["platforms"]["linux-x86_64"]["url"] = "http://updates.example.com/package".into();
                s.manifest = Some(manifest);
            }),
            "update_feed_invalid",
        ),
    ];
    for (what, change, code) in &cases {
        feed.serve(|s| {
            s.package = package.clone();
            s.sent_as = Package::Whole;
            change(s);
        });
        app.click("update-check").await;
        wait_refused(&app, code).await;
        let shown: Value =
            app.driver.execute("return document.title", vec![]).await.expect("the page answers").json().clone();
        assert!(shown.is_string(), "{what}: the app keeps running");
        println!("{what}: refused as {code}");
    }
    app.screenshot("refused").await;
    // A good one again, after all that: offered.
    feed.serve(|s| {
        s.package = package.clone();
        s.sent_as = Package::Whole;
        s.manifest = Some(offer("9.9.20", &["linux-x86_64"], &next));
    });
    app.click("update-check").await;
    app.wait_css("[data-testid=\"update-ready\"][data-version=\"9.9.20\"]").await;
    app.quit().await;
}

/// The .deb files of versions N and N+1, built by `scripts/test.sh`'s
/// update stage (`scripts/package.sh` twice, with the tests' update key).
const DEBS_ENV: &str = "FORTNOX_CONNECT_UPDATE_DEBS";

fn as_root(args: &[&str]) -> std::process::Output {
    let root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    let mut command = if root { std::process::Command::new(args[0]) } else { std::process::Command::new("sudo") };
    if root {
        command.args(&args[1..]);
    } else {
        command.arg("-n").args(args);
    }
    command.output().expect("runs")
}

fn field(deb: &Path, name: &str) -> String {
    let out = std::process::Command::new("dpkg-deb").arg("-f").arg(deb).arg(name).output().expect("dpkg-deb runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn installed_version(package: &str) -> String {
    let out = std::process::Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", package])
        .output()
        .expect("dpkg-query runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Every keyring entry the product keeps for these connections.
fn keyring_entries(fixture: &Fixture, ids: &[String]) -> Vec<(String, Option<fortnox_core::secret::StoredSecret>)> {
    use fortnox_core::store::SecretStore;
    use fortnox_core::store::secrets::keys;
    let keyring = fixture.keyring();
    let mut names: Vec<String> = ids.iter().flat_map(|id| [keys::refresh_token(id), keys::access_token(id)]).collect();
    names.push(keys::client_secret(&fixture.core_profile().client_id));
    names.into_iter().map(|name| (name.clone(), keyring.get(&name).expect("the keyring answers"))).collect()
}

/// The keep-alive timer as the package leaves it: its unit, and whether
/// it is switched on for every user.
fn timer() -> (bool, bool) {
    (
        Path::new("/usr/lib/systemd/user/fortnox-connect-keepalive.timer").is_file(),
        Path::new("/etc/systemd/user/timers.target.wants/fortnox-connect-keepalive.timer").exists(),
    )
}

/// Lines of the app's log that say its first screen was painted.
fn first_screens(log: &Path) -> usize {
    std::fs::read_to_string(log).unwrap_or_default().matches("connections ready").count()
}

#[tokio::test]
async fn a_deb_updates_in_place() {
    let Some(debs) = std::env::var_os(DEBS_ENV) else {
        eprintln!("{DEBS_ENV} is not set: scripts/test.sh's update stage runs this test with the two packages");
        return;
    };
    let debs: Vec<PathBuf> = std::env::split_paths(&debs).collect();
    let [old, new] = [&debs[0], &debs[1]];
    let package = field(old, "Package");
    let (n, n1) = (field(old, "Version"), field(new, "Version"));
    let out = as_root(&["dpkg", "-i", &old.display().to_string()]);
    assert!(out.status.success(), "dpkg -i {}: {}", old.display(), String::from_utf8_lossy(&out.stderr));
    assert_eq!(installed_version(&package), n);
    let timer_before = timer();

    // Two connections made with version N's data folder and keyring.
    let fixture = Fixture::direct().await;
    let feed = Feed::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let ids = fortnox_connect_tests::scripted::connect_agency_clients(&fixture, &data, 0..2).await;
    let secrets_before = keyring_entries(&fixture, &ids);
    assert!(secrets_before.iter().all(|(_, v)| v.is_some()), "every entry is in the keyring");

    // N+1, published as a vendor does.
    let published = dir.path().join("published");
    let script = fortnox_connect_tests::paths::workspace_root().join("scripts/publish-update.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(new)
        .arg(&n1)
        .arg(feed.base.as_str())
        .arg(&published)
        .args(["Faster checks.", "Snabbare kontroller."])
        .env("TAURI_SIGNING_PRIVATE_KEY_PATH", key("test"))
        .env("TAURI_SIGNING_PRIVATE_KEY_PASSWORD", "")
        .output()
        .expect("publish-update.sh runs");
    assert!(out.status.success(), "publish-update.sh: {}", String::from_utf8_lossy(&out.stderr));
    let mut manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(published.join("latest.json")).expect("manifest")).expect("json");
    let name = new.file_name().expect("a file").to_string_lossy().replace(' ', "-");
    let package_bytes = std::fs::read(published.join(&name)).expect("the package");
    manifest["platforms"]["linux-x86_64-deb"]["url"] = Value::String(feed.package_url().to_string());
    // First a signed package that dpkg cannot install (cut in half).
    let broken = package_bytes[..package_bytes.len() / 2].to_vec();
    let mut broken_manifest = manifest.clone();
    broken_manifest["platforms"]["linux-x86_64-deb"]["signature"] =
        Value::String(signed(dir.path(), &broken, "test", &n1));
    feed.serve(|s| {
        s.package = broken.clone();
        s.manifest = Some(broken_manifest.clone());
    });

    let profile = profile_with_feed(&fixture, &feed, dir.path());
    // The installed app; its log (Desktop::launch names it after `name`).
    let installed = |name: &str| {
        let launch = Launch {
            app: Some(PathBuf::from("/usr/bin/fortnox-connect-app")),
            profile: Some(profile.clone()),
            ..Launch::direct(&fixture, &data)
        };
        (launch, fortnox_connect_tests::paths::artifacts_dir().join(format!("{name}.app.log")))
    };
    let (launch, log) = installed("update-deb");
    let mut app = Desktop::launch("update-deb", launch).await;
    app.wait_css(&format!("[data-testid=\"update-ready\"][data-version=\"{n1}\"]")).await;
    // dpkg fails: refused, N keeps running and stays installed.
    app.click("update-restart").await;
    wait_refused(&app, "update_install_failed").await;
    assert_eq!(installed_version(&package), n, "a failed install leaves N installed");
    app.screenshot("install-failed").await;

    // The real N+1, found by "Check for updates".
    feed.serve(|s| {
        s.package = package_bytes.clone();
        s.manifest = Some(manifest.clone());
    });
    app.driver.find(By::Css("footer.about summary")).await.expect("the About section").click().await.expect("opened");
    app.click("update-check").await;
    app.wait_css(&format!("[data-testid=\"update-ready\"][data-version=\"{n1}\"]")).await;
    assert_eq!(text_of(&app, "[data-testid=update-notes]").await, "Faster checks.");
    app.screenshot("ready").await;
    let screens_before = first_screens(&log);
    let refusals = |log: &Path| {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        text.lines().filter(|l| l.contains("the update was not installed")).map(String::from).collect::<Vec<_>>()
    };
    let refused_before = refusals(&log).len();
    let clicked = std::time::Instant::now();
    app.click("update-restart").await;
    // dpkg installs N+1; the app starts again on the new version.
    let deadline = clicked + std::time::Duration::from_secs(120);
    while first_screens(&log) == screens_before {
        if let Some(line) = refusals(&log).get(refused_before) {
            panic!("the update was refused: {line}\n(dpkg's words are in {})", log.display());
        }
        assert!(std::time::Instant::now() < deadline, "the new version did not show its first screen");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let restart_ms = clicked.elapsed().as_millis();
    assert_eq!(installed_version(&package), n1, "the installed package is N+1");
    // The session's app is gone (it restarted itself); the new one is in
    // tauri-driver's process group and goes with it.
    app.quit().await;

    // Everything the person had is there.
    assert_eq!(keyring_entries(&fixture, &ids), secrets_before, "the keyring entries are unchanged");
    assert_eq!(timer(), timer_before, "the keep-alive timer is as it was");
    assert!(timer().0, "the keep-alive timer's unit is installed");
    assert!(Path::new("/usr/share/fortnox-connect/profile.toml").is_file(), "the installed profile is there");

    // N+1 starts with both connections; a tampered N+2 is refused.
    let mut tampered = package_bytes.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0xff;
    let mut n2 = manifest.clone();
    n2["version"] = Value::String("9.0.0".into());
    n2["platforms"]["linux-x86_64-deb"]["signature"] =
        Value::String(signed(dir.path(), &package_bytes, "test", "9.0.0"));
    feed.serve(|s| {
        s.package = tampered.clone();
        s.manifest = Some(n2.clone());
    });
    // The anchor: the same version started the ordinary way, to its
    // first screen.
    let (launch, log) = installed("update-deb-after");
    let started = std::time::Instant::now();
    let mut app = Desktop::launch("update-deb-after", launch).await;
    while first_screens(&log) == 0 {
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "N+1 did not show its first screen");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let start_ms = started.elapsed().as_millis();
    let figures = format!(
        "Restart to update -> first screen of {n1}: {restart_ms} ms; the same version started alone: {start_ms} ms \
         (ratio {:.2}); download {} bytes\n",
        restart_ms as f64 / start_ms as f64,
        package_bytes.len()
    );
    std::fs::write(fortnox_connect_tests::paths::artifacts_dir().join("update-figures.txt"), &figures)
        .expect("written");
    println!("{figures}");
    app.wait_css("[data-testid=\"update-refused\"][data-code=\"update_signature_invalid\"]").await;
    let script = "return document.querySelectorAll('[data-testid=connection], tr[data-id]').length";
    let rows = app.driver.execute(script, vec![]).await;
    assert_eq!(rows.expect("the page answers").json().as_u64(), Some(2), "both connections are listed");
    app.screenshot("tampered-refused").await;
    assert_eq!(installed_version(&package), n1, "N+1 stays installed");
    for id in &ids {
        let out = std::process::Command::new("/usr/bin/fortnox-connect")
            .arg("--profile")
            .arg(&profile)
            .arg("--data-dir")
            .arg(&data)
            .args(["token", id])
            .env(fortnox_connect_tests::fixture::CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET)
            .output()
            .expect("the installed CLI runs");
        assert!(out.status.success(), "token for {id}: {}", String::from_utf8_lossy(&out.stderr));
    }
    app.quit().await;
    let out = as_root(&["dpkg", "--purge", &package]);
    assert!(out.status.success(), "dpkg --purge: {}", String::from_utf8_lossy(&out.stderr));
}
