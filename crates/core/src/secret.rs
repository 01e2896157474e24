//! Secrets in newtypes that redact themselves in `Debug` and `Display`,
//! implement no `Serialize`, and wipe their memory when dropped. The only
//! way out is `expose()`, used where a secret must leave the process (the
//! keyring, an HTTP request).

use std::fmt;

use zeroize::Zeroize;

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The secret itself. Call sites are where a secret leaves its
            /// wrapper; keep them few.
            pub fn expose(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("***")
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                self.0.zeroize();
            }
        }
    };
}

secret_type!(
    /// A Fortnox access token (a JWT, valid for an hour).
    AccessToken
);
secret_type!(
    /// A Fortnox refresh token (single use, 45 days).
    RefreshToken
);
secret_type!(
    /// The integration's client secret.
    ClientSecret
);
secret_type!(
    /// An authorization code from the callback (single use, 10 minutes).
    AuthorizationCode
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let token = RefreshToken::new("a7302e6b-b1cb-4508-b884-cf9abd9a51de");
        assert_eq!(format!("{token:?}"), "RefreshToken(***)");
        assert_eq!(format!("{token}"), "***");
        assert_eq!(format!("{:?}", Some(AccessToken::new("eyJ.x.y"))), "Some(AccessToken(***))");
        assert_eq!(token.expose(), "a7302e6b-b1cb-4508-b884-cf9abd9a51de");
    }
}
