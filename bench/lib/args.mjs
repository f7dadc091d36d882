// Command-line flags of `npm run bench -- [flags]`.
const HELP = `npm run bench -- [flags]
  --quick              smoke run (~10 s of load per system, short rounds), for CI: reports, never judges
  --concurrency N      parallel workers (default 32)
  --rounds N           measured rounds per workload and system, alternating systems (default 3)
  --duration S         seconds per measured round (default 10; quick 0.6)
  --warmup S           least warm-up seconds per workload and system (default 3; quick 0.4); the warm-up goes on
                       while throughput still rises (see bench/lib/warm-up.mjs)
  --warmup-max S       most warm-up seconds per workload and system (default 30; quick: the --warmup)
  --chains N           refresh chains for W4, also the pool of access tokens for W2/W3 (default 200; quick: the concurrency)
  --only W1,W3         run only these workloads
  --systems a,b        tessera, oidc-provider (default both)
  --access-tokens F    Tessera's access tokens: jwt (default; Clerk's default for new applications) or opaque
                       (one signature per exchange, as the baseline; not judged against the targets)
  --profile            --cpu-prof in the measured processes; prints where CPU went per workload
  --no-build           use the existing dist/ instead of building
  --no-save            do not write bench/results/
  --check              exit 1 unless every workload was measured on every system (what CI checks)
  --help`;

export function parseArgs(argv) {
  const options = {
    quick: false,
    concurrency: 32,
    rounds: 3,
    durationS: undefined,
    warmupS: undefined,
    warmupMaxS: undefined,
    chains: undefined,
    only: ['W1', 'W2', 'W3', 'W4', 'W5'],
    systems: ['tessera', 'oidc-provider'],
    accessTokens: 'jwt',
    profile: false,
    build: true,
    save: true,
    check: false,
  };
  const number = (flag, value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${flag} needs a positive number`);
    return parsed;
  };
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split('=');
    const value = () => inline ?? argv[++index];
    switch (flag) {
      case '--quick':
        options.quick = true;
        break;
      case '--check':
        options.check = true;
        break;
      case '--concurrency':
        options.concurrency = Math.round(number(flag, value()));
        break;
      case '--rounds':
        options.rounds = Math.round(number(flag, value()));
        break;
      case '--duration':
        options.durationS = number(flag, value());
        break;
      case '--warmup':
        options.warmupS = number(flag, value());
        break;
      case '--warmup-max':
        options.warmupMaxS = number(flag, value());
        break;
      case '--chains':
        options.chains = Math.round(number(flag, value()));
        break;
      case '--only':
        options.only = value()
          .split(',')
          .map((id) => id.trim().toUpperCase());
        break;
      case '--systems':
        options.systems = value()
          .split(',')
          .map((name) => name.trim());
        break;
      case '--access-tokens':
        options.accessTokens = value();
        if (!['jwt', 'opaque'].includes(options.accessTokens)) throw new Error('--access-tokens is jwt or opaque');
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--no-save':
        options.save = false;
        break;
      case '--help':
        process.stdout.write(`${HELP}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${flag}\n${HELP}`);
    }
  }
  options.chains ??= options.quick ? options.concurrency : 200;
  options.durationS ??= options.quick ? 0.6 : 10;
  options.warmupS ??= options.quick ? 0.4 : 3;
  options.warmupMaxS ??= options.quick ? options.warmupS : Math.max(30, options.warmupS);
  for (const id of options.only) if (!/^W[1-5]$/.test(id)) throw new Error(`unknown workload ${id}`);
  for (const name of options.systems) {
    if (!['tessera', 'oidc-provider'].includes(name)) throw new Error(`unknown system ${name}`);
  }
  return options;
}
