import { APPS, isApp, readRepoFile, type App } from './repo';

/** One row of the configuration table in docs/operations.md: the contract the deployment files are checked against. */
export interface ConfigOption {
  name: string;
  readBy: App[];
  /** The Default cell as written. */
  defaultText: string;
  /** Unset by default (and valid only unset or set to a real value), so a deployment may leave it out. */
  unsetByDefault: boolean;
  /** Lives in the Kubernetes Secret rather than the ConfigMap. */
  secret: boolean;
}

export const OPERATIONS_GUIDE = 'docs/operations.md';

/** Reads the table under `## Configuration`: | `NAME` | Read by | Default | Kubernetes | Description |. */
export function readConfigTable(markdown = readRepoFile(OPERATIONS_GUIDE)): ConfigOption[] {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1];
  if (!section) throw new Error(`${OPERATIONS_GUIDE} has no "## Configuration" section`);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      if (cells.length !== 5) throw new Error(`configuration table row without 5 cells: ${line}`);
      const [nameCell, readByCell, defaultText, kubernetes] = cells;
      const name = /^`([A-Z][A-Z0-9_]*)`$/.exec(nameCell)?.[1];
      if (!name) throw new Error(`configuration table: bad variable cell ${nameCell}`);
      if (kubernetes !== 'Secret' && kubernetes !== 'ConfigMap') {
        throw new Error(`configuration table: ${name} must live in Secret or ConfigMap, not "${kubernetes}"`);
      }
      return {
        name,
        readBy: parseReadBy(readByCell, name),
        defaultText,
        unsetByDefault: defaultText.startsWith('unset'),
        secret: kubernetes === 'Secret',
      };
    });
}

function parseReadBy(cell: string, name: string): App[] {
  if (cell === 'all') return [...APPS];
  const apps = cell.split(',').map((app) => app.trim());
  const unknown = apps.filter((app) => !isApp(app));
  if (unknown.length > 0) throw new Error(`configuration table: ${name} is read by unknown ${unknown.join(', ')}`);
  return apps as App[];
}

/** The options a process must be given explicitly in a deployment: all it reads, except those unset by default. */
export const requiredFor = (table: ConfigOption[], app: App) =>
  table.filter((option) => option.readBy.includes(app) && !option.unsetByDefault).map((option) => option.name);

/** The Default cell's value for one process: `` `600` `` or, per process, `` `9400` gateway, `9401` authorize ``. */
export function documentedDefault(option: ConfigOption, app: App): string | undefined {
  const single = /^`([^`]*)`$/.exec(option.defaultText);
  if (single) return single[1];
  const perApp = [...option.defaultText.matchAll(/`([^`]*)` ([a-z-]+)/g)].find(([, , owner]) => owner === app);
  return perApp?.[1];
}
