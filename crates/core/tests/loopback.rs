//! The loopback redirect for the browser and the CLI: 127.0.0.1 only, the
//! registered port, a clear error when it is busy, only browser
//! navigations accepted, a "you can close this window" page without the
//! code in the address bar, closed afterwards.

mod common;

use std::net::{Ipv4Addr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use fortnox_core::loopback::{LoopbackSurface, bind_loopback};
use fortnox_core::{AccountType, AuthorizationSurface, ConnectOutcome, ErrorCode, Lang, RedirectKind, SurfaceError};
use url::Url;

fn browser() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Plays the user's browser: logs in (scripted) and follows Fortnox's
/// redirect to the loopback listener, then to `/done`.
fn play_browser(url: &Url, seen: Arc<Mutex<Vec<(u16, String, String)>>>) {
    let url = url.clone();
    tokio::spawn(async move {
        let mut url = url;
        url.query_pairs_mut()
            .append_pair("sandbox_user", ADMIN)
            .append_pair("sandbox_password", "sandbox")
            .append_pair("sandbox_decision", "approve");
        let b = browser();
        let answer = b.get(url).send().await.unwrap();
        let callback = answer.headers()["location"].to_str().unwrap().to_string();
        let answer = b.get(&callback).header("sec-fetch-mode", "navigate").send().await.unwrap();
        let headers = answer.headers().clone();
        seen.lock().unwrap().push((
            answer.status().as_u16(),
            headers.get("location").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default(),
            format!(
                "{} {}",
                headers.get("cache-control").unwrap().to_str().unwrap(),
                headers.get("referrer-policy").unwrap().to_str().unwrap()
            ),
        ));
        let done = Url::parse(&callback).unwrap().join("/done").unwrap();
        let page = b.get(done).send().await.unwrap().text().await.unwrap();
        seen.lock().unwrap().push((200, String::new(), page));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_login_through_the_loopback_connects() {
    let mut env = Env::new().await;
    let port = fortnox_sandbox::free_port();
    env.sandbox.update_config(|c| c.app_mut(fortnox_sandbox::seed::DEMO_CLIENT_ID).unwrap().loopback_any_port = true);
    env.profile.redirect.loopback = Some(Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let printed = Arc::new(Mutex::new(None::<Url>));
    let (seen2, printed2) = (seen.clone(), printed.clone());
    let surface = LoopbackSurface::new(Lang::Sv, false, move |url| {
        *printed2.lock().unwrap() = Some(url.clone());
        play_browser(url, seen2.clone());
    });
    let mut req = request(&["invoices"], AccountType::User);
    req.redirect = RedirectKind::Loopback;
    let outcome = env.service().connect(&surface, req, &quiet()).await.unwrap();
    assert!(matches!(outcome, ConnectOutcome::Connected { .. }));

    let printed = printed.lock().unwrap().clone().unwrap();
    let redirect = printed.query_pairs().find(|(k, _)| k == "redirect_uri").unwrap().1.to_string();
    assert_eq!(redirect, format!("http://127.0.0.1:{port}/callback"));

    tokio::time::sleep(Duration::from_millis(200)).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].0, 303, "the browser is moved on");
    assert_eq!(seen[0].1, "/done", "to a bare page: the code leaves the address bar");
    assert_eq!(seen[0].2, "no-store no-referrer");
    assert!(seen[1].2.contains("du kan stänga"), "{}", seen[1].2);
    // The listener is gone.
    assert!(std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err());
}

#[tokio::test]
async fn a_busy_port_is_a_clear_error_naming_it() {
    let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    assert!(matches!(bind_loopback(port), Err(SurfaceError::PortBusy(p)) if p == port));

    let mut env = Env::new().await;
    env.sandbox.update_config(|c| c.app_mut(fortnox_sandbox::seed::DEMO_CLIENT_ID).unwrap().loopback_any_port = true);
    env.profile.redirect.loopback = Some(Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap());
    let surface = LoopbackSurface::new(Lang::En, false, |_| {});
    let mut req = request(&["invoices"], AccountType::User);
    req.redirect = RedirectKind::Loopback;
    let err = env.service().connect(&surface, req, &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::LoopbackPortBusy);
    assert!(err.to_string().contains(&port.to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_from_other_web_pages_are_refused() {
    let port = fortnox_sandbox::free_port();
    let redirect = Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap();
    let surface = Arc::new(LoopbackSurface::new(Lang::En, false, |_| {}));
    let authorize = Url::parse("https://apps.fortnox.se/oauth-v1/auth?state=x").unwrap();
    let task = {
        let (surface, redirect) = (surface.clone(), redirect.clone());
        tokio::spawn(async move { surface.authorize(&authorize, &redirect).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = browser();
    let target = format!("http://127.0.0.1:{port}/callback?code=stolen&state=x");
    let fetch = b.get(&target).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(fetch.status(), 403);
    let img =
        b.get(&target).header("sec-fetch-mode", "no-cors").header("sec-fetch-dest", "image").send().await.unwrap();
    assert_eq!(img.status(), 403);
    assert_eq!(b.get(format!("http://127.0.0.1:{port}/other")).send().await.unwrap().status(), 404);
    // A real navigation is still accepted afterwards.
    let nav = b.get(&target).header("sec-fetch-mode", "navigate").send().await.unwrap();
    assert_eq!(nav.status(), 303);
    let got = task.await.unwrap().unwrap();
    assert_eq!(got.query_pairs().find(|(k, _)| k == "code").unwrap().1, "stolen");
}

#[tokio::test]
async fn the_listener_closes_when_the_flow_times_out() {
    let mut env = Env::new().await;
    let port = fortnox_sandbox::free_port();
    env.sandbox.update_config(|c| c.app_mut(fortnox_sandbox::seed::DEMO_CLIENT_ID).unwrap().loopback_any_port = true);
    env.profile.redirect.loopback = Some(Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap());
    let service = env.service().with_authorize_timeout(Duration::from_millis(300));
    let surface = LoopbackSurface::new(Lang::En, false, |_| {});
    let mut req = request(&["invoices"], AccountType::User);
    req.redirect = RedirectKind::Loopback;
    let err = service.connect(&surface, req, &quiet()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthorizationNotCompleted);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(std::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err(), "closed after the timeout");
    assert!(bind_loopback(port).is_ok(), "and the port is free again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_port_can_be_bound_again_right_after_a_login() {
    let port = fortnox_sandbox::free_port();
    let redirect = Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap();
    for round in 0..2 {
        let surface = Arc::new(LoopbackSurface::new(Lang::En, false, |_| {}));
        let authorize = Url::parse("https://apps.fortnox.se/oauth-v1/auth?state=s").unwrap();
        let task = {
            let (surface, redirect) = (surface.clone(), redirect.clone());
            tokio::spawn(async move { surface.authorize(&authorize, &redirect).await })
        };
        tokio::time::sleep(Duration::from_millis(100)).await;
        // A browser that keeps its connection alive, as browsers do.
        let b = browser();
        let nav = b
            .get(format!("http://127.0.0.1:{port}/callback?code=c{round}&state=s"))
            .header("sec-fetch-mode", "navigate")
            .send()
            .await
            .unwrap();
        assert_eq!(nav.status(), 303);
        let page = b.get(format!("http://127.0.0.1:{port}/done")).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let got = task.await.unwrap().expect("the port was free again");
        assert!(got.as_str().contains(&format!("code=c{round}")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_for_another_login_is_ignored_and_the_login_goes_on() {
    // Any web page in the user's browser can navigate to the fixed port:
    // a forged or stale callback must neither end nor hijack the login.
    let port = fortnox_sandbox::free_port();
    let redirect = Url::parse(&format!("http://127.0.0.1:{port}/callback")).unwrap();
    let surface = Arc::new(LoopbackSurface::new(Lang::En, false, |_| {}));
    let authorize = Url::parse("https://apps.fortnox.se/oauth-v1/auth?state=the-real-state").unwrap();
    let task = {
        let (surface, redirect) = (surface.clone(), redirect.clone());
        tokio::spawn(async move { surface.authorize(&authorize, &redirect).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let b = browser();
    for forged in ["?error=access_denied&state=forged", "?code=evil&state=forged", "?error=access_denied", "?code=evil"]
    {
        let answer = b
            .get(format!("http://127.0.0.1:{port}/callback{forged}"))
            .header("sec-fetch-mode", "navigate")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{forged}");
        assert!(answer.text().await.unwrap().contains("not the login under way"), "{forged}");
        assert!(!task.is_finished(), "{forged} ended the login");
    }
    // An empty callback, as a web page can send: in the browser it is not
    // Fortnox's answer for a locked account (the login window's is), and
    // the login goes on.
    for empty in ["", "?"] {
        let answer = b
            .get(format!("http://127.0.0.1:{port}/callback{empty}"))
            .header("sec-fetch-mode", "navigate")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{empty:?}");
        assert!(answer.text().await.unwrap().contains("Fortnox sent no answer"), "{empty:?}");
        assert!(!task.is_finished(), "an empty callback ended the login");
    }
    let real = b
        .get(format!("http://127.0.0.1:{port}/callback?code=good&state=the-real-state"))
        .header("sec-fetch-mode", "navigate")
        .send()
        .await
        .unwrap();
    assert_eq!(real.status(), 303);
    let got = task.await.unwrap().unwrap();
    assert_eq!(got.query_pairs().find(|(k, _)| k == "code").unwrap().1, "good");
}
