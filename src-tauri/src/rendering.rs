//! Who draws the pages: the GPU, or the CPU when there is no GPU.
//!
//! WebKitGTK draws with Skia on the GPU by default. A computer without a
//! GPU render node (a virtual machine, a remote desktop, a server under
//! Xvfb) still gets that path, through Mesa's software GL (llvmpipe),
//! which compiles a shader with LLVM for every kind of drawing a page
//! uses. Skia's own CPU renderer draws the same pages without that: in a
//! trial it held ~25 MiB less in our web process and painted no slower
//! (docs/architecture.md, "Start-up"). WPE WebKit draws on the CPU by
//! default for the same reason.

use std::ffi::OsStr;
use std::path::Path;

/// WebKitGTK's switch to Skia's CPU renderer, read by its web processes.
const CPU_RENDERING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Where the kernel lists GPU render nodes (`renderD128`, …).
const RENDER_NODES: &str = "/dev/dri";

/// Whether to ask for the CPU renderer: only when there is no GPU to
/// render with, and never over the person's own choice of the switch.
fn wants_cpu_rendering(gpu_render_node: bool, chosen: Option<&OsStr>) -> bool {
    !gpu_render_node && chosen.is_none()
}

/// Whether `dir` lists a GPU render node.
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Chooses the renderer for every web process the app starts. Must run
/// first in `main`, before any thread exists (see the safety note).
pub fn choose() {
    let chosen = std::env::var_os(CPU_RENDERING_VAR);
    if !wants_cpu_rendering(has_render_node(Path::new(RENDER_NODES)), chosen.as_deref()) {
        return;
    }
    // SAFETY: called as the first statement of the process's `main`, while
    // it has one thread, so nothing reads the environment concurrently.
    // WebKit's web processes inherit it when they are started later.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var(CPU_RENDERING_VAR, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_draws_only_without_a_gpu_and_without_a_choice_of_ones_own() {
        assert!(wants_cpu_rendering(false, None));
        assert!(!wants_cpu_rendering(true, None));
        assert!(!wants_cpu_rendering(false, Some(OsStr::new("0"))));
        assert!(!wants_cpu_rendering(true, Some(OsStr::new("1"))));
    }

    #[test]
    fn a_render_node_is_found_by_its_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
        std::fs::write(dir.path().join("card0"), "").expect("write");
        assert!(!has_render_node(dir.path()), "a display card alone renders nothing off-screen");
        std::fs::write(dir.path().join("renderD128"), "").expect("write");
        assert!(has_render_node(dir.path()));
    }
}
