//! The error catalogue: one stable code per thing that can go wrong, and
//! for each, in Swedish and English, what happened, who must act, the
//! steps that fix it and the buttons that do so. The UI and the CLI show
//! rendered `Problem`s; they never show raw internals outside "technical
//! details". The table of errors, their sources and who acts is
//! docs/errors.md.

mod classify;
pub mod code;
mod render;

pub use classify::{
    ErrorInformation, TokenGrant, classify_api_error, classify_authorization_error, classify_broker_refusal,
    classify_token_error,
};
pub use code::{Action, ErrorCode, FortnoxPage, Who};
pub use render::{ActionButton, Context, Problem, message_id, render};

#[cfg(test)]
mod tests;
