//! Builds the views of `views.rs` from core's state, in one language:
//! labels, health, allowed actions per state and rendered problems. The
//! rules of what a person may do next live here, once.

use time::OffsetDateTime;

use super::views::*;
use crate::catalogue::{self, Context, ErrorCode, Problem};
use crate::connection::{AccountType, ActivityEvent, ActivityKind, Connection, ConnectionState};
use crate::error::Error;
use crate::lang::Lang;
use crate::messages::{self, keys};
use crate::profile::Profile;
use crate::service::DecisionChoice;
use crate::verify::{CheckStatus, VerifyReport};

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Presents core's state in one language.
pub struct Presenter<'a> {
    pub profile: &'a Profile,
    pub lang: Lang,
    pub now: OffsetDateTime,
    /// When the person last looked at the connections (the app marks what
    /// changed after it); `None` outside the app.
    pub looked_at: Option<OffsetDateTime>,
}

impl Presenter<'_> {
    fn text(&self, key: &str) -> String {
        messages::text(self.lang, key)
    }

    fn text_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        messages::text_with(self.lang, key, args)
    }

    pub fn option_label(&self, id: &str) -> String {
        self.profile.option(id).map(|o| o.label.get(self.lang).to_string()).unwrap_or_else(|| id.to_string())
    }

    pub fn option_labels(&self, ids: &[String]) -> Vec<String> {
        ids.iter().map(|id| self.option_label(id)).collect()
    }

    fn context(&self, account_type: Option<AccountType>, options: &[String]) -> Context {
        Context {
            integration: self.profile.name.clone(),
            vendor: self.profile.vendor.clone(),
            vendor_contact: self.profile.vendor_contact.clone(),
            account_type,
            options: self.option_labels(options),
            option_ids: options.to_vec(),
        }
    }

    /// The catalogue entry for an error, with the profile's names and what
    /// the error concerns.
    pub fn problem(&self, error: &Error, connection: Option<&Connection>) -> Problem {
        let options: Vec<String> = match error {
            Error::AuthorizationRefused { options, .. } if !options.is_empty() => options.clone(),
            Error::Api { .. } => connection.map(|c| c.options.clone()).unwrap_or_default(),
            _ => vec![],
        };
        let ctx = self.context(connection.map(|c| c.account_type), &options);
        catalogue::render(error.code(), error.details(), &ctx, self.lang)
    }

    /// The catalogue entry for a code about some options (a failed check).
    pub fn explain(&self, code: ErrorCode, options: &[String], account_type: Option<AccountType>) -> Problem {
        catalogue::render(code, "", &self.context(account_type, options), self.lang)
    }

    pub fn company_label(&self, name: Option<&str>, org: Option<&str>) -> String {
        match (name, org) {
            (Some(name), Some(org)) => format!("{name} ({org})"),
            (Some(name), None) => name.to_string(),
            (None, Some(org)) => org.to_string(),
            (None, None) => self.text(keys::COMPANY_UNKNOWN),
        }
    }

    pub fn account_label(&self, account: AccountType) -> String {
        self.text(match account {
            AccountType::Service => keys::ACCOUNT_SERVICE_SHORT,
            AccountType::User => keys::ACCOUNT_USER_SHORT,
        })
    }

    pub fn state_label(&self, state: ConnectionState) -> String {
        self.text(match state {
            ConnectionState::Enabled => keys::STATE_ENABLED,
            ConnectionState::Disabled => keys::STATE_DISABLED,
            ConnectionState::Authorized => keys::STATE_AUTHORIZED,
            ConnectionState::NeedsReauthorization => keys::STATE_NEEDS_REAUTH,
            ConnectionState::Draft | ConnectionState::Authorizing | ConnectionState::Removed => keys::STATE_OTHER,
        })
    }

    pub fn connection(&self, c: &Connection) -> ConnectionView {
        let company_name = c.company.as_ref().map(|co| co.name.clone());
        let org_number = c.company.as_ref().map(|co| co.org_number.clone());
        let company_label = self.company_label(company_name.as_deref(), org_number.as_deref());
        let expires = c.refresh_expires_at();
        // Rounded up: "45 days" right after a refresh, "1 day" on the last.
        let expires_in_days = expires.map(|e| ((e - self.now).whole_seconds().max(0) + 86_399) / 86_400);
        let missing = self.profile.options_missing_scopes(&c.options, &c.scopes);
        let last_error = c.last_error.as_ref().map(|e| LastErrorView {
            code: e.code,
            title: self.explain(e.code, &[], Some(c.account_type)).title,
            at: rfc3339(e.at),
            details: e.details.clone(),
        });

        let mut health = Vec::new();
        let needs_reauth = c.state == ConnectionState::NeedsReauthorization;
        if needs_reauth {
            health.push(HealthLine { text: self.text(keys::HEALTH_NEEDS_REAUTH), warn: true });
        } else if c.broker_connection.is_some() {
            let text = self.text_with(keys::HEALTH_BROKER, &[("vendor", &self.profile.vendor)]);
            health.push(HealthLine { text, warn: false });
        } else if let Some(days) = expires_in_days {
            let days = days.to_string();
            health.push(HealthLine { text: self.text_with(keys::HEALTH_EXPIRES, &[("days", &days)]), warn: false });
        }
        if !missing.is_empty() {
            let options = self.option_labels(&missing).join(", ");
            let text = self.text_with(keys::HEALTH_MISSING_SCOPES, &[("options", &options)]);
            health.push(HealthLine { text, warn: true });
        }
        if let Some(error) = last_error.as_ref().filter(|_| !needs_reauth) {
            let text = self.text_with(keys::HEALTH_LAST_ERROR, &[("title", &error.title)]);
            health.push(HealthLine { text, warn: true });
        }
        let needs_attention = health.iter().any(|h| h.warn);
        let attention_label = health.iter().find(|h| h.warn).map(|h| h.text.clone());
        let changed = self.looked_at.and_then(|looked| {
            let code = crate::service::needs_person(c)?;
            let at = c.last_error.as_ref().map(|e| e.at).filter(|at| *at > looked)?;
            Some(ChangeNote {
                at: rfc3339(at),
                what: catalogue::render(code, "", &self.context(Some(c.account_type), &c.options), self.lang).title,
            })
        });
        let last_renewal_label = if c.broker_connection.is_some() {
            self.text(keys::TABLE_RENEWED_AUTOMATIC)
        } else {
            c.refresh_issued_at
                .map(|t| format!("{}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
                .unwrap_or_else(|| "—".to_string())
        };

        let company = company_label.as_str();
        let connected_title = if c.state == ConnectionState::Enabled {
            self.text_with(keys::DONE_TITLE, &[("company", company)])
        } else {
            self.text_with(keys::DONE_AUTHORIZED_TITLE, &[("company", company)])
        };
        ConnectionView {
            id: c.id.clone(),
            company_name,
            org_number,
            tenant_id: c.tenant_id.clone(),
            account_type: c.account_type,
            account_label: self.account_label(c.account_type),
            state: c.state,
            state_label: self.state_label(c.state),
            options: c.options.clone(),
            options_label: self.option_labels(&c.options).join(", "),
            scopes: c.scopes.clone(),
            actions: self.connection_actions(c, !missing.is_empty(), company),
            connected_title,
            fortnox_where: self.text(keys::DONE_WHERE),
            refresh_expires_at: expires.map(rfc3339),
            refresh_expires_in_days: expires_in_days,
            last_refresh_at: c.refresh_issued_at.map(rfc3339),
            last_renewal_label,
            attention_label,
            changed,
            last_error,
            approved_by: c.approved_by.clone(),
            options_missing_scopes: missing,
            created_at: rfc3339(c.created_at),
            renewed_by_broker: c.broker_connection.is_some(),
            company_label,
            health,
            needs_attention,
        }
    }

    /// Which actions each state allows, in the order they are shown. The
    /// first that fixes what is wrong is the primary one.
    fn connection_actions(&self, c: &Connection, missing_scopes: bool, company: &str) -> Vec<ConnectionButton> {
        use ConnectionAction as A;
        let reauthorize_first = c.state == ConnectionState::NeedsReauthorization || missing_scopes;
        let mut actions: Vec<(ConnectionAction, bool)> = Vec::new();
        if reauthorize_first {
            actions.push((A::Reauthorize, true));
        }
        match c.state {
            ConnectionState::Enabled => actions.push((A::Disable, false)),
            ConnectionState::Disabled | ConnectionState::Authorized => actions.push((A::Enable, !reauthorize_first)),
            _ => {}
        }
        if !reauthorize_first {
            actions.push((A::Reauthorize, false));
        }
        actions.push((A::Verify, false));
        actions.push((A::SwitchAccountType { to: c.account_type.other() }, false));
        actions.push((A::Activity, false));
        actions.push((A::Remove, false));
        actions
            .into_iter()
            .map(|(action, primary)| ConnectionButton {
                label: self.action_label(action),
                confirm: self.confirm(c, action, company),
                action,
                primary,
            })
            .collect()
    }

    /// What is asked before removing or remaking a connection.
    /// `company` is the connection's label, worded once by `connection`.
    fn confirm(&self, c: &Connection, action: ConnectionAction, company: &str) -> Option<ConfirmView> {
        let company = [("company", company)];
        let service = c.account_type == AccountType::Service;
        match action {
            ConnectionAction::Remove => Some(ConfirmView {
                title: self.text_with(keys::REMOVE_CONFIRM_TITLE, &company),
                text: self.text_with(keys::REMOVE_CONFIRM_TEXT, &[("name", &self.profile.name)]),
                note: service.then(|| self.text(keys::REMOVE_CONFIRM_SERVICE)),
                confirm: self.text(keys::REMOVE_CONFIRM),
                danger: true,
                open_fortnox: service.then(|| self.text(keys::REMOVE_OPEN_FORTNOX)),
            }),
            ConnectionAction::SwitchAccountType { to } => Some(ConfirmView {
                title: self.text_with(keys::SWITCH_CONFIRM_TITLE, &company),
                text: self.text_with(keys::SWITCH_CONFIRM_TEXT, &[("to", to.as_str())]),
                note: None,
                confirm: self.text(keys::SWITCH_CONFIRM),
                danger: false,
                open_fortnox: None,
            }),
            _ => None,
        }
    }

    fn action_label(&self, action: ConnectionAction) -> String {
        use ConnectionAction as A;
        self.text(match action {
            A::Enable => keys::ACTION_ENABLE,
            A::Disable => keys::ACTION_DISABLE,
            A::Reauthorize => keys::ACTION_REAUTHORIZE,
            A::Verify => keys::ACTION_RECHECK,
            A::SwitchAccountType { to: AccountType::Service } => keys::ACTION_SWITCH_TO_SERVICE,
            A::SwitchAccountType { to: AccountType::User } => keys::ACTION_SWITCH_TO_USER,
            A::Activity => keys::ACTION_ACTIVITY,
            A::Remove => keys::ACTION_REMOVE,
        })
    }

    pub fn list(&self, connections: &[Connection]) -> ConnectionList {
        let connections: Vec<ConnectionView> = connections.iter().map(|c| self.connection(c)).collect();
        let attention = connections.iter().filter(|c| c.needs_attention).count();
        let summary = self.summary(connections.len(), attention);
        let sign_out = (!connections.is_empty()).then(|| self.sign_out(connections.len()));
        ConnectionList { connections, summary, sign_out }
    }

    fn sign_out(&self, count: usize) -> SignOutView {
        let count = count.to_string();
        let args = [("count", count.as_str()), ("integration", self.profile.name.as_str())];
        SignOutView {
            label: self.text(keys::SIGN_OUT_LABEL),
            confirm: ConfirmView {
                title: self.text(keys::SIGN_OUT_TITLE),
                text: self.text_with(keys::SIGN_OUT_TEXT, &args),
                note: None,
                confirm: self.text(keys::SIGN_OUT_CONFIRM),
                danger: true,
                open_fortnox: None,
            },
        }
    }

    /// A notice's text for one problem: what happened, and who must act.
    pub fn notice_one(&self, what: &str, who: &str) -> String {
        self.text_with(keys::NOTIFY_ONE, &[("what", what), ("who", who)])
    }

    /// "3 client connections need you".
    pub fn notice_many_title(&self, count: usize) -> String {
        self.text_with(keys::NOTIFY_MANY_TITLE, &[("count", &count.to_string())])
    }

    /// "Bergs Bygg AB, Sjö Café and Ek Måleri AB" / "…, and 4 more".
    pub fn notice_many_body(&self, names: &[String], more: usize) -> String {
        let names = names.join(", ");
        if more == 0 {
            self.text_with(keys::NOTIFY_MANY_BODY, &[("names", &names)])
        } else {
            self.text_with(keys::NOTIFY_MANY_BODY_MORE, &[("names", &names), ("more", &more.to_string())])
        }
    }

    /// The notice's button: open the app there.
    pub fn notice_action(&self) -> String {
        self.text(keys::NOTIFY_OPEN)
    }

    /// "3 connections disabled" / "enabled".
    pub fn bulk_enabled(&self, count: usize, enabled: bool) -> String {
        let key = if enabled { keys::TABLE_BULK_ENABLED } else { keys::TABLE_BULK_DISABLED };
        self.text_with(key, &[("count", &count.to_string())])
    }

    /// "This computer is signed out: 3 connections were stopped in Fortnox."
    pub fn signed_out(&self, count: usize) -> String {
        self.text_with(keys::SIGN_OUT_DONE, &[("count", &count.to_string())])
    }

    /// "412 connected, 3 need attention".
    pub fn summary(&self, total: usize, attention: usize) -> String {
        let (total, attention) = (total.to_string(), attention.to_string());
        self.text_with(keys::CONNECTIONS_SUMMARY, &[("total", &total), ("attention", &attention)])
    }

    /// What verification found. `expected_org` is the client the person
    /// expected (shown as confirmed when it matches).
    pub fn verify(
        &self,
        report: &VerifyReport,
        account_type: AccountType,
        expected_org: Option<&str>,
        decision_pending: bool,
    ) -> VerifyView {
        let company = report.company.as_ref();
        let approver_label = match (account_type, &report.approved_by) {
            (AccountType::Service, approver) => Some(self.service_approver(approver.as_ref().map(|a| a.name.as_str()))),
            (AccountType::User, Some(a)) => Some(match a.sysadmin {
                Some(true) => self.text_with(keys::VERIFY_APPROVER_ADMIN, &[("name", &a.name)]),
                Some(false) => self.text_with(keys::VERIFY_APPROVER_NOT_ADMIN, &[("name", &a.name)]),
                None => a.name.clone(),
            }),
            (AccountType::User, None) => None,
        };
        let expected_label = match (expected_org.filter(|o| !o.trim().is_empty()), company) {
            (Some(_), Some(c)) if !decision_pending => {
                Some(format!("✓ {}", self.text_with(keys::VERIFY_EXPECTED_OK, &[("org", &c.org_number)])))
            }
            _ => None,
        };
        let checks: Vec<CheckView> = report
            .options
            .iter()
            .map(|check| CheckView {
                option_id: check.option_id.clone(),
                label: self.option_label(&check.option_id),
                status: check.status,
                status_label: self.text(match check.status {
                    CheckStatus::Works => keys::VERIFY_WORKS,
                    CheckStatus::Fails => keys::VERIFY_FAILS,
                    CheckStatus::NotChecked => keys::VERIFY_NOT_CHECKED,
                }),
                problem: check
                    .failure()
                    .map(|code| self.explain(code, std::slice::from_ref(&check.option_id), Some(account_type))),
            })
            .collect();
        let all_work = report.all_work();
        VerifyView {
            company_name: company.map(|c| c.name.clone()),
            org_number: company.map(|c| c.org_number.clone()),
            tenant_id: report.tenant_id.clone(),
            approver_label,
            expected_label,
            checks,
            all_work,
            summary: self.text(if all_work { keys::VERIFY_ALL_GOOD } else { keys::VERIFY_SOME_FAIL }),
            enable_label: self.text(if all_work { keys::VERIFY_ENABLE } else { keys::VERIFY_ENABLE_ANYWAY }),
            can_enable: company.is_some(),
        }
    }

    /// "Service account (Eva Ek)", or just "Service account" when Fortnox
    /// gives its service user's generic name, which would say it twice.
    fn service_approver(&self, name: Option<&str>) -> String {
        let label = self.text(keys::VERIFY_SERVICE_ACCOUNT);
        let generic = [Lang::Sv, Lang::En].map(|l| messages::text(l, keys::VERIFY_SERVICE_ACCOUNT).to_lowercase());
        match name.map(str::trim).filter(|n| !n.is_empty() && !generic.contains(&n.to_lowercase())) {
            Some(name) => format!("{label} ({name})"),
            None => label,
        }
    }

    pub fn wrong_company(&self, id: &str, expected: &str, actual: Option<(&str, &str)>) -> DecisionView {
        let actual = actual.map(|(name, org)| format!("{name} ({org})")).unwrap_or_else(|| "?".into());
        DecisionView {
            id: id.to_string(),
            kind: "wrong_company".into(),
            title: self.text(keys::DECISION_WRONG_TITLE),
            text: self.text_with(keys::DECISION_WRONG_TEXT, &[("expected", expected), ("actual", &actual)]),
            choices: vec![
                DecisionButton {
                    choice: DecisionChoice::Discard,
                    label: self.text(keys::DECISION_TRY_AGAIN),
                    primary: true,
                },
                DecisionButton { choice: DecisionChoice::Keep, label: self.text(keys::DECISION_KEEP), primary: false },
            ],
        }
    }

    pub fn already_connected(&self, id: &str, existing: &Connection) -> DecisionView {
        let company = self.connection(existing).company_label;
        DecisionView {
            id: id.to_string(),
            kind: "already_connected".into(),
            title: self.text(keys::DECISION_EXISTING_TITLE),
            text: self.text_with(keys::DECISION_EXISTING_TEXT, &[("company", &company)]),
            choices: vec![
                DecisionButton {
                    choice: DecisionChoice::UseExisting,
                    label: self.text(keys::DECISION_USE_EXISTING),
                    primary: true,
                },
                DecisionButton { choice: DecisionChoice::Discard, label: self.text(keys::CANCEL), primary: false },
            ],
        }
    }

    pub fn activity(&self, connection: &Connection, events: &[ActivityEvent]) -> ActivityView {
        let company = self.connection(connection).company_label;
        ActivityView {
            title: self.text_with(keys::ACTIVITY_TITLE, &[("company", &company)]),
            empty: self.text(keys::ACTIVITY_EMPTY),
            lines: events.iter().rev().map(|e| self.activity_line(e)).collect(),
        }
    }

    /// An event in words, rendered when shown (events are stored as data).
    pub fn activity_line(&self, event: &ActivityEvent) -> ActivityLine {
        let text = match event.kind {
            ActivityKind::Connected => self.text(keys::ACTIVITY_CONNECTED),
            ActivityKind::Reauthorized => self.text(keys::ACTIVITY_REAUTHORIZED),
            ActivityKind::Verified if event.options.is_empty() => self.text(keys::ACTIVITY_VERIFIED_OK),
            ActivityKind::Verified => {
                let options = self.option_labels(&event.options).join(", ");
                self.text_with(keys::ACTIVITY_VERIFIED_FAILING, &[("options", &options)])
            }
            ActivityKind::Enabled => self.text(keys::ACTIVITY_ENABLED),
            ActivityKind::Disabled => self.text(keys::ACTIVITY_DISABLED),
            ActivityKind::Refreshed => self.text(keys::ACTIVITY_REFRESHED),
            ActivityKind::Removed => self.text(keys::ACTIVITY_REMOVED),
            ActivityKind::Error => match event.code {
                Some(code) => self.explain(code, &event.options, None).title,
                None => self.text(keys::ERROR_UNKNOWN_TITLE),
            },
        };
        let warn =
            event.kind == ActivityKind::Error || (event.kind == ActivityKind::Verified && !event.options.is_empty());
        ActivityLine { at: rfc3339(event.at), text, warn }
    }
}
