/**
 * The base of every error that may reach a client. `code` is the wire value (an RFC error code such as
 * `invalid_grant`, or a Clerk-style admin code such as `resource_not_found`), `description` is safe to show,
 * `param` names the offending input where there is one. Internal detail goes to `detail`, which is logged and
 * never sent.
 */
export abstract class TesseraError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly param?: string;
  readonly detail?: unknown;

  constructor(
    readonly description: string,
    options: { param?: string; detail?: unknown } = {},
  ) {
    super(description);
    this.name = new.target.name;
    this.param = options.param;
    this.detail = options.detail;
  }
}
