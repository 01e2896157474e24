//! The daily keep-alive on Windows: a per-user Task Scheduler job, which
//! the installer registers and the uninstaller removes (through the CLI's
//! `schedule install|remove`). Linux's .deb ships a systemd user timer
//! instead (packaging/systemd), so there is nothing to register there.
//!
//! The task runs as the person, only while they are logged on
//! (`InteractiveToken`): Credential Manager, where the tokens are, opens
//! only in their own logon session. It starts late when the computer was
//! off or asleep at the set time, never twice at once, and on battery too.

use std::path::{Path, PathBuf};

/// The task's name in Task Scheduler (per user: `\Fortnox Connect keep-alive`).
pub const TASK_NAME: &str = "Fortnox Connect keep-alive";

/// What the task runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeepAliveTask {
    pub program: PathBuf,
    pub arguments: Vec<String>,
    /// Shown in Task Scheduler.
    pub description: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("this system has no per-user Task Scheduler; the package's own timer keeps connections alive")]
    Unsupported,
    #[error("could not write the task's definition: {0}")]
    Io(#[from] std::io::Error),
    #[error("schtasks {action} failed ({status}): {output}")]
    Failed { action: &'static str, status: String, output: String },
}

/// The task in Task Scheduler's XML schema (version 1.2, Windows 7 and
/// later): daily at noon within an hour's random delay, late if missed.
pub fn task_xml(task: &KeepAliveTask) -> String {
    let arguments = task.arguments.iter().map(|a| quote_argument(a)).collect::<Vec<_>>().join(" ");
    format!(
        r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{description}</Description>
  </RegistrationInfo>
  <Triggers>
    <CalendarTrigger>
      <StartBoundary>2026-01-01T12:00:00</StartBoundary>
      <RandomDelay>PT1H</RandomDelay>
      <ScheduleByDay>
        <DaysInterval>1</DaysInterval>
      </ScheduleByDay>
    </CalendarTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{program}</Command>
      <Arguments>{arguments}</Arguments>
    </Exec>
  </Actions>
</Task>
"#,
        description = escape(&task.description),
        program = escape(&task.program.to_string_lossy()),
        arguments = escape(&arguments),
    )
}

/// Quotes an argument the way Windows programs split their command line
/// (only when it has a space or a quote; our arguments have neither).
fn quote_argument(argument: &str) -> String {
    if argument.is_empty() || argument.contains([' ', '\t', '"']) {
        format!("\"{}\"", argument.replace('"', "\\\""))
    } else {
        argument.to_string()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// UTF-16 little-endian with a byte-order mark: what `schtasks /XML`
/// reads on every Windows version (and Wine).
fn utf16_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

/// Registers (or replaces) the task for the person running this.
pub fn install(task: &KeepAliveTask) -> Result<(), ScheduleError> {
    if !cfg!(windows) {
        return Err(ScheduleError::Unsupported);
    }
    let mut file = tempfile::Builder::new().prefix("fortnox-connect-task-").suffix(".xml").tempfile()?;
    std::io::Write::write_all(&mut file, &utf16_with_bom(&task_xml(task)))?;
    // Closed first: schtasks opens the file without sharing writes.
    let file = file.into_temp_path();
    schtasks("create", &["/Create", "/TN", TASK_NAME, "/XML", &file.to_string_lossy(), "/F"]).map(drop)
}

/// Removes the task; `Ok(false)` when there was none. Deleting is tried
/// first and its failure read afterwards: `schtasks` words "not found" in
/// the system's language.
pub fn remove() -> Result<bool, ScheduleError> {
    match schtasks("delete", &["/Delete", "/TN", TASK_NAME, "/F"]) {
        Ok(_) => Ok(true),
        Err(e) if is_installed()? => Err(e),
        Err(_) => Ok(false),
    }
}

/// Whether the task is registered: Task Scheduler prints its definition.
pub fn is_installed() -> Result<bool, ScheduleError> {
    if !cfg!(windows) {
        return Err(ScheduleError::Unsupported);
    }
    let output = std::process::Command::new(schtasks_exe()).args(["/Query", "/TN", TASK_NAME, "/XML"]).output()?;
    Ok(output.status.success() && !output.stdout.iter().all(u8::is_ascii_whitespace))
}

fn schtasks(action: &'static str, args: &[&str]) -> Result<String, ScheduleError> {
    if !cfg!(windows) {
        return Err(ScheduleError::Unsupported);
    }
    let output = std::process::Command::new(schtasks_exe()).args(args).output()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    if output.status.success() {
        Ok(text)
    } else {
        Err(ScheduleError::Failed { action, status: output.status.to_string(), output: text.trim().to_string() })
    }
}

/// `%SystemRoot%\System32\schtasks.exe`, so a `schtasks` earlier on PATH
/// (a folder the person can write to) is never the one run.
fn schtasks_exe() -> PathBuf {
    std::env::var_os("SystemRoot")
        .map(|root| Path::new(&root).join("System32").join("schtasks.exe"))
        .filter(|exe| exe.is_file())
        .unwrap_or_else(|| PathBuf::from("schtasks"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> KeepAliveTask {
        KeepAliveTask {
            program: PathBuf::from(
                r"C:\Users\Åsa & Öberg\AppData\Local\Programs\Fortnox Connect\fortnox-connect-app.exe",
            ),
            arguments: vec!["--keepalive".into()],
            description: "Keeps Fortnox connections <alive>".into(),
        }
    }

    #[test]
    fn the_task_runs_the_program_as_the_person_daily_and_late_if_missed() {
        let xml = task_xml(&task());
        assert!(xml.contains(
            r"<Command>C:\Users\Åsa &amp; Öberg\AppData\Local\Programs\Fortnox Connect\fortnox-connect-app.exe</Command>"
        ));
        assert!(xml.contains("<Arguments>--keepalive</Arguments>"));
        assert!(xml.contains("<Description>Keeps Fortnox connections &lt;alive&gt;</Description>"));
        assert!(xml.contains("<LogonType>InteractiveToken</LogonType>"), "Credential Manager needs the person's logon");
        assert!(xml.contains("<StartWhenAvailable>true</StartWhenAvailable>"));
        assert!(xml.contains("<DaysInterval>1</DaysInterval>"));
    }

    #[test]
    fn arguments_with_spaces_are_quoted() {
        assert_eq!(quote_argument("--keepalive"), "--keepalive");
        assert_eq!(quote_argument(r"C:\Åsa Öberg\data"), r#""C:\Åsa Öberg\data""#);
        assert_eq!(quote_argument(""), r#""""#);
    }

    #[test]
    fn the_definition_is_utf16_with_a_byte_order_mark() {
        let bytes = utf16_with_bom("<Å>");
        assert_eq!(bytes, [0xFF, 0xFE, b'<', 0, 0xC5, 0, b'>', 0]);
    }

    #[cfg(not(windows))]
    #[test]
    fn elsewhere_there_is_nothing_to_register() {
        assert!(matches!(install(&task()), Err(ScheduleError::Unsupported)));
    }
}
