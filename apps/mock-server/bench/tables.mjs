// The benchmark tables of BENCHMARKS.md, rendered from bench/results.json.
import { nodeLines } from '../../../scripts/node-lines.mjs';

const count = (value) => Math.round(value).toLocaleString('en-US');
const range = ({ min, max }, format) => `${format(min)}–${format(max)}`;
const withRange = (spread, format) => `${format(spread.median)} (${range(spread, format)})`;
const ratio = (value) => `${value.toFixed(2)}x`;
const about = (section, how) =>
  `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; ${how}`;

function load(section) {
  return [
    about(
      section,
      `loopback, ${section.rounds} rounds of ${section.seconds} s per load and server, the servers taking turns: the median round (min–max); list: ${section.connections.list} connections, create+delete pairs: ${section.connections.pairs}`,
    ),
    '',
    '| server | list req/s | list p99 ms | create+delete req/s | pair p99 ms | failed requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...section.servers.map(
      (server) =>
        `| ${server.name} | ${withRange(server.list.rps, count)} | ${withRange(server.list.p99, String)} | ${withRange(server.pairs.rps, count)} | ${withRange(server.pairs.p99, String)} | ${server.list.failures + server.pairs.failures} |`,
    ),
    '',
    '| @patkit/mock-server vs, round by round | list | create+delete | target |',
    '| --- | ---: | ---: | ---: |',
    `| bare node:http, same bytes (the limit) | ${withRange(section.vsBare.list, ratio)} | ${withRange(section.vsBare.pairs, ratio)} | at least 0.50x |`,
  ].join('\n');
}

function soak(section) {
  const mb = (value) => `${value.toFixed(0)} MB`;
  return [
    about(section, `${section.seconds} s, ${section.workers} workers (list, create, rename, delete, token), loopback`),
    '',
    '| requests | req/s | p50 ms | p99 ms | unexpected answers | server RSS before | after |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${count(section.requests)} | ${count(section.reqPerSecond)} | ${section.p50Ms.toFixed(1)} | ${section.p99Ms.toFixed(1)} | ${section.unexpected} | ${mb(section.rssMb[0])} | ${mb(section.rssMb.at(-1))} |`,
    '',
    `Server RSS every ${section.seconds / 6} s: ${section.rssMb.map((value) => value.toFixed(0)).join(', ')} MB.`,
  ].join('\n');
}

function storeDrivers(section) {
  const [ours, other] = Object.keys(section.operations[0].drivers);
  return [
    about(section, `${section.rounds} interleaved rounds, operations per second: the median round (min–max)`),
    '',
    `| operation | ${ours} | ${other} | ${ours} / ${other} |`,
    '| --- | ---: | ---: | ---: |',
    ...section.operations.map(
      (operation) =>
        `| ${operation.name} | ${withRange(operation.drivers[ours], count)} | ${withRange(operation.drivers[other], count)} | ${ratio(operation.drivers[ours].median / operation.drivers[other].median)} |`,
    ),
  ].join('\n');
}

function startup(section) {
  const ms = (value) => value.toFixed(0);
  return [
    about(
      section,
      `the built server; ${section.rounds} rounds of ${section.runs} runs, the cases taking turns: the median of the rounds' medians (min–max)`,
    ),
    '',
    '| spawn to the first 200 | ms | vs bare node:http |',
    '| --- | ---: | ---: |',
    ...section.cases.map((item) => `| ${item.name} | ${withRange(item.ms, ms)} | ${withRange(item.ratio, ratio)} |`),
    '',
    `In a fresh process, \`startMockServer({ port: 0, seed: 'demo' })\`, its import included: ready in ${withRange(section.embedded.readyMs, ms)} ms, first answer at ${withRange(section.embedded.firstMs, ms)} ms.`,
  ].join('\n');
}

function peers(section) {
  const ms = (value) => value.toFixed(0);
  return [
    about(
      section,
      `${section.rounds} rounds of ${section.seconds} s per server, ${section.connections} connections, the servers taking turns, each alone and warmed up, ${section.logging}; autocannon in a process of its own: the median round (min–max)`,
    ),
    '',
    '| server | version | spawn to first 200, ms | list req/s | p99 ms | failed | @patkit/mock-server ÷ it | its answer | what it can do |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...section.servers.map(
      (server) =>
        `| ${server.name} | ${server.version} | ${withRange(server.startupMs, ms)} | ${withRange(server.rps, count)} | ${withRange(server.p99, String)} | ${server.failures} | ${withRange(server.patkitRatio, ratio)} | ${server.answer} | ${server.can} |`,
    ),
  ].join('\n');
}

export const tables = {
  peers,
  ...Object.fromEntries(nodeLines.map((line) => [`load-node${line.split('.')[0]}`, load])),
  soak,
  'store-drivers': storeDrivers,
  startup,
};

/** The file the tables are rendered into (the README is about using the server). */
export const tablesFile = 'BENCHMARKS.md';
