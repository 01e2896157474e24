//! Processes below a process: the app's web processes.

/// Every process whose parent chain leads to `root` (not `root` itself).
pub fn descendants(root: u32) -> Vec<u32> {
    let mut tree = vec![root];
    let mut changed = true;
    while changed {
        changed = false;
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            if tree.contains(&pid) {
                continue;
            }
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            let ppid =
                stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(1)).and_then(|p| p.parse().ok());
            if ppid.is_some_and(|p| tree.contains(&p)) {
                tree.push(pid);
                changed = true;
            }
        }
    }
    tree.remove(0);
    tree
}
