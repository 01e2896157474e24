//! The keyboard alone, as a person without a mouse uses the app: where the
//! focus is, Tab and Shift+Tab until it reaches a control (which must show
//! a focus ring), and single keys.

use std::time::Duration;

use thirtyfour::Key;

use crate::Desktop;

/// The `data-testid` of the focused element.
pub async fn focused(app: &Desktop) -> String {
    let active = app.driver.active_element().await.expect("an active element");
    active.attr("data-testid").await.ok().flatten().unwrap_or_default()
}

/// An attribute of the focused element's nearest element that has it
/// (`data-id` of the row the focus is in).
pub async fn focused_within(app: &Desktop, attribute: &str) -> Option<String> {
    let found = app
        .driver
        .execute(
            "return document.activeElement?.closest(`[${arguments[0]}]`)?.getAttribute(arguments[0]) ?? null;",
            vec![serde_json::json!(attribute)],
        )
        .await
        .expect("script runs");
    found.json().as_str().map(str::to_string)
}

/// Presses Tab (or Shift+Tab, `back`) until `id` has the focus, and checks
/// that a focus ring is drawn on it.
pub async fn tab_until(app: &Desktop, id: &str, back: bool) {
    for _ in 0..60 {
        if focused(app).await == id {
            let ring = app
                .driver
                .execute(
                    "const s = getComputedStyle(document.activeElement);
                     return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';",
                    vec![],
                )
                .await
                .expect("style read");
            assert_eq!(ring.json(), &serde_json::json!(true), "`{id}` shows a focus ring");
            return;
        }
        let key = if back { Key::Shift + Key::Tab } else { Key::Tab.into() };
        app.driver.active_element().await.expect("active").send_keys(key).await.expect("Tab");
    }
    panic!("Tab never reached `{id}`; focus is on `{}`", focused(app).await);
}

/// Tab until `id` has the focus.
pub async fn tab_to(app: &Desktop, id: &str) {
    tab_until(app, id, false).await;
}

/// One key (or chord) to the focused element.
pub async fn press(app: &Desktop, key: impl Into<thirtyfour::TypingData>) {
    app.driver.active_element().await.expect("active").send_keys(key).await.expect("key");
}

/// Waits until the focus is on `id` (a step's heading after a change).
pub async fn wait_focus(app: &Desktop, id: &str) {
    for _ in 0..50 {
        if focused(app).await == id {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("focus did not move to `{id}`; it is on `{}`", focused(app).await);
}
