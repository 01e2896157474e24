//! The app's own updates (docs/updates.md): looking for one (at start,
//! daily, and when the person asks), and installing the one that is ready
//! — never while a connection is being set up.

use std::sync::atomic::Ordering;

use super::requests::Nothing;
use super::views::{Both, UpdateStatus};
use super::{Failure, Host, Operations};
use crate::update::{Offer, Refused};

/// What the last look for an update found.
#[derive(Debug, Default)]
pub(super) struct UpdateSlot {
    checked: bool,
    checking: bool,
    ready: Option<Offer>,
    refused: Option<Refused>,
}

/// Counts the connects under way while it lives.
pub(super) struct SettingUp<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> SettingUp<'a> {
    pub(super) fn start(count: &'a std::sync::atomic::AtomicUsize) -> SettingUp<'a> {
        count.fetch_add(1, Ordering::SeqCst);
        SettingUp(count)
    }
}

impl Drop for SettingUp<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl<H: Host> Operations<H> {
    fn updates_on(&self) -> bool {
        self.service.profile().update_feed.is_some() && self.host.updates_enabled()
    }

    fn update_view(&self) -> Both<UpdateStatus> {
        let slot = self.update.read().unwrap_or_else(|e| e.into_inner());
        let installed = self.run.version.clone();
        Both::render(|lang| {
            if !self.updates_on() {
                return UpdateStatus::Off { version: installed.clone() };
            }
            if slot.checking {
                return UpdateStatus::Checking { version: installed.clone() };
            }
            match (&slot.ready, &slot.refused) {
                (Some(offer), None) => UpdateStatus::Ready {
                    version: offer.version.clone(),
                    notes: offer.notes(lang).map(String::from),
                    bytes: offer.bytes,
                },
                (_, Some(refused)) => {
                    let problem = self.presenter(lang).problem(&crate::Error::Update(refused.clone()), None);
                    UpdateStatus::Refused { version: installed.clone(), problem, ready: slot.ready.is_some() }
                }
                (None, None) => UpdateStatus::Current { version: installed.clone(), checked: slot.checked },
            }
        })
    }

    pub async fn update_status(&self, _: Nothing) -> Result<Both<UpdateStatus>, Failure> {
        Ok(self.update_view())
    }

    /// Looks for a newer version at the profile's feed; one that is offered
    /// is downloaded and its signature checked before it is shown as ready.
    pub async fn check_for_updates(&self, _: Nothing) -> Result<Both<UpdateStatus>, Failure> {
        let Some(feed) = self.service.profile().update_feed.clone().filter(|_| self.host.updates_enabled()) else {
            return Ok(self.update_view());
        };
        {
            let mut slot = self.update.write().unwrap_or_else(|e| e.into_inner());
            if slot.checking {
                drop(slot);
                return Ok(self.update_view());
            }
            slot.checking = true;
        }
        let found = self.host.check_update(&feed, &self.run.version).await;
        {
            let mut slot = self.update.write().unwrap_or_else(|e| e.into_inner());
            slot.checking = false;
            slot.checked = true;
            match found {
                Ok(Some(offer)) => {
                    tracing::info!(version = %offer.version, bytes = offer.bytes, "an update is ready");
                    slot.ready = Some(offer);
                    slot.refused = None;
                }
                Ok(None) => {
                    tracing::info!("no newer version");
                    slot.refused = None;
                }
                Err(refused) => {
                    tracing::warn!(code = refused.code().as_str(), detail = %refused, "an update was refused");
                    slot.refused = Some(refused);
                }
            }
        }
        Ok(self.update_view())
    }

    /// A connect or a decision is under way: ending the process now would
    /// lose it.
    fn setting_up(&self) -> bool {
        self.setting_up.load(Ordering::SeqCst) > 0 || self.service.decisions_waiting() > 0
    }

    /// Installs the update that is ready and starts the new version. While
    /// a connection is being set up it waits (the answer says so), and the
    /// restart waits for one begun during the install; if the install
    /// fails, this version keeps running and says why.
    pub async fn install_update(&self, _: Nothing) -> Result<Both<UpdateStatus>, Failure> {
        let ready = self.update.read().unwrap_or_else(|e| e.into_inner()).ready.as_ref().map(|o| o.version.clone());
        let Some(version) = ready else {
            return Ok(self.update_view());
        };
        if self.setting_up() {
            tracing::info!(%version, "the update waits for the connection being set up");
            return Ok(Both::render(|_| UpdateStatus::Waits { version: version.clone() }));
        }
        tracing::info!(%version, "installing the update");
        if let Err(refused) = self.host.install_update().await {
            tracing::warn!(code = refused.code().as_str(), detail = %refused, "the update was not installed");
            self.update.write().unwrap_or_else(|e| e.into_inner()).refused = Some(refused);
            return Ok(self.update_view());
        }
        // The password prompt may have taken minutes: a connect begun
        // meanwhile ends first.
        while self.setting_up() {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        tracing::info!(%version, "starting the new version");
        self.host.restart();
        Ok(self.update_view())
    }
}
