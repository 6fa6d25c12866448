// User-Agents of browsers driven by programs that say so (headless Chromium, PhantomJS): written
// once, for the SQL classifier (sql-fragments.ts, a string literal for RE2: no backslashes) and the
// TypeScript ones (domain/ip-profile/ua-family.ts, the lab's expected features).
export const AUTOMATION_UA = 'HeadlessChrome/|PhantomJS/';
