//! Agency scale: 500 client connections against 1, in the same run.
//! `status --json`, the connections view's first paint, its memory and its
//! search, and `keepalive` over 500 connections with 100 ms per request
//! against the ideal (500 × round trip ÷ concurrency).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fortnox_connect_tests::fixture::CLIENT_SECRET_ENV;
use fortnox_connect_tests::scripted::connect_agency_clients;
use fortnox_connect_tests::{Desktop, Fixture, Launch};

use super::{RUNS, median, memory_of_tree, push, release, startup_in};

const MANY: usize = 500;
const LATENCY_MS: u64 = 100;

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

/// "Show more" to the next cards painted.
async fn more_ms(app: &Desktop) -> (f64, usize) {
    painted(app, "document.querySelector('[data-testid=connections-more]').click()", "").await
}

pub async fn measure() -> Vec<(String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, value: String| push(&mut rows, what, value);
    // Direct mode: the desktop keeps the refresh tokens, so keep-alive
    // renews at the sandbox (a broker keeps them alive itself).
    let fixture = Fixture::direct().await;
    // Every client licensed, so all 500 can connect (the sample leaves
    // every 25th without the Integration licence).
    fixture.sandbox.update_config(|c| c.companies.iter_mut().for_each(|company| company.integration_licence = true));
    let (one, many) = (fixture.dir.path().join("one"), fixture.dir.path().join("many"));
    let started = Instant::now();
    connect_agency_clients(&fixture, &many, 0..MANY).await;
    let seeded = started.elapsed().as_secs_f64();
    connect_agency_clients(&fixture, &one, [0]).await;

    row(&format!("Setting up: {MANY} clients connected through core (scripted login)"), String::new());
    row(
        "Connect, verify and save, per client (no latency)",
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
    for concurrency in [4usize, 16] {
        fixture.sandbox.take_in_flight_peak();
        let before = fixture.sandbox.token_requests("refresh_token").len();
        let c = concurrency.to_string();
        let wall = cli_ms(&fixture, &many, &["--json", "keepalive", "--older-than-days", "0", "--concurrency", &c]);
        let renewed = fixture.sandbox.token_requests("refresh_token").len() - before;
        let peak = fixture.sandbox.take_in_flight_peak();
        let ideal = (MANY * LATENCY_MS as usize) as f64 / concurrency as f64;
        row(
            &format!("Concurrency {concurrency}: wall / ideal ({MANY} × {LATENCY_MS} ms ÷ {concurrency})"),
            format!(
                "{:.1} s / {:.1} s, ratio {:.2}; {renewed} renewed, at most {peak} at once",
                wall / 1000.0,
                ideal / 1000.0,
                wall / ideal
            ),
        );
    }
    fixture.sandbox.update_faults(|f| f.latency_ms = 0);

    row(&format!("The connections view (release app, Xvfb), median of {RUNS}"), String::new());
    let p1 = median((0..RUNS).map(|_| first_paint(&fixture, &one)).collect());
    let p500 = median((0..RUNS).map(|_| first_paint(&fixture, &many)).collect());
    row("Start to first paint, 1 connection", format!("{p1:.0} ms"));
    row(&format!("Start to first paint, {MANY} connections"), format!("{p500:.0} ms"));
    row(&format!("Ratio {MANY} / 1"), format!("{:.2}", p500 / p1));

    let mut pss = Vec::new();
    for data in [&one, &many] {
        let app = Desktop::launch(
            "bench-agency",
            Launch {
                profile: Some(fixture.profile.clone()),
                lang: Some("en"),
                data_dir: Some(data.clone()),
                env: vec![(CLIENT_SECRET_ENV.into(), fortnox_sandbox::seed::DEMO_CLIENT_SECRET.into())],
            },
        )
        .await;
        app.by_test_id("connections-title").await;
        tokio::time::sleep(Duration::from_secs(3)).await;
        let (_, p) = memory_of_tree(app.app_pid().expect("the app runs"));
        pss.push(p);
        if data == &many {
            let (mut work, mut frames, mut anchors) = (Vec::new(), Vec::new(), Vec::new());
            for query in ["berg", "5512", "sjöströms bygg", "café", "x"].iter().cycle().take(RUNS * 2) {
                let (ms, cards) = laid_out(&app, TYPED, query).await;
                // The same query painted must leave the same cards: the
                // work was done in the microtask, not after it.
                assert_eq!(search_ms(&app, query).await.1, cards, "{query}: the list changed after it was laid out");
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
                    "Search over {MANY}: typed → list updated and laid out, median of {} (goal ≤ 50 ms)",
                    RUNS * 2
                ),
                format!("{:.1} ms (search cleared: {cleared_ms:.1} ms, {all} cards on the page)", median(work)),
            );
            let (painted, anchor) = (median(frames), median(anchors));
            row(
                "Search typed → painted frame / anchor: a keystroke alone → painted frame",
                format!("{painted:.1} ms / {anchor:.1} ms (the search adds {:.1} ms)", painted - anchor),
            );
            let (more_ms, more) = more_ms(&app).await;
            row("\"Show more\" (the next cards painted)", format!("{more_ms:.1} ms, {more} cards on the page"));
        }
        app.quit().await;
    }
    row(
        &format!("Idle PSS of app and web processes, 1 / {MANY} connections"),
        format!("{:.0} MiB / {:.0} MiB, ratio {:.2}", pss[0], pss[1], pss[1] / pss[0]),
    );
    rows
}
