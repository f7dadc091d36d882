import { REDIRECT_URI, type TestApp, type TestUser } from './admin-fixtures';
import { Browser, hiddenFields } from './browser';
import { authorizationRequest, tokenRequest } from './code-flow';

export type Step =
  'authorize' | 'sign-in page' | 'sign-in' | 'consent page' | 'consent' | 'token' | 'refresh' | 'userinfo';

/**
 * `ok`: the answer the step expects. `unavailable`: a clean refusal, 503 temporarily_unavailable (JSON on the
 * OAuth endpoints, the HTML error page on browser endpoints) or, from /oauth/authorize once the client is
 * known, the redirect to the client with error=temporarily_unavailable (RFC 6749 §4.1.2.1). `failed`: anything
 * else (a 500, another error, a reset connection, no answer within the deadline).
 */
export type Outcome = 'ok' | 'unavailable' | 'failed';

export interface RequestRecord {
  worker: number;
  step: Step;
  startedAt: number;
  endedAt: number;
  status: number;
  outcome: Outcome;
  detail?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

export interface LoadOptions {
  issuer: string;
  app: TestApp;
  /** One user per worker: each worker is one browser with its own session. */
  users: TestUser[];
  /** A request without an answer after this long is recorded as failed (a hang) and abandoned. */
  deadlineMs: number;
  /** After a refused or failed request the worker waits this long, then starts a new flow. */
  pauseAfterFailureMs?: number;
}

class StepFailed extends Error {}

interface Answer {
  status: number;
  location: string;
  body: string;
}

/**
 * A steady, bounded load: one worker per user, each a browser running the authorization code flow over and over
 * (authorize with its session → sign-in and consent pages when needed → code → token → userinfo → refresh →
 * userinfo), one request at a time. Every request is recorded with its timing and outcome; a refused or failed
 * request ends that flow and the worker starts a new one after a short pause.
 */
export class SignInLoad {
  readonly records: RequestRecord[] = [];
  readonly issued: IssuedTokens[] = [];
  private stopped = false;
  private running: Array<Promise<void>> = [];

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    this.completed = this.options.users.map(() => 0);
    this.running = this.options.users.map((user, worker) => this.work(worker, user));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  /** How many requests are in flight right now. */
  inFlight(): number {
    return this.pending;
  }

  /** Resolves once every worker has completed `flows` whole flows since this call; rejects after `timeoutMs`. */
  async completedFlows(flows: number, timeoutMs: number): Promise<void> {
    const target = this.completed.map((count) => count + flows);
    const deadline = Date.now() + timeoutMs;
    while (this.completed.some((count, worker) => count < target[worker])) {
      if (Date.now() > deadline) {
        throw new Error(`the load did not complete ${flows} flow(s) per worker within ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private pending = 0;
  private completed: number[] = [];

  private async work(worker: number, user: TestUser): Promise<void> {
    const browser = new Browser(this.options.issuer, this.options.deadlineMs);
    while (!this.stopped) {
      try {
        await this.flow(worker, user, browser);
        this.completed[worker] += 1;
      } catch (error) {
        if (!(error instanceof StepFailed)) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.options.pauseAfterFailureMs ?? 100));
      }
    }
  }

  private async flow(worker: number, user: TestUser, browser: Browser): Promise<void> {
    const { issuer, app } = this.options;
    const { url: authorizeUrl, verifier } = authorizationRequest(issuer, app);
    let answer = await this.step(worker, 'authorize', [303], () => browser.get(authorizeUrl));
    for (let pages = 0; !answer.location.startsWith(REDIRECT_URI); pages++) {
      const next = new URL(answer.location, issuer);
      if (pages > 4 || !['/sign-in', '/consent'].includes(next.pathname)) {
        throw this.fail(worker, 'authorize', answer, 'unexpected redirect');
      }
      if (next.pathname === '/sign-in') {
        const page = await this.step(worker, 'sign-in page', [200], () => browser.get(next));
        const fields = hiddenFields(page.body);
        answer = await this.step(worker, 'sign-in', [303], () =>
          browser.post('/sign-in', { ...fields, identifier: user.email, password: user.password }),
        );
      } else {
        const page = await this.step(worker, 'consent page', [200], () => browser.get(next));
        const fields = hiddenFields(page.body);
        answer = await this.step(worker, 'consent', [303], () =>
          browser.post('/consent', { ...fields, consented: 'true' }),
        );
      }
    }
    const code = new URL(answer.location).searchParams.get('code');
    if (!code) throw this.fail(worker, 'authorize', answer, 'no code in the redirect');

    const tokens = await this.tokens(worker, 'token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    await this.userinfo(worker, tokens.accessToken);
    const refreshed = await this.tokens(worker, 'refresh', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refreshToken,
    });
    await this.userinfo(worker, refreshed.accessToken);
  }

  private async tokens(worker: number, step: Step, form: Record<string, string>): Promise<IssuedTokens> {
    const answer = await this.step(worker, step, [200], () =>
      tokenRequest(this.options.issuer, this.options.app, form, this.options.deadlineMs),
    );
    const body = JSON.parse(answer.body) as { access_token: string; refresh_token: string };
    const tokens = { accessToken: body.access_token, refreshToken: body.refresh_token };
    this.issued.push(tokens);
    return tokens;
  }

  private async userinfo(worker: number, accessToken: string): Promise<void> {
    await this.step(worker, 'userinfo', [200], () =>
      fetch(`${this.options.issuer}/oauth/userinfo`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(this.options.deadlineMs),
      }),
    );
  }

  /** Sends one request, records it, and answers it when it is the expected one; otherwise ends the flow. */
  private async step(worker: number, step: Step, expected: number[], send: () => Promise<Response>): Promise<Answer> {
    const startedAt = Date.now();
    this.pending += 1;
    let answer: Answer;
    try {
      const response = await send();
      answer = {
        status: response.status,
        location: response.headers.get('location') ?? '',
        body: await response.text(),
      };
    } catch (error) {
      this.pending -= 1;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.records.push({ worker, step, startedAt, endedAt: Date.now(), status: 0, outcome: 'failed', detail });
      throw new StepFailed(detail);
    }
    this.pending -= 1;
    const endedAt = Date.now();
    const outcome = classify(step, expected, answer);
    this.records.push({
      worker,
      step,
      startedAt,
      endedAt,
      status: answer.status,
      outcome,
      ...(outcome === 'failed' ? { detail: describe(answer) } : {}),
    });
    if (outcome !== 'ok') throw new StepFailed(`${step}: ${answer.status}`);
    return answer;
  }

  private fail(worker: number, step: Step, answer: Answer, why: string): StepFailed {
    const last = this.records.findLast((record) => record.worker === worker && record.step === step);
    if (last) Object.assign(last, { outcome: 'failed', detail: `${why}: ${describe(answer)}` });
    return new StepFailed(why);
  }
}

const BROWSER_STEPS: Step[] = ['authorize', 'sign-in page', 'sign-in', 'consent page', 'consent'];

function classify(step: Step, expected: number[], answer: Answer): Outcome {
  if (answer.status === 503) {
    const clean = BROWSER_STEPS.includes(step)
      ? answer.body.includes('<code>temporarily_unavailable</code>')
      : parseJson(answer.body)?.error === 'temporarily_unavailable';
    return clean ? 'unavailable' : 'failed';
  }
  if (!expected.includes(answer.status)) return 'failed';
  if (answer.location.startsWith(REDIRECT_URI)) {
    const error = new URL(answer.location).searchParams.get('error');
    if (error === 'temporarily_unavailable') return 'unavailable';
    if (error) return 'failed';
  }
  return 'ok';
}

function describe(answer: Answer): string {
  return `${answer.status} ${answer.location ? `→ ${answer.location} ` : ''}${answer.body.replace(/\s+/g, ' ').slice(0, 300)}`;
}

function parseJson(text: string): { error?: string } | undefined {
  try {
    return JSON.parse(text) as { error?: string };
  } catch {
    return undefined;
  }
}
