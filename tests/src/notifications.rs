//! A stand-in for the desktop's notification service on the test's D-Bus
//! session: it owns `org.freedesktop.Notifications` as a real one does,
//! records every `Notify` call (the freedesktop Notifications
//! specification), and can click a notification (the `ActionInvoked`
//! signal) or close it (`NotificationClosed`). Closing everything at the end
//! lets the notifier processes the app started end too.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

const PATH: &str = "/org/freedesktop/Notifications";
const NAME: &str = "org.freedesktop.Notifications";

/// One `Notify` call as the service received it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Pairs of action key and label.
    pub actions: Vec<String>,
    pub desktop_entry: Option<String>,
}

struct Service {
    shown: Arc<Mutex<Vec<Shown>>>,
    next: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Service {
    fn get_capabilities(&self) -> Vec<String> {
        vec!["actions".into(), "body".into(), "persistence".into()]
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let desktop_entry = hints.get("desktop-entry").and_then(|v| String::try_from(v.clone()).ok());
        self.shown.lock().expect("lock").push(Shown { id, app_name, summary, body, actions, desktop_entry });
        id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_server_information(&self) -> (String, String, String, String) {
        ("stand-in".into(), "fortnox-connect-tests".into(), "1".into(), "1.2".into())
    }

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(emitter: &SignalEmitter<'_>, id: u32, reason: u32) -> zbus::Result<()>;
}

/// The running stand-in.
pub struct Notifications {
    connection: zbus::Connection,
    shown: Arc<Mutex<Vec<Shown>>>,
}

impl Notifications {
    /// Takes the service's name on the session bus (`DBUS_SESSION_BUS_ADDRESS`,
    /// which scripts/test.sh's keyring session sets).
    pub async fn start() -> Notifications {
        let shown = Arc::new(Mutex::new(Vec::new()));
        let service = Service { shown: shown.clone(), next: AtomicU32::new(0) };
        let connection = zbus::connection::Builder::session()
            .expect("a session bus")
            .name(NAME)
            .expect("the name")
            .serve_at(PATH, service)
            .expect("the object")
            .build()
            .await
            .expect("the notification service's name is free on this session bus");
        Notifications { connection, shown }
    }

    pub fn shown(&self) -> Vec<Shown> {
        self.shown.lock().expect("lock").clone()
    }

    /// Waits until `count` notifications were shown (at most 20 s).
    pub async fn wait_for(&self, count: usize) -> Vec<Shown> {
        for _ in 0..200 {
            let shown = self.shown();
            if shown.len() >= count {
                return shown;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {count} notifications, saw {:?}", self.shown());
    }

    /// The person clicks notification `id`.
    pub async fn click(&self, id: u32) {
        let emitter = SignalEmitter::new(&self.connection, PATH).expect("path");
        Service::action_invoked(&emitter, id, "default").await.expect("signal sent");
    }

    /// Closes every notification shown (their notifier processes end).
    pub async fn close_all(&self) {
        let emitter = SignalEmitter::new(&self.connection, PATH).expect("path");
        for shown in self.shown() {
            let _ = Service::notification_closed(&emitter, shown.id, 2).await;
        }
    }
}
