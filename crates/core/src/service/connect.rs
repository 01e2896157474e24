//! Connecting: the authorize URL, waiting for Fortnox's answer to this
//! login, the code exchange and verification, then the company checks
//! (`decide.rs`) and saving (`save.rs`).

use url::Url;

use super::FortnoxConnect;
use super::outcome::{ConnectOutcome, ConnectProgress, Progress};
use super::write_ahead::WrittenAhead;
use crate::catalogue::{ErrorCode, classify_authorization_error};
use crate::checkpoint;
use crate::error::{Error, NotCompleted, Result, StateProblem};
use crate::oauth::authorize::{AuthorizeRequest, build_authorize_url};
use crate::oauth::callback::{Callback, parse_callback};
use crate::oauth::preflight::{refusal_before_login, unsupported_options};
use crate::oauth::{Exchanged, Pending};
use crate::secret::AuthorizationCode;
use crate::surface::{AuthorizationSurface, SurfaceError};
use crate::verify::{VerifyReport, probe_count, verify};

fn not_completed(error: SurfaceError) -> Error {
    match error {
        SurfaceError::Closed => Error::AuthorizationNotCompleted(NotCompleted::WindowClosed),
        SurfaceError::Cancelled => Error::AuthorizationNotCompleted(NotCompleted::Cancelled),
        SurfaceError::TimedOut => Error::AuthorizationNotCompleted(NotCompleted::TimedOut),
        SurfaceError::PortBusy(port) => Error::LoopbackPortBusy { port },
        SurfaceError::Failed(detail) => Error::LoginUnavailable(detail),
    }
}

impl FortnoxConnect {
    /// Runs a whole authorization through `surface`: build the URL, wait
    /// for Fortnox's answer (at most 10 minutes), exchange, verify, check
    /// and save.
    pub async fn connect<S: AuthorizationSurface>(
        &self,
        surface: &S,
        request: AuthorizeRequest,
        progress: Progress<'_>,
    ) -> Result<ConnectOutcome> {
        if let Some(id) = &request.connection_id {
            self.connection(id)?;
        }
        // No point logging in if the result could not be exchanged or
        // kept afterwards: an approval nobody keeps stays active at Fortnox.
        self.stores.secrets.check_writable()?;
        self.remote.tokens.ready().await?;
        let (url, mut pending) = build_authorize_url(&self.profile, &request, self.now())?;
        pending.broker_verifier =
            self.remote.tokens.bind_login(&pending.state, &pending.redirect_uri, request.account_type).await?;
        let (state, redirect_uri) = (pending.state.clone(), pending.redirect_uri.clone());
        // A refusal Fortnox shows before the login is explained now, not
        // left in the login window to end as "not completed".
        if let Some((error, description)) = refusal_before_login(&self.remote.http, &url, &redirect_uri).await {
            let code = classify_authorization_error(&error, description.as_deref());
            if !matches!(code, ErrorCode::Unknown | ErrorCode::AuthorizationNotCompleted) {
                let refused = Error::AuthorizationRefused { code, error, description, options: Vec::new() };
                return Err(self.name_unsupported_options(refused, &request).await);
            }
        }
        // The person takes seconds to log in: time enough to have the
        // connections for the verification round open when the code comes.
        self.remote.api.warm_up(probe_count(&self.profile, &request.options, &pending.scopes));
        self.flows.pending.insert(pending);
        progress(ConnectProgress::WaitingForFortnox {
            host: url.host_str().unwrap_or_default().to_string(),
            url: url.to_string(),
        });
        let callback =
            match tokio::time::timeout(self.settings.authorize_timeout, surface.authorize(&url, &redirect_uri)).await {
                Ok(Ok(callback)) => callback,
                Ok(Err(e)) => Err(not_completed(e)).inspect_err(|_| self.flows.pending.cancel(&state))?,
                Err(_) => Err(Error::AuthorizationNotCompleted(NotCompleted::TimedOut))
                    .inspect_err(|_| self.flows.pending.cancel(&state))?,
            };
        match self.complete(&state, &redirect_uri, &callback, progress).await {
            Err(refused) => Err(self.name_unsupported_options(refused, &request).await),
            done => done,
        }
    }

    /// An unsupported scope names the options to drop, so the person can
    /// go on without them.
    async fn name_unsupported_options(&self, error: Error, request: &AuthorizeRequest) -> Error {
        match error {
            Error::AuthorizationRefused { code: ErrorCode::UnsupportedScope, error, description, .. } => {
                let options = unsupported_options(
                    &self.remote.http,
                    &self.profile,
                    &request.options,
                    request.account_type,
                    self.now(),
                )
                .await;
                Error::AuthorizationRefused { code: ErrorCode::UnsupportedScope, error, description, options }
            }
            other => other,
        }
    }

    /// Handles Fortnox's answer to the authorization started with
    /// `started_state`.
    pub async fn complete(
        &self,
        started_state: &str,
        redirect_uri: &Url,
        callback_url: &Url,
        progress: Progress<'_>,
    ) -> Result<ConnectOutcome> {
        let code = self
            .accept_callback(started_state, redirect_uri, callback_url)
            .inspect_err(|_| self.flows.pending.cancel(started_state))?;
        let pending = self
            .flows
            .pending
            .take(Some(started_state), &self.profile.endpoints.issuer(), self.now())
            .map_err(Error::StateRejected)?;
        let (tokens, report, granted, ahead) =
            self.exchange_and_verify(&pending, &code, started_state, progress).await?;
        if let Some(decision) = self.wrong_company(&pending, &report) {
            self.unwrite_ahead(ahead);
            return Ok(self.hold(pending, tokens, report, granted, decision));
        }
        self.after_company_check(pending, tokens, report, granted, ahead, progress).await
    }

    /// The code in Fortnox's answer to this login, or why there is none.
    /// Only an answer that brings this login's state back may end it.
    fn accept_callback(&self, started_state: &str, redirect_uri: &Url, url: &Url) -> Result<AuthorizationCode> {
        let issuer = self.profile.endpoints.issuer();
        match parse_callback(url, redirect_uri)? {
            Callback::Error { state, .. } if state.as_deref() != Some(started_state) => {
                Err(Error::StateRejected(if state.is_none() { StateProblem::Missing } else { StateProblem::Unknown }))
            }
            Callback::Error { error, description, .. } => {
                match classify_authorization_error(&error, description.as_deref()) {
                    ErrorCode::AuthorizationNotCompleted => Err(Error::AuthorizationNotCompleted(NotCompleted::Denied)),
                    code => Err(Error::AuthorizationRefused { code, error, description, options: Vec::new() }),
                }
            }
            Callback::Empty => Err(Error::LockedOrUnpaidAccount),
            Callback::Code { state: None, .. } => Err(Error::StateRejected(StateProblem::Missing)),
            Callback::Code { state: Some(state), .. } if state != started_state => {
                // A known-but-other or used state is still refused.
                let problem = self.flows.pending.take(Some(&state), &issuer, self.now()).err();
                Err(Error::StateRejected(problem.unwrap_or(StateProblem::Unknown)))
            }
            Callback::Code { issuer: Some(iss), .. } if iss.trim_end_matches('/') != issuer => {
                Err(Error::StateRejected(StateProblem::OtherIssuer))
            }
            Callback::Code { code, .. } => Ok(code),
        }
    }

    /// Exchanges the code and verifies what the token reaches; a new
    /// connection's tokens are written to the keyring meanwhile. A result
    /// that cannot be verified is revoked at once.
    async fn exchange_and_verify(
        &self,
        pending: &Pending,
        code: &AuthorizationCode,
        state: &str,
        progress: Progress<'_>,
    ) -> Result<(Exchanged, VerifyReport, Vec<String>, Option<WrittenAhead>)> {
        progress(ConnectProgress::Exchanging);
        checkpoint::reached(checkpoint::CONNECT_EXCHANGING);
        let verifier = pending.broker_verifier.as_ref().or(pending.pkce_verifier.as_ref());
        let tokens = self.remote.tokens.exchange(code, &pending.redirect_uri, state, verifier).await?;
        let granted = tokens.tokens.scopes.clone().unwrap_or_else(|| pending.scopes.clone());
        progress(ConnectProgress::Verifying);
        checkpoint::reached(checkpoint::CONNECT_VERIFYING);
        let verifying = verify(
            &self.remote.api,
            &tokens.tokens.access_token,
            &self.profile,
            &pending.options,
            &granted,
            self.now(),
        );
        let (verified, ahead) = if pending.connection_id.is_none() {
            let (verified, ahead) = self.write_ahead(&tokens, verifying).await;
            (verified, Some(ahead))
        } else {
            // A re-authorization replaces the entries of a working
            // connection: only a verified result may.
            (verifying.await, None)
        };
        match verified {
            Ok(report) => Ok((tokens, report, granted, ahead)),
            Err(e) => {
                self.unwrite_ahead(ahead);
                self.revoke_quietly(&tokens).await;
                Err(e)
            }
        }
    }
}
