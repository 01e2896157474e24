import { mount } from "svelte";
import App from "./App.svelte";
import { scriptStarted } from "./lib/flow.svelte";
import "./styles.css";

scriptStarted();

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
export default mount(App, { target });
