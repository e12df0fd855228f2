//! The Chromium profiles ChromeDriver leaves in the temporary directory.
//!
//! ChromeDriver gives each browser session a profile of its own
//! (`$TMPDIR/org.chromium.Chromium.scoped_dir.*`, 1–100 MB) and deletes it when the session
//! ends cleanly. wasm-bindgen-test-runner stops ChromeDriver without that, so every run of the
//! browser tier left two or three behind (measured: 3 per run, ~50 MB; 80 had piled up, 8 GB,
//! on a machine where CI later ran out of disk). The pipeline removes the ones its run left.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The name ChromeDriver gives its temporary profiles.
pub const PREFIX: &str = "org.chromium.Chromium.scoped_dir.";

/// The ChromeDriver profiles in `dir` now.
pub fn snapshot(dir: &Path) -> BTreeSet<PathBuf> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(PREFIX))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default()
}

/// The profiles in `now` that were not in `before` and that no running browser holds.
pub fn leaked(
    before: &BTreeSet<PathBuf>,
    now: &BTreeSet<PathBuf>,
    in_use: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    now.difference(before)
        .filter(|p| !in_use(p))
        .cloned()
        .collect()
}

/// Whether a running Chromium holds `profile`: its `SingletonLock` is a symlink to
/// `<host>-<pid>` and that process exists.
pub fn in_use(profile: &Path) -> bool {
    let Ok(target) = fs::read_link(profile.join("SingletonLock")) else {
        return false;
    };
    let target = target.to_string_lossy();
    target
        .rsplit_once('-')
        .and_then(|(_, pid)| pid.parse::<u32>().ok())
        .is_some_and(|pid| Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes the profiles left in `dir` since `before`; returns how many and their bytes.
pub fn remove_leaked(dir: &Path, before: &BTreeSet<PathBuf>) -> (usize, u64) {
    let mut removed = (0, 0);
    for profile in leaked(before, &snapshot(dir), in_use) {
        let bytes = size(&profile);
        if fs::remove_dir_all(&profile).is_ok() {
            removed.0 += 1;
            removed.1 += bytes;
        }
    }
    removed
}

/// The bytes of the files under `path` (symlinks not followed).
fn size(path: &Path) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| size(&e.path())).sum())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<PathBuf> {
        names
            .iter()
            .map(|n| PathBuf::from(format!("/t/{PREFIX}{n}")))
            .collect()
    }

    #[test]
    fn leaked_new_profiles_not_in_use_are_listed() {
        let before = set(&["old"]);
        let now = set(&["old", "a", "busy"]);
        let found = leaked(&before, &now, |p| p.ends_with(format!("{PREFIX}busy")));
        assert_eq!(found, vec![PathBuf::from(format!("/t/{PREFIX}a"))]);
    }

    #[test]
    fn leaked_nothing_new_lists_none() {
        let before = set(&["a", "b"]);
        assert!(leaked(&before, &set(&["a"]), |_| false).is_empty());
    }

    #[test]
    fn remove_leaked_profile_left_by_run_is_deleted_and_others_kept() {
        let dir = std::env::temp_dir().join(format!("xtask-profiles-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let old = dir.join(format!("{PREFIX}old"));
        let other = dir.join("not-a-profile");
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&other).unwrap();
        let before = snapshot(&dir);
        let left = dir.join(format!("{PREFIX}left"));
        fs::create_dir_all(left.join("Default")).unwrap();
        fs::write(left.join("Default").join("Preferences"), [0u8; 100]).unwrap();
        // A lock pointing at this (running) test process: in use, kept.
        let held = dir.join(format!("{PREFIX}held"));
        fs::create_dir_all(&held).unwrap();
        std::os::unix::fs::symlink(
            format!("host-{}", std::process::id()),
            held.join("SingletonLock"),
        )
        .unwrap();

        assert_eq!(remove_leaked(&dir, &before), (1, 100));
        assert!(!left.exists());
        assert!(old.exists() && other.exists() && held.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
