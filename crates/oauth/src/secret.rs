//! Secrets in newtypes that redact themselves in `Debug`, have no
//! `Display` (so `format!("Bearer {token}")` does not compile), implement
//! no `Serialize`, and wipe their memory when dropped. The only way out is
//! `expose()`, used where a secret must leave the process (the keyring, an
//! HTTP request). They can be deserialized: reading a secret from a wire
//! answer cannot leak it.

use std::fmt;

use zeroize::Zeroize;

/// The secret types, for `serialize_exposed`.
pub trait Exposed {
    fn exposed(&self) -> &str;
}

/// Serializes a secret where a wire type must carry it (the broker sends
/// an access token or an installation's credential to its own desktop):
/// `#[serde(serialize_with = "serialize_exposed")]` on that one field. The
/// secret types themselves stay unserializable, so nothing else can.
pub fn serialize_exposed<S: serde::Serializer>(secret: &impl Exposed, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.exposed())
}

macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, serde::Deserialize)]
        #[serde(transparent)]
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

        impl Exposed for $name {
            fn exposed(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
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
secret_type!(
    /// A PKCE code verifier (RFC 7636): proves that the one who registered
    /// an authorization is the one exchanging its code.
    PkceVerifier
);
secret_type!(
    /// A desktop installation's credential at the vendor's token broker.
    InstallationSecret
);
secret_type!(
    /// One entry of the OS keyring, whichever secret it holds.
    StoredSecret
);

impl PkceVerifier {
    /// 32 random bytes, base64url: 43 characters, as RFC 7636 §4.1 asks.
    pub fn random() -> PkceVerifier {
        PkceVerifier(random_token(32))
    }

    /// The S256 challenge: base64url(SHA-256(verifier)).
    pub fn challenge(&self) -> String {
        sha256_b64(&self.0)
    }
}

impl InstallationSecret {
    pub fn random() -> InstallationSecret {
        InstallationSecret(random_token(32))
    }
}

/// `bytes` random bytes from the OS, base64url without padding.
pub fn random_token(bytes: usize) -> String {
    use base64::Engine;
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system provides random bytes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// base64url(SHA-256(text)) without padding: S256 challenges, hashed
/// `state`s and stored installation secrets.
pub fn sha256_b64(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let token = RefreshToken::new("a7302e6b-b1cb-4508-b884-cf9abd9a51de");
        assert_eq!(format!("{token:?}"), "RefreshToken(***)");
        assert_eq!(format!("{:?}", Some(AccessToken::new("eyJ.x.y"))), "Some(AccessToken(***))");
        assert_eq!(token.expose(), "a7302e6b-b1cb-4508-b884-cf9abd9a51de");
    }

    #[test]
    fn secrets_read_from_json_stay_secret() {
        let token: AccessToken = serde_json::from_str("\"eyJ.a.b\"").unwrap();
        assert_eq!(token.expose(), "eyJ.a.b");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
    }

    #[test]
    fn the_s256_challenge_matches_rfc_7636() {
        // RFC 7636 appendix B.
        let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(verifier.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert_eq!(PkceVerifier::random().expose().len(), 43);
        assert_ne!(PkceVerifier::random(), PkceVerifier::random());
    }
}
