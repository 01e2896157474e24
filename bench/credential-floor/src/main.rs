//! `credential-floor SERVICE KEY`: prints one secret from Windows'
//! Credential Manager, as `fortnox-connect token` does with a cached
//! token, and nothing else. The benchmark's floor for `token` under Wine
//! (scripts/bench.sh windows); Linux's floor is `secret-tool lookup`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [service, key] = args.as_slice() else {
        eprintln!("usage: credential-floor SERVICE KEY");
        std::process::exit(2);
    };
    #[cfg(windows)]
    match keyring::Entry::new(service, key).and_then(|entry| entry.get_secret()) {
        Ok(secret) => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(&secret);
        }
        Err(error) => {
            eprintln!("credential-floor: {error}");
            std::process::exit(1);
        }
    }
    #[cfg(not(windows))]
    {
        eprintln!("credential-floor reads Windows' Credential Manager ({service}, {key}): Windows only");
        std::process::exit(2);
    }
}
