//! An owner-only ACL for a folder on Windows: one entry granting the
//! current user full control, inherited by everything created inside, and
//! "protected" so the parent's entries (Administrators, SYSTEM, other
//! users of a shared folder) are not inherited. Written in SDDL, the form
//! Windows itself uses to print ACLs, so the rule reads as one string:
//! `D:P(A;OICI;FA;;;<user SID>)`.
//!
//! These are foreign functions: each `unsafe` block says what it relies on.

#![allow(unsafe_code)]

use std::ffi::{OsStr, c_void};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;
use std::ptr::null_mut;

use windows_sys::Win32::Foundation::{CloseHandle, ERROR_SUCCESS, HANDLE, LocalFree};
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, GetNamedSecurityInfoW, SDDL_REVISION_1, SE_FILE_OBJECT,
    SetNamedSecurityInfoW,
};
use windows_sys::Win32::Security::{
    ACL, DACL_SECURITY_INFORMATION, GetSecurityDescriptorDacl, GetTokenInformation,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// Gives `dir` the owner-only ACL unless it already grants this user
/// alone (set by us, or inherited from a folder we set).
pub fn restrict_to_current_user(dir: &Path) -> io::Result<()> {
    let sid = current_user_sid()?;
    if grants_only(&dacl_sddl(dir)?, &sid) {
        return Ok(());
    }
    set_dacl(dir, &owner_only_sddl(&sid))
}

/// Whether `dir`'s ACL grants the current user and nobody else.
pub fn grants_current_user_only(dir: &Path) -> io::Result<bool> {
    Ok(grants_only(&dacl_sddl(dir)?, &current_user_sid()?))
}

/// The ACL as SDDL: allow (A), inherited by files (OI) and folders (CI),
/// full access (FA), to `sid`; `P` protects it from the parent's entries.
fn owner_only_sddl(sid: &str) -> String {
    format!("D:P(A;OICI;FA;;;{sid})")
}

/// Whether a DACL in SDDL has at least one entry and every entry allows
/// `sid` (inherited or not). Anything else — a deny, another trustee, a
/// null DACL (`D:NO_ACCESS_CONTROL`) or none — is not private.
fn grants_only(sddl: &str, sid: &str) -> bool {
    let Some(dacl) = sddl.strip_prefix("D:") else { return false };
    let aces: Vec<&str> = dacl.split('(').skip(1).map(|ace| ace.trim_end_matches(')')).collect();
    !aces.is_empty()
        && aces.iter().all(|ace| {
            let fields: Vec<&str> = ace.split(';').collect();
            fields.len() == 6 && fields[0] == "A" && fields[5].eq_ignore_ascii_case(sid)
        })
}

fn wide(text: &OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

/// Reads a NUL-terminated UTF-16 string that Windows allocated with
/// `LocalAlloc`, and frees it.
///
/// # Safety
/// `text` must be null or a NUL-terminated string from `LocalAlloc`.
unsafe fn take_local_string(text: *mut u16) -> String {
    if text.is_null() {
        return String::new();
    }
    // SAFETY: the caller promises a NUL-terminated string.
    let len = (0..).take_while(|&i| unsafe { *text.add(i) } != 0).count();
    // SAFETY: `len` units were just read from it.
    let out = String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(text, len) });
    // SAFETY: allocated by Windows with LocalAlloc, freed once here.
    unsafe { LocalFree(text as *mut c_void) };
    out
}

/// The SID of the user this process runs as, as text (`S-1-5-21-…`).
fn current_user_sid() -> io::Result<String> {
    let mut token: HANDLE = null_mut();
    // SAFETY: GetCurrentProcess returns a pseudo-handle that needs no
    // closing; `token` receives a handle we close below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let result = (|| {
        let mut needed = 0u32;
        // SAFETY: a size query: no buffer, `needed` receives the size.
        unsafe { GetTokenInformation(token, TokenUser, null_mut(), 0, &mut needed) };
        if needed == 0 {
            return Err(io::Error::last_os_error());
        }
        // u64s keep the buffer aligned for TOKEN_USER.
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8)];
        // SAFETY: the buffer holds `needed` bytes.
        if unsafe { GetTokenInformation(token, TokenUser, buffer.as_mut_ptr().cast(), needed, &mut needed) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: Windows filled the buffer with a TOKEN_USER whose SID
        // points into the same buffer, alive until the end of this scope.
        let sid = unsafe { (*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid };
        let mut text: *mut u16 = null_mut();
        // SAFETY: `sid` is valid; `text` receives a LocalAlloc'd string.
        if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: from ConvertSidToStringSidW, as take_local_string asks.
        Ok(unsafe { take_local_string(text) })
    })();
    // SAFETY: opened above, closed once.
    unsafe { CloseHandle(token) };
    result
}

/// The folder's DACL as SDDL.
fn dacl_sddl(path: &Path) -> io::Result<String> {
    let name = wide(path.as_os_str());
    let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: `name` is NUL-terminated; the out-pointers we do not want
    // are null; `descriptor` receives a LocalAlloc'd block freed below.
    let status = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            null_mut(),
            null_mut(),
            &mut descriptor,
        )
    };
    if status != ERROR_SUCCESS {
        return Err(io::Error::from_raw_os_error(status as i32));
    }
    let mut text: *mut u16 = null_mut();
    // SAFETY: `descriptor` is valid until freed below; `text` receives a
    // LocalAlloc'd string.
    let ok = unsafe {
        ConvertSecurityDescriptorToStringSecurityDescriptorW(
            descriptor,
            SDDL_REVISION_1,
            DACL_SECURITY_INFORMATION,
            &mut text,
            null_mut(),
        )
    };
    let error = io::Error::last_os_error();
    // SAFETY: allocated by GetNamedSecurityInfoW, freed once.
    unsafe { LocalFree(descriptor) };
    if ok == 0 {
        return Err(error);
    }
    // SAFETY: from ConvertSecurityDescriptorToStringSecurityDescriptorW.
    Ok(unsafe { take_local_string(text) })
}

/// Replaces the folder's DACL with the one `sddl` describes.
fn set_dacl(path: &Path, sddl: &str) -> io::Result<()> {
    let sddl = wide(OsStr::new(sddl));
    let mut descriptor: PSECURITY_DESCRIPTOR = null_mut();
    // SAFETY: `sddl` is NUL-terminated; `descriptor` receives a
    // LocalAlloc'd block freed below.
    if unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut descriptor,
            null_mut(),
        )
    } == 0
    {
        return Err(io::Error::last_os_error());
    }
    let result = (|| {
        let (mut present, mut defaulted) = (0, 0);
        let mut dacl: *mut ACL = null_mut();
        // SAFETY: `descriptor` is valid; `dacl` points into it.
        if unsafe { GetSecurityDescriptorDacl(descriptor, &mut present, &mut dacl, &mut defaulted) } == 0 {
            return Err(io::Error::last_os_error());
        }
        if present == 0 || dacl.is_null() {
            return Err(io::Error::other("the owner-only ACL has no DACL"));
        }
        let name = wide(path.as_os_str());
        // SAFETY: `name` is NUL-terminated; `dacl` lives in `descriptor`,
        // which is freed only after this call.
        let status = unsafe {
            SetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                null_mut(),
                null_mut(),
                dacl,
                null_mut(),
            )
        };
        if status != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(status as i32));
        }
        Ok(())
    })();
    // SAFETY: allocated by ConvertStringSecurityDescriptorToSecurityDescriptorW.
    unsafe { LocalFree(descriptor) };
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    const ME: &str = "S-1-5-21-1-2-3-1001";

    #[test]
    fn only_entries_for_this_user_are_private() {
        assert!(grants_only(&owner_only_sddl(ME), ME));
        assert!(grants_only("D:AI(A;OICIID;FA;;;S-1-5-21-1-2-3-1001)", ME), "inherited from our folder");
        assert!(!grants_only("D:P(A;OICI;FA;;;S-1-5-21-1-2-3-1001)(A;OICI;FA;;;SY)", ME), "SYSTEM too");
        assert!(!grants_only("D:P(A;OICI;FA;;;BU)", ME), "all users");
        assert!(!grants_only("D:P(D;OICI;FA;;;S-1-5-21-1-2-3-1001)", ME), "a deny is no grant");
        assert!(!grants_only("D:NO_ACCESS_CONTROL", ME), "a null DACL lets everyone in");
        assert!(!grants_only("D:", ME), "an empty DACL");
        assert!(!grants_only("", ME));
    }

    #[test]
    fn the_real_acl_is_set_and_read_back() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("Åsa Öberg");
        std::fs::create_dir(&dir).expect("created");
        let sid = current_user_sid().expect("this user's SID");
        assert!(sid.starts_with("S-1-"), "{sid}");
        restrict_to_current_user(&dir).expect("ACL set");
        // Wine accepts an ACL and answers with one made from the Unix mode
        // instead: what was set can be read back only on real Windows.
        if crate::under_wine() {
            return;
        }
        let read = dacl_sddl(&dir).expect("ACL read");
        assert_eq!(read, owner_only_sddl(&sid), "exactly the owner-only ACL");
        let inner = dir.join("profiles");
        std::fs::create_dir(&inner).expect("created inside");
        assert!(
            grants_current_user_only(&inner).expect("read"),
            "inherited: {}",
            dacl_sddl(&inner).unwrap_or_default()
        );
    }
}
