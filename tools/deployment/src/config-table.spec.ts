import { existsSync, readdirSync } from 'node:fs';
import { documentedDefault, readConfigTable } from './config-table';
import { APPS, repoPath, type App } from './repo';

/**
 * The configuration table is what the deployment checks trust, so it must match what each app's env schema
 * really reads (the one apps/<app>/src/*.config.ts, exporting a `*ConfigSchema`). An app without a config file
 * yet is skipped, not passed.
 */

function configFileOf(app: App): string | undefined {
  const dir = `apps/${app}/src`;
  const files = existsSync(repoPath(dir))
    ? readdirSync(repoPath(dir)).filter((file) => file.endsWith('.config.ts'))
    : [];
  if (files.length > 1) throw new Error(`${dir} has several *.config.ts: ${files.join(', ')}`);
  return files[0] && `${dir}/${files[0]}`;
}

interface ZodLike {
  _def: { typeName: string; schema?: ZodLike; defaultValue?: () => unknown };
  shape?: Record<string, ZodLike>;
}

function loadConfigSchema(configFile: string): ZodLike {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is found per app at run time
  const module = require(repoPath(configFile)) as Record<string, unknown>;
  const entry = Object.entries(module).find(([name]) => name.endsWith('ConfigSchema'));
  if (!entry) throw new Error(`${configFile} exports no *ConfigSchema`);
  return entry[1] as ZodLike;
}

/** The object schema under any .transform()/.refine() wrappers. */
function shapeOf(schema: ZodLike): Record<string, ZodLike> {
  let current = schema;
  while (current._def.typeName === 'ZodEffects' && current._def.schema) current = current._def.schema;
  if (!current.shape) throw new Error(`expected a z.object() schema, found ${current._def.typeName}`);
  return current.shape;
}

function defaultOf(field: ZodLike): unknown {
  let current: ZodLike | undefined = field;
  while (current) {
    if (current._def.typeName === 'ZodDefault') return current._def.defaultValue?.();
    current = current._def.typeName === 'ZodEffects' ? current._def.schema : undefined;
  }
  return undefined;
}

describe('docs/operations.md configuration table', () => {
  const table = readConfigTable();

  it('documents each variable once', () => {
    const names = table.map((option) => option.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(names.length).toBeGreaterThan(20);
  });

  describe.each(APPS)('%s', (app) => {
    const configFile = configFileOf(app);
    const whenConfigExists = configFile ? it : it.skip;
    const shape = () => shapeOf(loadConfigSchema(String(configFile)));

    whenConfigExists('lists exactly the variables its env schema reads', () => {
      const read = Object.keys(shape()).sort();
      const documented = table.filter((option) => option.readBy.includes(app)).map((option) => option.name);
      expect(documented.sort()).toEqual(read);
    });

    whenConfigExists('gives the defaults its env schema has', () => {
      const fields = shape();
      const mismatches = table
        .filter((option) => option.readBy.includes(app) && fields[option.name])
        .flatMap((option) => {
          const actual = defaultOf(fields[option.name]);
          const documented = documentedDefault(option, app);
          if (actual === undefined || documented === undefined || String(actual) === documented) return [];
          return [`${option.name}: documented ${documented}, schema ${String(actual)}`];
        });
      expect(mismatches).toEqual([]);
    });
  });
});
