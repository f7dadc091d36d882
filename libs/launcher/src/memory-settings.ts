/**
 * How each Tessera process is run for memory: the same in `npm start` (the launcher) and in the container image
 * (Dockerfile ENV). Measured with the benchmark's six processes under load, from 1042 to 795 MiB resident at
 * peak with no measurable cost in CPU per request (docs/performance.md, "Memory"):
 * - V8's young generation capped at 8 MiB per semi-space (the default grows to 16 under load): short-lived
 *   request objects are still collected young; the six processes peak ~100 MiB lower.
 * - glibc's malloc limited to two arenas: by default each thread that allocates (libuv's pool: hashing, crypto,
 *   DNS) gets its own, and the freed memory in each stays resident.
 */
export const NODE_MEMORY_FLAGS = ['--max-semi-space-size=8'] as const;
export const MALLOC_ARENA_MAX = '2';

/** `env` with MALLOC_ARENA_MAX set, unless the operator chose a value already. */
export function withMemorySettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX, ...env };
}
