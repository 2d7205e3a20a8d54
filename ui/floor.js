// The benchmark floor's page: says over IPC when its DOM is loaded and when its first frame is
// painted, nothing else.
document.addEventListener("DOMContentLoaded", () => {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  void invoke("floor_ready", { page: Math.round(performance.now()) }).catch(() => undefined);
  requestAnimationFrame(() => setTimeout(() => {
    void invoke("floor_ready", { page: Math.round(performance.now()), painted: true }).catch(() => undefined);
  }, 0));
});
