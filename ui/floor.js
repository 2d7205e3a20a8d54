// The benchmark floor's page: says over IPC when its DOM is loaded, nothing else.
document.addEventListener("DOMContentLoaded", () => {
  void window.__TAURI_INTERNALS__.invoke("floor_ready", { page: Math.round(performance.now()) }).catch(() => undefined);
});
