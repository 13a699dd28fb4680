import { readFile } from 'node:fs/promises';
import { CliError, usageError } from '../cli-error.js';
import {
  defaultPolicy,
  type FindingCode,
  findingCodes,
  type Policy,
  type Severity,
  severities,
  type Thresholds,
  thresholds,
  thresholdValue,
} from './findings.js';

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw usageError(`${where} must be a list of strings`);
  return value;
}

// A number is taken as it is (days; seconds for maxValidity), text as a duration.
function threshold(value: unknown, field: keyof Thresholds, key: string, file: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw usageError(`${file}: ${key} must be a finite number, 0 or more (or a duration such as 90d); got ${value}`);
    return value;
  }
  if (typeof value !== 'string') throw usageError(`${file}: ${key} must be a duration such as 90d`);
  return thresholdValue(field, value, `${file}: ${key}`);
}

/**
 * A policy file (YAML): thresholds, severities and allow-lists. Every key is
 * optional; unknown keys are errors, so that a typo does not pass silently.
 *
 *   stale: 90d
 *   neverUsedGrace: 30d
 *   expiring: 14d
 *   maxValidity: 8h
 *   includeManaged: false
 *   severities: { broad_scope: high, stale: medium }
 *   allow: { ids: [...], names: ["^ci-"], owners: [identity id or name] }
 *   inactiveLifecycleStates: [inactive, terminated]
 */
export async function readPolicy(file: string, base: Policy = defaultPolicy): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('not_found', `cannot read the policy ${file}: ${(error as Error).message}`, { exitCode: 3 });
  }
  const { parseYaml } = await import('../yaml.js');
  let data: Record<string, unknown>;
  try {
    data = (parseYaml(text) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw usageError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const known = [
    ...thresholds.map((t) => t.policyKey),
    'includeManaged',
    'severities',
    'allow',
    'inactiveLifecycleStates',
  ];
  for (const key of Object.keys(data))
    if (!known.includes(key)) throw usageError(`${file}: unknown key ${key}`, `use ${known.join(', ')}`);
  const levels = { ...base.severities };
  for (const [code, level] of Object.entries((data.severities ?? {}) as Record<string, unknown>)) {
    if (!(findingCodes as readonly string[]).includes(code))
      throw usageError(`${file}: severities: unknown finding ${code}`, `use ${findingCodes.join(', ')}`);
    if (!(severities as readonly unknown[]).includes(level))
      throw usageError(`${file}: severities.${code} must be low, medium or high`);
    levels[code as FindingCode] = level as Severity;
  }
  const allow = (data.allow ?? {}) as { ids?: unknown; names?: unknown; owners?: unknown };
  const list = (value: unknown, key: string): string[] =>
    value === undefined ? [] : stringList(value, `${file}: allow.${key}`);
  const names = list(allow.names, 'names').map((pattern) => {
    try {
      return new RegExp(pattern);
    } catch {
      throw usageError(`${file}: allow.names: ${JSON.stringify(pattern)} is not a regular expression`);
    }
  });
  const values = Object.fromEntries(
    thresholds.map(({ policyKey, field }) => [
      field,
      data[policyKey] === undefined ? base[field] : threshold(data[policyKey], field, policyKey, file),
    ]),
  ) as unknown as Thresholds;
  return {
    ...base,
    ...values,
    severities: levels,
    allow: { ids: list(allow.ids, 'ids'), names, owners: list(allow.owners, 'owners') },
    includeManaged: typeof data.includeManaged === 'boolean' ? data.includeManaged : base.includeManaged,
    inactiveLifecycleStates:
      data.inactiveLifecycleStates === undefined
        ? base.inactiveLifecycleStates
        : stringList(data.inactiveLifecycleStates, `${file}: inactiveLifecycleStates`),
  };
}
