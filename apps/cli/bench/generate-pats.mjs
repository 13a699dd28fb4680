// A seeded, realistic PAT export for the audit benchmark: owners with up to
// ten PATs, two years of creation dates, a share never used, expired, never
// expiring, managed or with sp:scopes:all. Written by the serializer, as
// `patkit export` writes it.
//   node bench/generate-pats.mjs COUNT FILE [--json] [--seed N]

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodeStream } from '@patkit/serializer';

const day = 86_400_000;
const scopes = [
  ['sp:scopes:all'],
  ['sp:my-personal-access-tokens:read'],
  ['sp:my-personal-access-tokens:read', 'sp:my-personal-access-tokens:manage'],
  ['sp:all-personal-access-tokens:read'],
  ['idn:identity:read', 'sp:my-personal-access-tokens:read'],
  null,
];

/** mulberry32: a small seeded generator, so that every run writes the same file. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (next) =>
  Array.from({ length: 4 }, () =>
    Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0'),
  ).join('');

/** The PATs, one at a time, relative to `now`. */
export function* generatePats(count, { seed = 1, now = Date.parse('2026-11-30T12:00:00Z') } = {}) {
  const next = random(seed);
  const owners = Array.from({ length: Math.max(1, Math.ceil(count / 6)) }, (_, i) => ({
    type: 'IDENTITY',
    id: hex(next),
    name: `Owner ${i}`,
  }));
  for (let i = 0; i < count; i++) {
    const created = now - Math.floor(next() * 730 * day);
    const used = next() < 0.15 ? null : created + Math.floor(next() * (now - created));
    const expiry = next() < 0.2 ? null : created + 180 * day;
    yield {
      id: hex(next),
      name: `integration ${i}`,
      scope: scopes[Math.floor(next() * scopes.length)],
      owner: owners[Math.floor(next() * owners.length)],
      created: new Date(created).toISOString(),
      lastUsed: used === null ? null : new Date(used).toISOString(),
      managed: next() < 0.05,
      accessTokenValiditySeconds: [3600, 28_800, 43_200][Math.floor(next() * 3)],
      expirationDate: expiry === null ? null : new Date(expiry).toISOString(),
      userAwareTokenNeverExpires: expiry === null,
    };
  }
}

/** Writes `count` PATs to `file` as NDJSON or one JSON array. */
export async function writePats(file, count, { json = false, seed = 1 } = {}) {
  const out = createWriteStream(file);
  for await (const chunk of encodeStream('GetPersonalAccessTokenResponse', generatePats(count, { seed }), {
    format: json ? 'json' : 'ndjson',
  })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count, file] = process.argv.slice(2);
  const seedAt = process.argv.indexOf('--seed');
  if (count === undefined || file === undefined) {
    console.error('usage: node bench/generate-pats.mjs COUNT FILE [--json] [--seed N]');
    process.exit(2);
  }
  await writePats(file, Number(count), {
    json: process.argv.includes('--json'),
    seed: seedAt === -1 ? 1 : Number(process.argv[seedAt + 1]),
  });
}
