/** Unix milliseconds, as the admin API answers timestamps (Clerk's `created_at`, `updated_at`). */
export const unixMs = (date: Date): number => date.getTime();

/** Unix seconds, as OpenID Connect claims carry them (`updated_at`, Core §5.1). */
export const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
