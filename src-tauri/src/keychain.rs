//! The session token in the OS keychain (`keyring-core` with the platform's store).
//!
//! At start-up the keychain is probed with a set/get/delete round trip: creating an entry
//! proves nothing on Linux without a secret service. When no keychain works (a headless
//! box), the app says so once and keeps the session in memory for this run only: never a
//! plain file, never the webview's storage.

use std::sync::Arc;

const SERVICE: &str = "rehearsalhub";

/// Runs `f` on a plain thread. The Linux secret-service store drives D-Bus with its own
/// `block_on`, which panics on any thread inside Tokio's context (every Tauri command, and
/// `spawn_blocking` too), so each keychain call leaves the runtime. A panic is a failure.
fn outside_tokio<T: Send>(f: impl FnOnce() -> Result<T, String> + Send) -> Result<T, String> {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|_| Err("the keychain store panicked".into()))
    })
}
const PROBE_ACCOUNT: &str = "rehearsalhub-probe";

/// Whether the keychain works, and why not.
#[derive(Debug, Clone)]
pub struct Keychain {
    available: bool,
    problem: Option<String>,
}

fn install_platform_store() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    let store: Arc<keyring_core::CredentialStore> =
        zbus_secret_service_keyring_store::Store::new().map_err(|e| e.to_string())?;
    #[cfg(target_os = "macos")]
    let store: Arc<keyring_core::CredentialStore> =
        apple_native_keyring_store::keychain::Store::new().map_err(|e| e.to_string())?;
    #[cfg(windows)]
    let store: Arc<keyring_core::CredentialStore> =
        windows_native_keyring_store::Store::new().map_err(|e| e.to_string())?;
    #[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
    return Err("no keychain on this platform".into());
    #[cfg(any(target_os = "linux", target_os = "macos", windows))]
    {
        keyring_core::set_default_store(store);
        Ok(())
    }
}

fn round_trip() -> Result<(), String> {
    let entry = keyring_core::Entry::new(SERVICE, PROBE_ACCOUNT).map_err(|e| e.to_string())?;
    entry.set_password("probe").map_err(|e| e.to_string())?;
    let back = entry.get_password().map_err(|e| e.to_string())?;
    entry.delete_credential().map_err(|e| e.to_string())?;
    if back == "probe" {
        Ok(())
    } else {
        Err("the keychain returned something else".into())
    }
}

impl Keychain {
    /// Installs the platform store and probes it. Blocking: call off the async threads.
    pub fn probe() -> Self {
        if std::env::var_os("RH_NO_KEYCHAIN").is_some() {
            return Self::unavailable("disabled by RH_NO_KEYCHAIN".into());
        }
        match outside_tokio(install_platform_store) {
            Ok(()) => Self::probe_default_store(),
            Err(e) => Self::unavailable(e),
        }
    }

    /// Probes whatever store is installed as keyring-core's default.
    fn probe_default_store() -> Self {
        match outside_tokio(round_trip) {
            Ok(()) => Keychain {
                available: true,
                problem: None,
            },
            Err(e) => Self::unavailable(e),
        }
    }

    fn unavailable(reason: String) -> Self {
        // Said once per run, on stderr (the UI shows its own words).
        eprintln!(
            "rehearsalhub: no usable keychain ({reason}); the session lasts for this run only"
        );
        Keychain {
            available: false,
            problem: Some(
                "No keychain is available on this computer, so you will need to sign in again next time you open RehearsalHub."
                    .into(),
            ),
        }
    }

    /// The message to show once, when the keychain does not work.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Remembers `token` for `account`; a failure only costs a sign-in next time.
    pub fn save(&self, account: &str, token: &str) {
        if !self.available {
            return;
        }
        let r = outside_tokio(|| {
            keyring_core::Entry::new(SERVICE, account)
                .and_then(|e| e.set_password(token))
                .map_err(|e| e.to_string())
        });
        if let Err(e) = r {
            tracing::warn!(error = %e, "could not save the session in the keychain");
        }
    }

    /// The token saved for `account`, if any.
    pub fn load(&self, account: &str) -> Option<String> {
        if !self.available {
            return None;
        }
        outside_tokio(|| {
            keyring_core::Entry::new(SERVICE, account)
                .and_then(|e| e.get_password())
                .map_err(|e| e.to_string())
        })
        .ok()
    }

    /// Forgets `account`'s token.
    pub fn delete(&self, account: &str) {
        if !self.available {
            return;
        }
        let _ = outside_tokio(|| {
            keyring_core::Entry::new(SERVICE, account)
                .and_then(|e| e.delete_credential())
                .map_err(|e| e.to_string())
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_a_working_store_and_reports_a_missing_one() {
        // No store installed yet: the probe fails and says so in words.
        keyring_core::unset_default_store();
        let none = Keychain::probe_default_store();
        assert!(none.problem().is_some_and(|m| m.contains("No keychain")));
        none.save("acct", "secret-token");
        assert_eq!(
            none.load("acct"),
            None,
            "nothing is kept anywhere without a keychain"
        );

        keyring_core::set_default_store(keyring_core::mock::Store::new().unwrap());
        let kc = Keychain::probe_default_store();
        assert!(kc.problem().is_none());
        kc.save("acct", "secret-token");
        assert_eq!(kc.load("acct").as_deref(), Some("secret-token"));
        kc.delete("acct");
        assert_eq!(kc.load("acct"), None);
        keyring_core::unset_default_store();
    }
}
