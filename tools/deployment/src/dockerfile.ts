/** Just enough of the Dockerfile grammar to check the image: instructions per stage, continuations joined. */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  base: string;
  name?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM: usable in FROM lines. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    const continued = line.endsWith('\\');
    const content = continued ? line.slice(0, -1) : line;
    pending = pending ? { ...pending, text: `${pending.text} ${content}` } : { text: content, line: index + 1 };
    if (continued) return;
    const [, keyword, args = ''] = /^(\S+)\s*(.*)$/.exec(pending.text.trim()) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim(), line: pending.line });
    pending = undefined;
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const base = image.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => globalArgs[arg] ?? '');
      stages.push({ base, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      Object.assign(globalArgs, assignments(instruction.args));
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** `A=1 B=2` (or the legacy `KEY value` form of ENV) → { A: '1', B: '2' }; a bare `ARG NAME` has no value. */
export function assignments(args: string): Record<string, string | undefined> {
  if (!args.includes('=')) {
    const [key, ...value] = args.split(/\s+/);
    return { [key]: value.length > 0 ? value.join(' ') : undefined };
  }
  return Object.fromEntries(
    args.split(/\s+/).map((pair) => {
      const [key, ...value] = pair.split('=');
      return [key, value.length > 0 ? value.join('=').replace(/^"(.*)"$/, '$1') : undefined];
    }),
  );
}

/** The JSON array of an exec-form instruction (`CMD ["node", "x.js"]`), or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) ? parsed.map(String) : undefined;
}

export const instructionsOf = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);

const SECRET_NAME = /KEY|SECRET|PASSWORD|TOKEN|CREDENTIAL|DATABASE_URL/i;
/** The active LTS line (Node 20's end of life was 2026-04-30); the Dockerfile says why. */
const NODE_IMAGE = 'node:24-bookworm-slim';

/**
 * The image's basics: built in one stage and run from another on Node 24 slim; only production dependencies
 * and the built output in the runtime stage; a non-root user; no secret baked into ENV or ARG (both end up in
 * the image's history); a health check; node as the entrypoint with an app as the default command.
 * `secretNames`: the documented secrets, refused whatever their name looks like.
 */
export function imageProblems(
  dockerfile: Dockerfile,
  secretNames: string[],
  isAppEntrypoint: (path: string) => boolean,
): string[] {
  const runtime = dockerfile.stages[dockerfile.stages.length - 1];
  if (!runtime) return ['no FROM'];
  const copiesFrom = instructionsOf(runtime, 'COPY').flatMap(({ args }) => /--from=(\S+)/.exec(args)?.[1] ?? []);
  const build = dockerfile.stages.find((stage) => stage !== runtime && stage.name && copiesFrom.includes(stage.name));
  const runs = (stage: Stage | undefined) => (stage ? instructionsOf(stage, 'RUN').map(({ args }) => args) : []);
  const installs = runs(runtime).filter((run) => /\bnpm (ci|install|i)\b/.test(run));
  const user = instructionsOf(runtime, 'USER').pop()?.args.split(':')[0];
  const variables = [
    ...Object.keys(dockerfile.globalArgs),
    ...dockerfile.stages.flatMap((stage) =>
      stage.instructions
        .filter(({ keyword }) => keyword === 'ENV' || keyword === 'ARG')
        .flatMap(({ args }) => Object.keys(assignments(args))),
    ),
  ];
  const healthcheck = instructionsOf(runtime, 'HEALTHCHECK').pop()?.args ?? '';
  const entrypoint = execForm(instructionsOf(runtime, 'ENTRYPOINT').pop()?.args ?? '');
  const command = execForm(instructionsOf(runtime, 'CMD').pop()?.args ?? '');

  return [
    !build && 'the runtime stage copies nothing from a build stage',
    ...dockerfile.stages
      .filter((stage) => stage.base !== NODE_IMAGE)
      .map((stage) => `stage on ${stage.base}, not ${NODE_IMAGE}`),
    !runs(build).some((run) => /\bnpm ci\b/.test(run) && !run.includes('--omit=dev')) &&
      'the build stage has no full `npm ci`',
    !runs(build).some((run) => /\bnpm run build\b/.test(run)) && 'the build stage does not `npm run build`',
    installs.length === 0 && 'the runtime stage installs no dependencies',
    ...installs
      .filter((run) => !/\bnpm ci\b.*--omit=dev/.test(run))
      .map((run) => `the runtime stage runs \`${run}\`, not \`npm ci --omit=dev\``),
    !instructionsOf(runtime, 'COPY').some(({ args }) => /--from=\S+ \S*dist\S* /.test(args)) &&
      'the runtime stage copies no dist/',
    instructionsOf(runtime, 'COPY').some(({ args }) => /^\.\s/.test(args)) &&
      'the runtime stage copies the whole source tree',
    (!user || ['root', '0'].includes(user)) && 'the runtime stage does not switch to a non-root USER',
    ...variables
      .filter((name) => secretNames.includes(name) || SECRET_NAME.test(name))
      .map((name) => `ENV/ARG ${name} looks like a secret`),
    !/\/healthz/.test(healthcheck) && 'no HEALTHCHECK on /healthz',
    JSON.stringify(entrypoint) !== '["node"]' && 'ENTRYPOINT is not ["node"]',
    !isAppEntrypoint(command?.[0] ?? '') && 'CMD does not name an app (dist/apps/<app>/main.js)',
  ].filter((problem): problem is string => typeof problem === 'string');
}
