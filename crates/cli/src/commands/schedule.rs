//! `schedule install|remove|status`: the daily keep-alive in Windows'
//! Task Scheduler. The installer runs `install`, the uninstaller `remove`.

use fortnox_core::messages::{self, keys};
use fortnox_platform::schedule::{self, ScheduleError, TASK_NAME};
use serde_json::json;

use super::Out;
use crate::args::ScheduleCommand;
use crate::exit::ExitCode;
use crate::output::line;

pub fn run(command: ScheduleCommand, out: &Out) -> ExitCode {
    let result = match command {
        ScheduleCommand::Install => {
            schedule::install(&fortnox_launch::keepalive_task(out.lang)).map(|()| (true, keys::CLI_SCHEDULE_PRESENT))
        }
        ScheduleCommand::Remove => schedule::remove().map(|_| (false, keys::CLI_SCHEDULE_REMOVED)),
        ScheduleCommand::Status => schedule::is_installed()
            .map(|on| (on, if on { keys::CLI_SCHEDULE_PRESENT } else { keys::CLI_SCHEDULE_ABSENT })),
    };
    match result {
        Ok((scheduled, key)) => {
            if out.json {
                line(&json!({ "scheduled": scheduled, "task": TASK_NAME }));
            } else {
                outln!("{}", messages::text_with(out.lang, key, &[("task", TASK_NAME)]));
            }
            ExitCode::Success
        }
        Err(ScheduleError::Unsupported) => {
            report(out, "schedule_unsupported", messages::text(out.lang, keys::CLI_SCHEDULE_UNSUPPORTED));
            ExitCode::Usage
        }
        Err(e) => {
            let reason = e.to_string();
            report(
                out,
                "schedule_failed",
                messages::text_with(out.lang, keys::CLI_SCHEDULE_FAILED, &[("reason", &reason)]),
            );
            ExitCode::MustAct
        }
    }
}

fn report(out: &Out, code: &str, text: String) {
    if out.json {
        line(&json!({ "error": { "code": code, "title": text } }));
    } else {
        eoutln!("{text}");
    }
}
