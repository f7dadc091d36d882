// Loaded with `node --require` (through NODE_OPTIONS, which refuses --cpu-prof) into each profiled process: runs
// V8's sampling profiler from start to exit and writes `<BENCH_CPU_PROF_DIR>/<pid>.cpuprofile`, the same file
// `node --cpu-prof` would write.
const { mkdirSync, writeFileSync } = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // An in-process inspector session answers synchronously, so this completes inside the 'exit' handler.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
