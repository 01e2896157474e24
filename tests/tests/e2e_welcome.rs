//! The first screen renders, reads correctly in both languages, and the
//! language switch works.

use fortnox_connect_tests::{Desktop, Launch};

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
