// Updates: the last check's answer (at start, when the setting is on, or "Check now"), shared
// by the start-up notice and Settings → About. Rust asks the feed and checks signatures.
import { api, asAppError, type UpdateCheck } from "./api";

let last: { check: UpdateCheck | null; error: string | null } = { check: null, error: null };

export const lastUpdate = () => last;

/** Asks Rust whether a newer version exists; a feed that is down or says nothing useful is a
 * line in About, never a dialog. */
export async function checkForUpdate(): Promise<typeof last> {
  try {
    last = { check: await api.updateCheck(), error: null };
  } catch (e) {
    last = { check: null, error: asAppError(e).message };
  }
  return last;
}
