import { authApi } from '../api/endpoints.ts';

/** Ends the session on the server, then reloads so that nothing of the previous user stays in memory. */
export async function logoutAndReload(): Promise<void> {
  try {
    await authApi.logout();
  } catch {
    // the session may already be gone; reload anyway
  }
  window.location.assign('/');
}
