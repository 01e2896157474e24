//! Every user action, declared once: start, list, connect, decide, verify,
//! enable, disable, re-authorize, switch account type, remove, activity,
//! diagnostics, open a page — and for the CLI token, refresh, keep-alive
//! and explain. Each takes a request and returns views that already carry
//! what a person sees, in both languages (`Both`): labels, the actions
//! each state allows, rendered problems. The desktop app's commands and
//! the CLI's subcommands are thin adapters; the UI only presents.
//!
//! The operations the UI may call are listed in `ipc.in`, the one list
//! from which the app's commands, their permissions and the TypeScript
//! map of requests and responses are made.

mod connect;
mod host;
mod manage;
mod notify;
mod present;
mod requests;
mod runtime;
mod update;
mod views;

use std::sync::RwLock;

pub use host::Host;
pub use notify::{Notice, NoticeTarget, SHOW_ATTENTION_FLAG, SHOW_CONNECTION_FLAG};
pub use present::Presenter;
pub use requests::*;
pub use runtime::{KeepaliveReport, TokenView};
pub use views::*;

pub use crate::catalogue::Problem;
use crate::connection::Connection;
use crate::error::Error;
use crate::lang::Lang;
use crate::messages::{self, keys};
use crate::service::FortnoxConnect;

macro_rules! ipc_operations {
    ($($name:ident($request:ty) -> $response:ty;)*) => {
        /// The names of the operations the UI may call.
        pub const IPC_OPERATIONS: &[&str] = &[$(stringify!($name)),*];

        /// The TypeScript map from operation to request and response.
        pub fn typescript_map() -> String {
            use ts_rs::TS;
            let cfg = ts_rs::Config::from_env();
            let mut out = String::from("export type Operations = {\n");
            $(
                out.push_str(&format!(
                    "  {}: {{ request: {}; response: {} }};\n",
                    stringify!($name),
                    <$request as TS>::name(&cfg),
                    <$response as TS>::name(&cfg)
                ));
            )*
            out.push_str("};\n");
            out
        }
    };
}
include!("ipc.in");

/// Facts about this run the operations cannot know from the profile.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub version: String,
    /// The built-in demo plays Fortnox.
    pub demo: bool,
    /// Where the profile came from (none: the built-in demo).
    pub profile_path: Option<std::path::PathBuf>,
}

/// The operations over one service and one host.
pub struct Operations<H: Host> {
    service: FortnoxConnect,
    host: H,
    run: RunInfo,
    lang: RwLock<Lang>,
    /// When the person had last looked at the list before this start of
    /// the app (`look_at_connections`).
    looked_at: RwLock<Option<time::OffsetDateTime>>,
    /// What the last look for an update of the app found.
    update: RwLock<update::UpdateSlot>,
    /// Connects under way: an update waits for them.
    setting_up: std::sync::atomic::AtomicUsize,
}

/// An operation's failure, in both languages (boxed: it is large, and the
/// success path should not pay for it).
pub type Failure = Box<Both<Problem>>;

impl<H: Host> Operations<H> {
    /// `lang`: the language asked for on the command line, if any; else
    /// the person's last choice; else the system's (`fallback`).
    pub fn new(service: FortnoxConnect, host: H, run: RunInfo, lang: Option<Lang>, fallback: Lang) -> Operations<H> {
        let lang = lang.or_else(|| service.saved_language()).unwrap_or(fallback);
        Operations {
            service,
            host,
            run,
            lang: RwLock::new(lang),
            looked_at: RwLock::new(None),
            update: RwLock::default(),
            setting_up: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    pub fn service(&self) -> &FortnoxConnect {
        &self.service
    }

    pub fn host(&self) -> &H {
        &self.host
    }

    pub fn lang(&self) -> Lang {
        *self.lang.read().unwrap_or_else(|e| e.into_inner())
    }

    fn presenter(&self, lang: Lang) -> Presenter<'_> {
        let looked_at = *self.looked_at.read().unwrap_or_else(|e| e.into_inner());
        Presenter { profile: self.service.profile(), lang, now: self.service.now(), looked_at }
    }

    /// Renders a view in both languages.
    fn both<T>(&self, make: impl Fn(&Presenter<'_>) -> T) -> Both<T> {
        Both::render(|lang| make(&self.presenter(lang)))
    }

    /// An error as the catalogue explains it, in both languages.
    pub fn failure(&self, error: &Error, connection: Option<&Connection>) -> Failure {
        Box::new(self.both(|p| p.problem(error, connection)))
    }

    /// The failure of an operation on a saved connection.
    fn failure_on(&self, error: &Error, id: &str) -> Failure {
        let connection = self.service.connection(id).ok();
        self.failure(error, connection.as_ref())
    }

    // ---- the app ----

    pub async fn app_info(&self, _: Nothing) -> Result<Both<AppInfo>, Failure> {
        Ok(self.app_info_now())
    }

    fn app_info_now(&self) -> Both<AppInfo> {
        self.both(|p| self.info(p))
    }

    fn info(&self, p: &Presenter<'_>) -> AppInfo {
        let profile = self.service.profile();
        let defaults = self.default_options();
        AppInfo {
            version: self.run.version.clone(),
            integration_name: profile.name.clone(),
            vendor: profile.vendor.clone(),
            vendor_contact: profile.vendor_contact.clone(),
            lang: self.lang(),
            demo: self.run.demo,
            options: profile
                .options
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    label: o.label.get(p.lang).to_string(),
                    help: o.help.as_ref().map(|h| h.get(p.lang).to_string()),
                    default: defaults.contains(&o.id),
                })
                .collect(),
            service_account_offered: profile.service_account.offered,
            service_account_recommended: profile.service_account.recommended,
            default_account_type: self.default_account_type(),
            browser_login: profile.redirect.loopback.is_some(),
            profile_label: match &self.run.profile_path {
                Some(path) => {
                    messages::text_with(p.lang, keys::ABOUT_PROFILE, &[("path", &path.display().to_string())])
                }
                None => messages::text(p.lang, keys::ABOUT_BUILTIN),
            },
            data_dir: self.service.data_dir().display().to_string(),
        }
    }

    /// What `app_info` and `list_connections` would answer, at once and
    /// without IPC, for the page's first frame; `None` when the list cannot
    /// be read (the page then asks, and shows the failure).
    /// The app starts: what changed since the person last looked is
    /// marked from now on, and the next start marks what changes after
    /// this one.
    pub async fn look_at_connections(&self) {
        match self.service.look_at_connections().await {
            Ok(before) => *self.looked_at.write().unwrap_or_else(|e| e.into_inner()) = before,
            Err(e) => tracing::warn!(code = e.code().as_str(), "could not note when the list was looked at"),
        }
    }

    pub fn first_screen(&self) -> Option<FirstScreenData> {
        Some(FirstScreenData { info: self.app_info_now(), list: self.connection_list().ok()?, show: None })
    }

    /// The UI painted its first screen: the line scripts/package.sh and the
    /// start-up benchmark wait for ("wizard ready", "connections ready").
    pub async fn ui_shown(&self, request: ShownRequest) -> Result<Nothing, Failure> {
        let integration = &self.service.profile().name;
        let PageTimes { script_ms, data_ms, rendered_ms, frame_ms, painted_ms } = request.times.unwrap_or_default();
        match request.screen {
            FirstScreen::Wizard => {
                tracing::info!(%integration, script_ms, data_ms, rendered_ms, frame_ms, painted_ms, "wizard ready")
            }
            FirstScreen::Connections => {
                tracing::info!(%integration, script_ms, data_ms, rendered_ms, frame_ms, painted_ms, "connections ready")
            }
            FirstScreen::Failed => tracing::info!(%integration, "start-up failure shown"),
        }
        Ok(Nothing {})
    }

    pub async fn set_language(&self, request: LanguageRequest) -> Result<Both<AppInfo>, Failure> {
        *self.lang.write().unwrap_or_else(|e| e.into_inner()) = request.lang;
        self.service.save_language(request.lang).await.map_err(|e| self.failure(&e, None))?;
        self.app_info(Nothing {}).await
    }

    /// The options a new connection starts with: those the profile marks
    /// as default, else the first (a connection needs at least one).
    pub fn default_options(&self) -> Vec<String> {
        let profile = self.service.profile();
        let defaults = profile.default_option_ids();
        if defaults.is_empty() { profile.options.iter().take(1).map(|o| o.id.clone()).collect() } else { defaults }
    }

    /// A service account when the profile offers and recommends one.
    pub fn default_account_type(&self) -> crate::connection::AccountType {
        let policy = self.service.profile().service_account;
        if policy.offered && policy.recommended {
            crate::connection::AccountType::Service
        } else {
            crate::connection::AccountType::User
        }
    }

    pub async fn cancel_connect(&self, _: Nothing) -> Result<Nothing, Failure> {
        self.host.cancel_login();
        Ok(Nothing {})
    }

    pub async fn open_external(&self, request: OpenRequest) -> Result<bool, Failure> {
        let profile = self.service.profile();
        let url = match request.target {
            ExternalTarget::FortnoxStart => profile.endpoints.auth_base.to_string(),
            ExternalTarget::FortnoxHelp => "https://support.fortnox.se/".to_string(),
            ExternalTarget::VendorContact => match profile.vendor_contact.as_deref() {
                Some(contact) if contact.contains('@') && !contact.contains(':') => format!("mailto:{contact}"),
                Some(contact) if contact.starts_with("https://") || contact.starts_with("mailto:") => contact.into(),
                _ => return Ok(false),
            },
        };
        Ok(self.host.open(&url))
    }

    /// The support bundle as a new file in the export folder.
    pub async fn export_diagnostics(&self, _: Nothing) -> Result<Both<Exported>, Failure> {
        let stamp = self.service.now().unix_timestamp();
        let (file, path) = self.new_export(&format!("fortnox-connect-diagnostics-{stamp}"), "zip")?;
        self.service
            .write_diagnostics(file, &path, &format!("Fortnox Connect {}", self.run.version))
            .map_err(|e| self.failure(&e, None))?;
        Ok(self.exported(&path))
    }

    /// A new file in the export folder (never an existing one).
    fn new_export(&self, stem: &str, ext: &str) -> Result<(std::fs::File, std::path::PathBuf), Failure> {
        let dir = self.host.export_dir();
        fortnox_platform::private::create_new_numbered(&dir, stem, ext).map_err(|source| {
            self.failure(&crate::error::Error::Storage { path: dir.join(format!("{stem}.{ext}")), source }, None)
        })
    }

    /// Writes the support bundle to `path` (the CLI's `--out`; the UI
    /// never names a path).
    pub fn export_diagnostics_to(&self, path: &std::path::Path) -> Result<Both<Exported>, Failure> {
        self.service
            .export_diagnostics(path, &format!("Fortnox Connect {}", self.run.version))
            .map_err(|e| self.failure(&e, None))?;
        Ok(self.exported(path))
    }

    /// "Saved to PATH", in both languages.
    fn exported(&self, path: &std::path::Path) -> Both<Exported> {
        let path = path.display().to_string();
        self.both(|p| Exported {
            path: path.clone(),
            notice: messages::text_with(p.lang, keys::ACTION_EXPORTED, &[("path", &path)]),
        })
    }

    /// The catalogue entry for a code (`fortnox-connect errors CODE`).
    pub fn explain(&self, code: crate::catalogue::ErrorCode) -> Both<Problem> {
        self.both(|p| p.explain(code, &[], None))
    }
}

/// A catalogue entry without a profile (`fortnox-connect errors`, or a
/// profile that cannot be read): the integration and its vendor named in
/// general terms.
pub fn explain_code(code: crate::catalogue::ErrorCode, details: &str) -> Both<Problem> {
    Both::render(|lang| {
        let ctx = crate::catalogue::Context {
            integration: messages::text(lang, keys::GENERIC_INTEGRATION),
            vendor: messages::text(lang, keys::GENERIC_VENDOR),
            ..Default::default()
        };
        crate::catalogue::render(code, details, &ctx, lang)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_bindings_operations_map() {
        let text = format!(
            "// Generated from crates/core/src/operations/ipc.in by `cargo test`. Do not edit.\n{}\n{}",
            typescript_imports(),
            typescript_map()
        );
        let dir = std::env::var("TS_RS_EXPORT_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings"));
        std::fs::write(dir.join("Operations.ts"), text).unwrap();
    }

    fn typescript_imports() -> String {
        let text = include_str!("ipc.in");
        let text = &text[text.find("ipc_operations!").unwrap()..];
        let mut names: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
            .filter(|w| !["Option", "Both"].contains(w) && !w.is_empty())
            .map(String::from)
            .collect();
        names.push("Both".into());
        names.sort();
        names.dedup();
        names.iter().map(|n| format!("import type {{ {n} }} from \"./{n}\";\n")).collect()
    }

    #[test]
    fn the_operation_list_names_each_once() {
        let mut names = IPC_OPERATIONS.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), IPC_OPERATIONS.len());
        assert!(IPC_OPERATIONS.contains(&"connect"));
    }
}
