//! Hands a notice to the app, which shows it on the desktop and waits for
//! it to be clicked (docs/notifications.md). The program that found the
//! problem — the CLI's `keepalive` or `token`, or the app itself — goes on
//! at once: a notification's click reaches only the process that sent it,
//! and the integration's `token` call cannot wait for a person.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fortnox_core::operations::Notice;

use crate::Wanted;

/// The app's flag for showing a notice and waiting for its click.
pub const NOTIFY_FLAG: &str = "--notify";
/// The notice's words, as JSON, in the environment rather than on the
/// command line: a process's arguments are readable by every user of the
/// computer, its environment only by its own (company names are the
/// customer's business).
pub const NOTICE_ENV: &str = "FORTNOX_CONNECT_NOTICE";

/// What `NOTICE_ENV` holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeText {
    pub summary: String,
    pub body: String,
    pub action: String,
}

/// The app's program file: this one when it is the app, else the one
/// installed beside this program (the CLI's).
pub fn app_program() -> Option<PathBuf> {
    let me = std::env::current_exe().ok()?;
    let name = format!("fortnox-connect-app{}", std::env::consts::EXE_SUFFIX);
    if me.file_name().is_some_and(|n| n == name.as_str()) {
        return Some(me);
    }
    let beside = me.parent()?.join(name);
    beside.is_file().then_some(beside)
}

/// The arguments that make the app show `notice` for the same profile and
/// data folder as this program, and open in the notice's language.
pub fn app_args(wanted: &Wanted, notice: &Notice) -> Vec<String> {
    let mut args = vec![NOTIFY_FLAG.to_string(), "--lang".into(), notice.lang.code().to_string()];
    args.extend(wanted_args(wanted));
    args.extend(notice.open.app_args());
    args
}

/// `--profile` and `--data-dir` as this program was given them (else the
/// app finds the same ones the same way).
pub fn wanted_args(wanted: &Wanted) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(profile) = &wanted.profile {
        args.extend(["--profile".to_string(), profile.display().to_string()]);
    }
    if let Some(data) = &wanted.data_dir {
        args.extend(["--data-dir".to_string(), data.display().to_string()]);
    }
    args
}

/// The notice's words for `NOTICE_ENV`.
pub fn notice_env(notice: &Notice) -> (&'static str, String) {
    let text = NoticeText { summary: notice.summary.clone(), body: notice.body.clone(), action: notice.action.clone() };
    (NOTICE_ENV, serde_json::to_string(&text).unwrap_or_default())
}

/// Starts `program` with `args` (and `env`) on its own: no terminal, not
/// waited for, not ended with this program. False when it could not start.
pub fn start_detached(program: &Path, args: &[String], env: &[(&str, String)]) -> bool {
    let mut command = Command::new(program);
    command.args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group: a Ctrl-C in the terminal that ran the
        // CLI does not reach it.
        command.process_group(0);
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const DETACHED_PROCESS: u32 = 0x0000_0008;
        const CREATE_NEW_PROCESS_GROUP: u32 = 0x0000_0200;
        command.creation_flags(DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP);
    }
    match command.spawn() {
        Ok(_) => true,
        Err(e) => {
            tracing::warn!(error = %e, program = %program.display(), "could not start the app to show a notification");
            false
        }
    }
}

/// Shows `notice` through the app; false when there is no app beside
/// this program (a server with the CLI alone) or it could not start.
pub fn hand_over(wanted: &Wanted, notice: &Notice) -> bool {
    match app_program() {
        Some(app) => start_detached(&app, &app_args(wanted, notice), &[notice_env(notice)]),
        None => {
            tracing::info!("no Fortnox Connect app beside this program to show a notification");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fortnox_core::Lang;
    use fortnox_core::operations::NoticeTarget;

    #[test]
    fn the_app_gets_the_notice_the_profile_the_folder_and_where_to_open() {
        let wanted = Wanted { profile: Some("/etc/p.toml".into()), data_dir: Some("/d".into()) };
        let notice = Notice {
            summary: "Bergs Bygg AB".into(),
            body: "Gone. You must act.".into(),
            action: "Open".into(),
            open: NoticeTarget::Connection { id: "c_1".into() },
            lang: Lang::Sv,
        };
        let args = app_args(&wanted, &notice);
        assert_eq!(args[0], NOTIFY_FLAG);
        assert!(!args.iter().any(|a| a.contains("Bergs Bygg")), "no company names on the command line");
        let (name, value) = notice_env(&notice);
        assert_eq!(name, NOTICE_ENV);
        let text: NoticeText = serde_json::from_str(&value).unwrap();
        assert_eq!((text.summary.as_str(), text.action.as_str()), ("Bergs Bygg AB", "Open"));
        assert!(args.windows(2).any(|w| w == ["--profile", "/etc/p.toml"]));
        assert!(args.windows(2).any(|w| w == ["--data-dir", "/d"]));
        assert!(args.windows(2).any(|w| w == ["--lang", "sv"]));
        assert_eq!(NoticeTarget::from_args(&args), Some(notice.open));
    }
}
