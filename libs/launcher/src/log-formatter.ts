const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m', '\x1b[96m'];
const RESET = '\x1b[0m';
const LEVEL_COLORS: Record<string, string> = { error: '\x1b[31m', fatal: '\x1b[31m', warn: '\x1b[33m' };
const HIDDEN_FIELDS = new Set(['level', 'time', 'service', 'pid', 'msg', 'context']);

/**
 * Makes one process's JSON log line readable for `npm start`: `12:00:01 token    INFO  message  key=value`.
 * Lines that are not JSON (a stack trace, a console message) pass through with the prefix.
 */
export function formatLogLine(app: string, appIndex: number, line: string, color: boolean): string {
  const prefix = `${color ? COLORS[appIndex % COLORS.length] : ''}${app.padEnd(15)}${color ? RESET : ''}`;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${prefix} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${prefix} ${line}`;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? 'info');
  const levelText = level.toUpperCase().padEnd(5);
  const levelShown = color && LEVEL_COLORS[level] ? `${LEVEL_COLORS[level]}${levelText}${RESET}` : levelText;
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${prefix} ${levelShown} ${String(entry.msg ?? '')}${fields ? `  ${fields}` : ''}`;
}
