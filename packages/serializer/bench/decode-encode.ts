// pnpm bench: @patkit/serializer against its limits and peers, side by side
// in one run on the same inputs: ops/s and each figure's cost as a multiple of
// the limit (JSON.parse for decoding, JSON.stringify for encoding), three runs
// (BENCH_RUNS) with their spread. Writes the `decode-encode` section of
// bench/results.json and the README's tables.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetPersonalAccessTokenResponse, getSchema, toJsonSchema } from '@patkit/model';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import * as z from 'zod';
import {
  readResults,
  resultsFileOf,
  type Spread,
  spread,
  updateReadme,
  writeSection,
} from '../../../scripts/bench-results.mjs';
import { createDecoder, createEncoder, decode, decodeList, encode, encodeList } from '../src/index.js';
import { list, model, one } from './inputs.js';
import { tables } from './tables.mjs';

const oneValue = JSON.parse(one);
const listValue = JSON.parse(list);

const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const ajvOne = ajv.compile(toJsonSchema(model, { unknownKeys: 'reject' }));
const ajvList = ajv.compile({ type: 'array', items: toJsonSchema(model, { unknownKeys: 'reject' }) });
const zodStrict = getSchema(model, { unknownKeys: 'reject' });
const zodList = z.array(zodStrict);
const strict = createDecoder(model, { mode: 'strict' });
const tolerant = createDecoder(model);
const encoder = createEncoder(model);
const decodedOne = strict.decodeOrThrow(one);
const decodedList = decodeList(model, list, { mode: 'strict' });
if (!decodedList.ok) throw new Error('the list does not decode');
if (!ajvOne(oneValue) || !ajvList(listValue)) throw new Error(`ajv rejects the input: ${ajv.errorsText()}`);
GetPersonalAccessTokenResponse.parse(oneValue);

// Reading a character makes V8 flatten a string built by concatenation, the
// work any consumer (a socket, a file) pays; JSON.stringify's output is flat.
function use(text: string): void {
  if (text.charCodeAt(text.length >> 1) < 0) throw new Error('unreachable');
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`${what} failed`);
}

interface Case {
  readonly name: string;
  readonly run: () => void;
}

/** Median ops/s over interleaved rounds, each about `ms` long. */
function measure(cases: readonly Case[], rounds = 11, ms = 300): number[] {
  const results = cases.map(() => [] as number[]);
  for (const c of cases) for (let i = 0; i < 200; i++) c.run();
  for (let round = 0; round < rounds; round++) {
    cases.forEach((c, index) => {
      let ops = 0;
      const start = performance.now();
      let elapsed = 0;
      while (elapsed < ms) {
        for (let i = 0; i < 50; i++) c.run();
        ops += 50;
        elapsed = performance.now() - start;
      }
      results[index]?.push((ops * 1000) / elapsed);
    });
  }
  return results.map((r) => r.sort((a, b) => a - b)[Math.floor(r.length / 2)] ?? 0);
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const tablesMeasured: { title: string; cases: { name: string; ops: Spread; cost: Spread }[] }[] = [];

/** Measures the cases `runs` times; each figure is the median run, with the spread of the runs. */
function table(title: string, cases: readonly Case[]): void {
  console.error(title);
  const each = Array.from({ length: runs }, () => measure(cases));
  tablesMeasured.push({
    title,
    cases: cases.map((c, index) => ({
      name: c.name,
      ops: spread(each.map((run) => run[index] ?? 0)),
      cost: spread(each.map((run) => (run[0] ?? 1) / (run[index] ?? 1))),
    })),
  });
}

table('Decode one token (about 480 bytes)', [
  { name: 'JSON.parse alone (the limit)', run: () => JSON.parse(one) },
  { name: 'zod: schema.parse(JSON.parse(s))', run: () => zodStrict.parse(JSON.parse(one)) },
  { name: 'ajv compiled validator after JSON.parse', run: () => check(ajvOne(JSON.parse(one)), 'ajv') },
  { name: '@patkit/serializer strict (createDecoder)', run: () => check(strict.decode(one).ok, 'strict') },
  { name: '@patkit/serializer tolerant (createDecoder)', run: () => check(tolerant.decode(one).ok, 'tolerant') },
  {
    name: '@patkit/serializer strict (decode, one call)',
    run: () => check(decode(model, one, { mode: 'strict' }).ok, 'decode'),
  },
]);

table('Decode a 1,000-token list (about 480 KB)', [
  { name: 'JSON.parse alone (the limit)', run: () => JSON.parse(list) },
  { name: 'zod: z.array(schema).parse(JSON.parse(s))', run: () => zodList.parse(JSON.parse(list)) },
  { name: 'ajv compiled validator after JSON.parse', run: () => check(ajvList(JSON.parse(list)), 'ajv') },
  {
    name: '@patkit/serializer strict (decodeList)',
    run: () => check(decodeList(model, list, { mode: 'strict' }).ok, 'strict'),
  },
  { name: '@patkit/serializer tolerant (decodeList)', run: () => check(decodeList(model, list).ok, 'tolerant') },
]);

table('Encode one token', [
  { name: 'JSON.stringify of a plain object (the limit)', run: () => use(JSON.stringify(oneValue)) },
  { name: '@patkit/serializer (createEncoder)', run: () => use(encoder.encode(decodedOne)) },
  { name: '@patkit/serializer (encode, one call)', run: () => use(encode(model, decodedOne)) },
]);

table('Encode a 1,000-token list', [
  { name: 'JSON.stringify of plain objects (the limit)', run: () => use(JSON.stringify(listValue)) },
  { name: '@patkit/serializer (encodeList)', run: () => use(encodeList(model, decodedList.value)) },
]);

const app = fileURLToPath(new URL('..', import.meta.url));
writeSection(resultsFileOf(app), 'decode-encode', { runs, rounds: 11, tables: tablesMeasured });
updateReadme(join(app, 'README.md'), resultsFileOf(app), tables);
console.log(tables['decode-encode'](readResults(resultsFileOf(app))['decode-encode']));
