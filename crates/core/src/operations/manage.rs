//! The saved connections: the list, enable, disable, check again, remove
//! and the activity log.

use super::requests::{ConnectionRequest, Nothing, RemoveRequest};
use super::views::{ActivityView, Both, ConnectResult, ConnectionList, ConnectionView, NextStep};
use super::{Failure, Host, Operations};

impl<H: Host> Operations<H> {
    pub async fn list_connections(&self, _: Nothing) -> Result<Both<ConnectionList>, Failure> {
        let connections = self.service.connections().map_err(|e| self.failure(&e, None))?;
        Ok(self.both(|p| p.list(&connections)))
    }

    pub async fn enable_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectionView>, Failure> {
        let connection = self.service.enable(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(self.both(|p| p.connection(&connection)))
    }

    pub async fn disable_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectionView>, Failure> {
        let connection = self.service.disable(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(self.both(|p| p.connection(&connection)))
    }

    /// Checks again, with a fresh token, that every option works.
    pub async fn verify_connection(&self, request: ConnectionRequest) -> Result<Both<ConnectResult>, Failure> {
        let report = self.service.verify_again(&request.id).await.map_err(|e| self.failure_on(&e, &request.id))?;
        let connection = self.service.connection(&request.id).map_err(|e| self.failure(&e, None))?;
        Ok(self.both(|p| ConnectResult::Connected {
            connection: p.connection(&connection),
            verify: p.verify(&report, connection.account_type, None, false),
            next: NextStep::Verify,
        }))
    }

    /// Revokes at Fortnox and forgets; `force` forgets even when Fortnox
    /// cannot be reached.
    pub async fn remove_connection(&self, request: RemoveRequest) -> Result<Nothing, Failure> {
        self.service.remove(&request.id, request.force).await.map_err(|e| self.failure_on(&e, &request.id))?;
        Ok(Nothing {})
    }

    pub async fn activity(&self, request: ConnectionRequest) -> Result<Both<ActivityView>, Failure> {
        let connection = self.service.connection(&request.id).map_err(|e| self.failure(&e, None))?;
        let events = self.service.activity(&request.id);
        Ok(self.both(|p| p.activity(&connection, &events)))
    }
}
