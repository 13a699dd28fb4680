import { randomUUID } from 'node:crypto';
import { MockError } from '../mock-error.js';

/** A fault to inject into matching requests. */
export interface FaultRule {
  /** Only requests with this method (any when absent). */
  readonly method?: string;
  /** Only requests whose path starts with this (any when absent). */
  readonly path?: string;
  /** Delay the answer: a fixed number of ms, or a uniform range. */
  readonly latency?: number | { readonly min: number; readonly max: number };
  /** Answer with this error status instead (ISC's error shape for it). */
  readonly status?: number;
  /** Drop the connection without an answer. */
  readonly reset?: boolean;
  /** Fire on each matching request with this probability (default 1). */
  readonly probability?: number;
  /** Fire only on the Nth matching request (1-based), once. */
  readonly nth?: number;
}

export interface Fault extends FaultRule {
  readonly id: string;
  /** Matching requests seen so far. */
  readonly seen: number;
}

export interface FaultDecision {
  readonly latencyMs: number;
  readonly status?: number;
  readonly reset: boolean;
}

const ruleKeys = new Set(['method', 'path', 'latency', 'status', 'reset', 'probability', 'nth']);

/** A rule as the admin API or a JavaScript caller sent it, checked key by key. */
function checkRule(value: unknown): FaultRule {
  const bad = (why: string) => new MockError('invalid_option', `invalid fault: ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('send an object such as {"path":"/v2025","status":503}');
  const rule = value as Record<string, unknown>;
  for (const key of Object.keys(rule))
    if (!ruleKeys.has(key)) throw bad(`unknown key ${JSON.stringify(key)}; use ${[...ruleKeys].join(', ')}`);
  if (rule.method !== undefined && typeof rule.method !== 'string') throw bad('method must be a string');
  if (rule.path !== undefined && typeof rule.path !== 'string') throw bad('path must be a string');
  if (rule.reset !== undefined && typeof rule.reset !== 'boolean') throw bad('reset must be true or false');
  const { latency } = rule;
  if (latency !== undefined) {
    if (typeof latency === 'number') {
      if (!(latency >= 0 && Number.isFinite(latency))) throw bad('latency must be at least 0 ms');
    } else {
      const range = (typeof latency === 'object' && latency !== null ? latency : {}) as Record<string, unknown>;
      const { min, max } = range;
      if (!(typeof min === 'number' && typeof max === 'number' && min >= 0 && max >= min && Number.isFinite(max)))
        throw bad('latency is a number of ms, or a range {"min":…,"max":…} with 0 <= min <= max');
    }
  }
  const { status, probability, nth } = rule;
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
    throw bad('status must be an error status from 400 to 599');
  }
  if (probability !== undefined && !(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
    throw bad('probability must be between 0 and 1');
  }
  if (nth !== undefined && !(Number.isInteger(nth) && (nth as number) >= 1))
    throw bad('nth must be a whole number from 1');
  // Each value is checked first, so that a bad one is named rather than this.
  if (rule.latency === undefined && rule.status === undefined && rule.reset !== true)
    throw bad('give latency, status or reset');
  return rule as FaultRule;
}

/** The fault rules of a server, applied in order. */
export class Faults {
  private rules: Array<FaultRule & { id: string; seen: number }> = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Adds a rule; throws a MockError (code invalid_option) naming what is wrong with it. */
  add(rule: FaultRule): Fault {
    const fault = { ...checkRule(rule), id: randomUUID(), seen: 0 };
    this.rules.push(fault);
    return { ...fault };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): Fault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** What to do with a request; undefined when no rule fires. */
  decide(method: string, path: string): FaultDecision | undefined {
    if (this.rules.length === 0) return undefined;
    let latencyMs = 0;
    let status: number | undefined;
    let reset = false;
    let fired = false;
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue;
      rule.seen++;
      if (rule.nth !== undefined && rule.seen !== rule.nth) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      fired = true;
      if (typeof rule.latency === 'number') latencyMs += rule.latency;
      else if (rule.latency !== undefined)
        latencyMs += rule.latency.min + this.random() * (rule.latency.max - rule.latency.min);
      status ??= rule.status;
      reset ||= rule.reset === true;
    }
    return fired ? { latencyMs, reset, ...(status === undefined ? {} : { status }) } : undefined;
  }
}
