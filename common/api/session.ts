// The browser session route (daemon only; the desktop's IPC needs none). POST with
// `Authorization: Bearer <token>` sets an HttpOnly, SameSite=Strict session cookie; GET answers
// 200 while the cookie (or a bearer token) is good and 401 otherwise; DELETE ends the session.
export const sessionPath = '/api/v1/session';
