//! Agency scale, in one run: `status --json` and `keepalive` over 500
//! client connections against 1 (keep-alive with 100 ms per request
//! against the ideal, 500 × round trip ÷ concurrency); the README's
//! screenshots of the table at 500; then the connections view at 2,000
//! against 1 (first paint, memory), its search at 2,000 against a
//! keystroke alone, and scrolling 2,000 rows against 20.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fortnox_connect_tests::fixture::CLIENT_SECRET_ENV;
use fortnox_connect_tests::memory::MemoryKeyring;
use fortnox_connect_tests::scripted::{connect_agency_clients, connect_agency_clients_with, service_with};
use fortnox_connect_tests::{Desktop, Fixture, Launch};
use fortnox_sandbox::agency::{FIRST_TENANT, org_number};

use super::{RUNS, median, memory_of_tree, percentile, push, release, startup_in};

/// The CLI's figures and the README's screenshots.
const MANY: usize = 500;
/// The connections view's figures.
const TABLE: usize = 2000;
/// The scrolling anchor: a table that is hardly longer than the window.
const FEW: usize = 20;
const LATENCY_MS: u64 = 100;
/// Frames scrolled for each table, at 120 px (four rows) a frame, turning
/// at either end.
const SCROLL_FRAMES: usize = 300;

/// Milliseconds a CLI command takes, process start to exit.
fn cli_ms(fixture: &Fixture, data: &Path, args: &[&str]) -> f64 {
    let started = Instant::now();
    let out = Command::new(release("fortnox-connect"))
        .arg("--profile")
        .arg(&fixture.profile)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env(CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET)
        .output()
        .expect("the CLI runs");
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    elapsed
}

/// Time to the connections view's first paint, and its memory once idle.
fn first_paint(fixture: &Fixture, data: &Path) -> f64 {
    let profile = fixture.profile.display().to_string();
    startup_in(
        &release("fortnox-connect-app"),
        &["--profile", &profile, "--lang", "en"],
        data,
        &[(CLIENT_SECRET_ENV, fortnox_sandbox::seed::DEMO_CLIENT_SECRET)],
        "connections ready",
    )
}

/// Milliseconds from `action` (JavaScript, given `arg`) to its result on
/// screen in the real webview, and how many cards the page then holds.
async fn painted(app: &Desktop, action: &str, arg: &str) -> (f64, usize) {
    let script = format!(
        "const [arg, done] = arguments;
        const started = performance.now();
        {action};
        requestAnimationFrame(() => setTimeout(() => done([performance.now() - started,
            document.querySelectorAll('[data-testid=connection]').length]), 0));"
    );
    let answer = app.driver.execute_async(&script, vec![serde_json::json!(arg)]).await.expect("the page answers");
    let value = answer.json();
    (value[0].as_f64().unwrap_or(f64::NAN), value[1].as_u64().unwrap_or(0) as usize)
}

/// Milliseconds from `action` until its effects are in the DOM and laid
/// out, without waiting for a frame, and the cards then on the page.
/// Svelte applies a change in a microtask queued during the action, so a
/// microtask queued after it runs once the DOM is updated; reading a
/// layout property then forces style and layout.
async fn laid_out(app: &Desktop, action: &str, arg: &str) -> (f64, usize) {
    let script = format!(
        "const [arg, done] = arguments;
        const started = performance.now();
        {action};
        queueMicrotask(() => queueMicrotask(() => {{
            document.body.getBoundingClientRect();
            done([performance.now() - started, document.querySelectorAll('[data-testid=connection]').length]);
        }}));"
    );
    let answer = app.driver.execute_async(&script, vec![serde_json::json!(arg)]).await.expect("the page answers");
    let value = answer.json();
    (value[0].as_f64().unwrap_or(f64::NAN), value[1].as_u64().unwrap_or(0) as usize)
}

/// The anchor for a painted search: a keystroke that changes only the
/// field's text (no input event, so no filtering), to its frame.
async fn keystroke_ms(app: &Desktop, text: &str) -> f64 {
    painted(app, "document.querySelector('[data-testid=connections-search]').value = arg + '.'", text).await.0
}

const TYPED: &str = "const field = document.querySelector('[data-testid=connections-search]');
        field.value = arg;
        field.dispatchEvent(new Event('input', { bubbles: true }))";

/// Typing a search to the filtered list painted.
async fn search_ms(app: &Desktop, query: &str) -> (f64, usize) {
    painted(app, TYPED, query).await
}

/// Frame intervals (ms) while the table scrolls `SCROLL_FRAMES` frames at
/// 120 px a frame, as a quick flick of the wheel does, turning at either
/// end; and the rows on the page at the end.
async fn scroll_frames(app: &Desktop) -> (Vec<f64>, usize) {
    let script = format!(
        "const done = arguments[0];
        const box = document.querySelector('[data-testid=connections-table-scroll]');
        box.scrollTop = 0;
        const times = []; let last = null; let down = true;
        const frame = (t) => {{
            if (last !== null) times.push(t - last);
            last = t;
            if (times.length >= {SCROLL_FRAMES}) {{
                done([times, document.querySelectorAll('[data-testid=connection]').length]);
                return;
            }}
            if (down && box.scrollTop + box.clientHeight >= box.scrollHeight - 1) down = false;
            if (!down && box.scrollTop <= 0) down = true;
            box.scrollTop += down ? 120 : -120;
            requestAnimationFrame(frame);
        }};
        requestAnimationFrame(frame);"
    );
    let answer = app.driver.execute_async(&script, vec![]).await.expect("the page answers");
    let value = answer.json();
    let times = value[0].as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).collect()).unwrap_or_default();
    (times, value[1].as_u64().unwrap_or(0) as usize)
}

/// "12 of 300 frames over 16.7 ms, p95 16.9 ms".
fn describe_frames(times: &[f64]) -> String {
    let over = times.iter().filter(|&&t| t > 1000.0 / 60.0).count();
    format!(
        "{over} of {} frames over 16.7 ms, median {:.1} ms, p95 {:.1} ms",
        times.len(),
        median(times.to_vec()),
        percentile(times.to_vec(), 0.95)
    )
}

/// The app on `data` at 1280×800, its connections view on screen.
async fn open(fixture: &Fixture, name: &str, data: &Path) -> Desktop {
    let app = Desktop::launch(name, Launch::direct(fixture, data)).await;
    app.driver.set_window_rect(0, 0, 1280, 800).await.expect("window resized");
    app.by_test_id("connections-title").await;
    app
}

/// Types into the search field as a person does (an input event).
async fn search(app: &Desktop, text: &str) {
    painted(app, TYPED, text).await;
}

/// The README's pictures of the table at 500 clients: two that Fortnox no
/// longer accepts, checked and sorted first; a selection; a row's menu.
async fn readme_screenshots(fixture: &Fixture, data: &Path) {
    for n in [3, 11] {
        fixture.sandbox.revoke_tenant(FIRST_TENANT + n as u64);
    }
    let mut app = open(fixture, "readme-table", data).await;
    search(&app, &org_number(3)).await;
    app.click("select-all").await;
    search(&app, &org_number(11)).await;
    app.click("select-row").await;
    search(&app, "").await;
    app.click("bulk-check").await;
    app.wait_text_starting("connections-status", "Checked 2").await;
    app.click("bulk-clear").await;
    app.click("sort-health").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("table-attention").await;
    app.click("sort-name").await;
    let boxes = app.driver.find_all(thirtyfour::By::Css("[data-testid=select-row]")).await.expect("rows");
    for ticked in &boxes[2..7] {
        ticked.click().await.expect("ticked");
    }
    app.wait_text("selection-count", "5 selected").await;
    app.screenshot("table-selection").await;
    app.click("bulk-clear").await;
    app.driver.find_all(thirtyfour::By::Css("[data-testid=row-menu]")).await.expect("rows")[4]
        .click()
        .await
        .expect("menu opened");
    app.by_test_id("row-menu-items").await;
    app.screenshot("table-menu").await;
    app.quit().await;
}

pub async fn measure() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, value: String| push(&mut rows, what, value);
    // Direct mode: the desktop keeps the refresh tokens, so keep-alive
    // renews at the sandbox (a broker keeps them alive itself).
    let fixture = Fixture::direct().await;
    // 2,000 clients, every one licensed so that all can connect (the
    // sample leaves every 25th without the Integration licence).
    fixture.sandbox.update_config(|c| {
        c.grow_agency(TABLE);
        c.companies.iter_mut().for_each(|company| company.integration_licence = true);
    });
    let dirs = |name: &str| fixture.dir.path().join(name);
    let (one, few, many) = (dirs("one"), dirs("few"), dirs("many"));
    let started = Instant::now();
    connect_agency_clients(&fixture, &many, 0..MANY).await;
    let seeded = started.elapsed().as_secs_f64();
    connect_agency_clients(&fixture, &one, [0]).await;
    connect_agency_clients(&fixture, &few, 0..FEW).await;

    row("Setting up: clients connected through core (scripted login, four at a time)", String::new());
    row(
        &format!("Connect, verify, save and enable, per client, the first {MANY}"),
        format!("{:.1} ms ({seeded:.1} s for {MANY})", seeded * 1000.0 / MANY as f64),
    );

    row(&format!("`status --json` (process start to exit), median of {RUNS}"), String::new());
    let status = |data: &Path| median((0..RUNS).map(|_| cli_ms(&fixture, data, &["--json", "status"])).collect());
    let (s1, s500) = (status(&one), status(&many));
    row("1 connection", format!("{s1:.0} ms"));
    row(&format!("{MANY} connections"), format!("{s500:.0} ms"));
    row(&format!("Ratio {MANY} / 1 (goal ≤ 3)"), format!("{:.2}", s500 / s1));
    let text = median((0..RUNS).map(|_| cli_ms(&fixture, &many, &["status"])).collect());
    row(&format!("`status` as text, {MANY} connections"), format!("{text:.0} ms"));

    row(&format!("`keepalive` over {MANY} connections, {LATENCY_MS} ms injected per request"), String::new());
    fixture.sandbox.update_faults(|f| f.latency_ms = LATENCY_MS);
    // The first run also makes the daily check of each connection (one
    // request each); the second finds them checked today.
    let checks = || fixture.sandbox.requests().iter().filter(|r| r.path == "/3/companyinformation").count();
    for concurrency in [4usize, 16] {
        fixture.sandbox.take_in_flight_peak();
        let before = (fixture.sandbox.token_requests("refresh_token").len(), checks());
        let c = concurrency.to_string();
        let wall = cli_ms(&fixture, &many, &["--json", "keepalive", "--older-than-days", "0", "--concurrency", &c]);
        let renewed = fixture.sandbox.token_requests("refresh_token").len() - before.0;
        let checked = checks() - before.1;
        let peak = fixture.sandbox.take_in_flight_peak();
        let ideal = ((renewed + checked) * LATENCY_MS as usize) as f64 / concurrency as f64;
        row(
            &format!("Concurrency {concurrency}: wall / ideal ((renewals + checks) × {LATENCY_MS} ms ÷ {concurrency})"),
            format!(
                "{:.1} s / {:.1} s, ratio {:.2}; {renewed} renewed, {checked} checked, at most {peak} at once",
                wall / 1000.0,
                ideal / 1000.0,
                wall / ideal
            ),
        );
    }
    fixture.sandbox.update_faults(|f| f.latency_ms = 0);

    readme_screenshots(&fixture, &many).await;
    let started = Instant::now();
    // The view reads only the saved records; the secrets of these go to
    // a keyring in memory, as gnome-keyring 42 aborts near a thousand
    // entries written in one session.
    let in_memory = service_with(&fixture, &many, std::sync::Arc::new(MemoryKeyring::default()));
    connect_agency_clients_with(&in_memory, MANY..TABLE).await;
    let grown = started.elapsed().as_secs_f64();
    row(
        &format!("The next {}, their secrets in a keyring in memory", TABLE - MANY),
        format!("{:.1} ms each ({grown:.1} s)", grown * 1000.0 / (TABLE - MANY) as f64),
    );

    row(&format!("The connections view (release app, Xvfb, 1280×800), median of {RUNS}"), String::new());
    let p1 = median((0..RUNS).map(|_| first_paint(&fixture, &one)).collect());
    let pn = median((0..RUNS).map(|_| first_paint(&fixture, &many)).collect());
    row("Start to first paint, 1 connection", format!("{p1:.0} ms"));
    row(&format!("Start to first paint, {TABLE} connections"), format!("{pn:.0} ms"));
    row(&format!("Ratio {TABLE} / 1"), format!("{:.2}", pn / p1));

    let mut pss = Vec::new();
    for data in [&one, &many] {
        let app = open(&fixture, "bench-agency", data).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (_, p) = memory_of_tree(app.app_pid().expect("the app runs"));
        pss.push(p);
        if data == &many {
            let (mut work, mut frames, mut anchors) = (Vec::new(), Vec::new(), Vec::new());
            for query in ["berg", "5512", "sjöströms bygg", "café", "x"].iter().cycle().take(RUNS * 2) {
                let (ms, built) = laid_out(&app, TYPED, query).await;
                // The same query painted must leave the same rows: the
                // work was done in the microtask, not after it.
                assert_eq!(search_ms(&app, query).await.1, built, "{query}: the table changed after it was laid out");
                work.push(ms);
                search_ms(&app, "").await;
                frames.push(search_ms(&app, query).await.0);
                anchors.push(keystroke_ms(&app, query).await);
                search_ms(&app, "").await;
            }
            search_ms(&app, "berg").await;
            let (cleared_ms, all) = laid_out(&app, TYPED, "").await;
            row(
                &format!(
                    "Search over {TABLE}: typed → table updated and laid out, median of {} (goal ≤ 50 ms)",
                    RUNS * 2
                ),
                format!("{:.1} ms (search cleared: {cleared_ms:.1} ms, {all} rows built)", median(work)),
            );
            let (painted, anchor) = (median(frames), median(anchors));
            row(
                "A keystroke in the search → painted frame / anchor: a keystroke alone → painted frame",
                format!("{painted:.1} ms / {anchor:.1} ms (the search adds {:.1} ms)", painted - anchor),
            );
            let (times, built) = scroll_frames(&app).await;
            row(
                &format!("Scrolling {TABLE} rows, {SCROLL_FRAMES} frames at 120 px"),
                format!("{}; {built} rows built", describe_frames(&times)),
            );
        }
        app.quit().await;
    }
    let app = open(&fixture, "bench-agency-few", &few).await;
    let (times, built) = scroll_frames(&app).await;
    row(
        &format!("The anchor: scrolling {FEW} rows, {SCROLL_FRAMES} frames at 120 px"),
        format!("{}; {built} rows built", describe_frames(&times)),
    );
    app.quit().await;
    row(
        &format!("Idle PSS of app and web processes, 1 / {TABLE} connections"),
        format!("{:.0} MiB / {:.0} MiB, ratio {:.2}", pss[0], pss[1], pss[1] / pss[0]),
    );
    rows
}
