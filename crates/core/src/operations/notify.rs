//! Telling the person when a connection needs them, without their opening
//! the app (service/attention.rs decides what is new): one problem is one
//! notice that names the company, says what happened and who must act; two
//! or more at once are one summary. The host shows it (a desktop
//! notification that opens the app there when clicked); with no way to show
//! it, the log line is all (docs/notifications.md).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Host, Operations};
use crate::catalogue::{ErrorCode, Who};
use crate::connection::Connection;

/// A desktop notification, worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: String,
    pub body: String,
    /// The button that opens the app on the problem ("Open").
    pub action: String,
    pub open: NoticeTarget,
    /// The language it is worded in (the app it opens speaks it too).
    pub lang: crate::lang::Lang,
}

/// Where the app opens when the notice is clicked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum NoticeTarget {
    /// That connection's problem, with the action that fixes it.
    Connection { id: String },
    /// The connections that need attention.
    Attention,
}

/// The app's flags that open it on a target; the same flags when it is
/// already running (they are handed over to it).
pub const SHOW_CONNECTION_FLAG: &str = "--show-connection";
pub const SHOW_ATTENTION_FLAG: &str = "--show-attention";

impl NoticeTarget {
    pub fn app_args(&self) -> Vec<String> {
        match self {
            NoticeTarget::Connection { id } => vec![SHOW_CONNECTION_FLAG.into(), id.clone()],
            NoticeTarget::Attention => vec![SHOW_ATTENTION_FLAG.into()],
        }
    }

    /// The target named by an app's arguments, if any.
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Option<NoticeTarget> {
        let at = |flag: &str| args.iter().position(|a| a.as_ref() == flag);
        if let Some(i) = at(SHOW_CONNECTION_FLAG) {
            return args.get(i + 1).map(|id| NoticeTarget::Connection { id: id.as_ref().to_string() });
        }
        at(SHOW_ATTENTION_FLAG).map(|_| NoticeTarget::Attention)
    }
}

/// Company names a summary lists before "and 3 more".
const NAMED: usize = 3;

impl<H: Host> Operations<H> {
    /// Tells the person about problems not told yet; returns how many.
    /// Best effort: a failure to read or show is a log line, never an
    /// error for the command that found the problem.
    pub async fn tell_new_problems(&self) -> usize {
        let new = match self.service.take_new_problems().await {
            Ok(new) => new,
            Err(e) => {
                tracing::warn!(code = e.code().as_str(), "could not read which problems were told");
                return 0;
            }
        };
        let lang = self.lang();
        let p = self.presenter(lang);
        // Nobody can do anything about what the app retries by itself.
        let new: Vec<(Connection, ErrorCode)> = new
            .into_iter()
            .filter(|(c, code)| p.explain(*code, &c.options, Some(c.account_type)).who != Who::NoOne)
            .collect();
        for (c, code) in &new {
            tracing::warn!(connection = %c.id, code = code.as_str(), "a connection needs a person");
        }
        let notice = match new.as_slice() {
            [] => return 0,
            [(c, code)] => {
                let problem = p.explain(*code, &c.options, Some(c.account_type));
                let company = p.company_label(
                    c.company.as_ref().map(|co| co.name.as_str()),
                    c.company.as_ref().map(|co| co.org_number.as_str()),
                );
                Notice {
                    summary: company,
                    body: p.notice_one(&problem.title, &problem.who_label),
                    action: p.notice_action(),
                    open: NoticeTarget::Connection { id: c.id.clone() },
                    lang,
                }
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .take(NAMED)
                    .map(|(c, _)| p.company_label(c.company.as_ref().map(|co| co.name.as_str()), None))
                    .collect();
                Notice {
                    summary: p.notice_many_title(many.len()),
                    body: p.notice_many_body(&names, many.len().saturating_sub(NAMED)),
                    action: p.notice_action(),
                    open: NoticeTarget::Attention,
                    lang,
                }
            }
        };
        if !self.host.notify(&notice) {
            tracing::info!("no desktop notification could be shown; the log has the problems");
        }
        new.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_goes_to_the_app_as_flags_and_comes_back() {
        for target in [NoticeTarget::Connection { id: "c_1".into() }, NoticeTarget::Attention] {
            let mut args = vec!["fortnox-connect-app".to_string(), "--lang".into(), "sv".into()];
            args.extend(target.app_args());
            assert_eq!(NoticeTarget::from_args(&args), Some(target));
        }
        assert_eq!(NoticeTarget::from_args(&["fortnox-connect-app", "--show-connection"]), None);
        assert_eq!(NoticeTarget::from_args(&["fortnox-connect-app"]), None);
    }
}
