import { mount } from "svelte";
import App from "./App.svelte";
import type { FirstScreenData } from "./bindings/FirstScreenData";
import { scriptStarted } from "./lib/flow.svelte";
import "./styles.css";

declare global {
  interface Window {
    /// Set by the app before this script runs (src-tauri/src/main_window.rs).
    __FORTNOX_CONNECT_FIRST_SCREEN__?: FirstScreenData;
  }
}

scriptStarted(window.__FORTNOX_CONNECT_FIRST_SCREEN__);
delete window.__FORTNOX_CONNECT_FIRST_SCREEN__;

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
mount(App, { target });
