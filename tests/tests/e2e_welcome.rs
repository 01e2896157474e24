//! The first screen renders, reads correctly in both languages, and the
//! language switch works.

use fortnox_connect_tests::{Desktop, Fixture, Launch};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_screen_renders_and_switches_language() {
    let mut app = Desktop::launch("welcome", Launch { lang: Some("sv"), ..Launch::default() }).await;

    app.wait_text("welcome-title", "Koppla Fortnox till Demo Sync").await;
    assert_eq!(app.text("welcome-start").await, "Kom igång");
    assert!(app.by_test_id("sandbox-banner").await.is_displayed().await.unwrap());
    app.screenshot("swedish").await;

    app.click("lang-en").await;
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;
    assert_eq!(app.text("welcome-start").await, "Get started");
    assert_eq!(app.by_test_id("lang-en").await.attr("aria-pressed").await.unwrap().as_deref(), Some("true"));
    let html_lang = app.driver.find(thirtyfour::By::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(html_lang.as_deref(), Some("en"));
    app.screenshot("english").await;

    app.quit().await;
}

/// The app hands the first screen's data to its own page with the page,
/// once per window (docs/architecture.md, "Start-up"): a reload asks over
/// IPC, and another site shown in the window gets nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_screens_data_goes_to_the_apps_own_page_only() {
    const GIVEN: &str = "return sessionStorage.getItem('fortnox-connect-first-screen-given') === '1';";
    let app = Desktop::launch("first-screen", Launch { lang: Some("en"), ..Launch::default() }).await;
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;
    let given = app.driver.execute(GIVEN, vec![]).await.expect("script").json().as_bool();
    assert_eq!(given, Some(true), "handed over with the page");

    app.driver.refresh().await.expect("reload");
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;

    let site = other_site();
    app.driver.goto(&site).await.expect("navigate");
    app.wait_css("#other-site").await;
    let leaked = app.driver.execute("return typeof window.__FORTNOX_CONNECT_FIRST_SCREEN__;", vec![]).await;
    assert_eq!(leaked.expect("script").json().as_str(), Some("undefined"), "{site} got the data");
    app.quit().await;
}

/// A state file that cannot be read gives the page no first screen: it
/// asks, and the error panel says why; the file is left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreadable_state_at_start_is_explained_not_shown_as_empty() {
    let fixture = Fixture::start().await;
    let data = tempfile::tempdir().expect("temp dir");
    let state = fixture.profile_dir(data.path()).join("state.json");
    std::fs::create_dir_all(state.parent().expect("profile folder")).expect("profile folder");
    std::fs::write(&state, "{ not json").expect("state written");
    let launch = Launch {
        profile: Some(fixture.profile.clone()),
        lang: Some("en"),
        data_dir: Some(data.path().to_path_buf()),
        ..Launch::default()
    };
    let mut app = Desktop::launch("unreadable-state", launch).await;
    let panel = app.by_test_id("error-panel").await;
    assert_eq!(panel.attr("data-code").await.expect("code").as_deref(), Some("storage_failed"));
    assert_eq!(app.text("error-title").await, "Could not read or save the app's files", "in the language asked for");
    app.screenshot("explained").await;
    assert_eq!(std::fs::read_to_string(&state).expect("state read"), "{ not json", "left as it was");
    app.quit().await;
}

/// A web page on 127.0.0.1, served to every request until the test ends.
fn other_site() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            use std::io::{Read, Write};
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let body = "<!doctype html><title>Other</title><p id=\"other-site\">Another site</p>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{address}/")
}

/// Without a GPU the app asks WebKit to draw on the CPU rather than
/// through software GL (src-tauri/src/rendering.rs); a choice the person
/// made themselves stands.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_gpu_pages_are_drawn_on_the_cpu_unless_the_person_chose() {
    const VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
    let gpu = std::fs::read_dir("/dev/dri")
        .is_ok_and(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")));
    let expected = (!gpu).then(|| "1".to_string());

    let app = Desktop::launch("renderer", Launch { lang: Some("en"), ..Launch::default() }).await;
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;
    assert_eq!(app.web_process_env(VAR), vec![expected], "GPU render node present: {gpu}");
    app.quit().await;

    let env = vec![(VAR.to_string(), "0".to_string())];
    let app = Desktop::launch("renderer-chosen", Launch { lang: Some("en"), env, ..Launch::default() }).await;
    app.wait_text("welcome-title", "Connect Fortnox to Demo Sync").await;
    assert_eq!(app.web_process_env(VAR), vec![Some("0".to_string())]);
    app.quit().await;
}
