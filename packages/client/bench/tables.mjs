// The README's benchmark tables, rendered from bench/results.json.
const ms = (value) => value.toFixed(0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (value) => `${value.toFixed(2)}x`;
const withRange = (spread, format) => `${format(spread.median)} (${format(spread.min)}–${format(spread.max)})`;

export const tables = {
  'import-time': (section) =>
    [
      `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; a fresh process per import, ${section.rounds} rounds of ${section.runs} interleaved runs: the median round (min–max)`,
      '',
      '| import | ms | ms over node -e 0 |',
      '| --- | ---: | ---: |',
      ...section.cases.map((item) => `| ${item.name} | ${withRange(item.ms, ms)} | ${withRange(item.overBare, ms)} |`),
      '',
      `Client / serializer, round by round: ${withRange(section.clientVsSerializer, ratio)} (budget ${ratio(section.budget)}).`,
    ].join('\n'),
  footprint: (section) =>
    [
      `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; import: a fresh process per import, ${section.rounds} rounds of ${section.runs} interleaved runs, the median round (min–max)`,
      '',
      '| @patkit/client | bundle of createClient with credentials, minified | of which yaml | import ms over node -e 0 |',
      '| --- | ---: | ---: | ---: |',
      ...section.versions.map(
        (item) =>
          `| ${item.name === 'before' ? `before (${section.before}): yaml imported at once` : "now: yaml when sail's file is read, node:http at the first request"} | ${kb(item.bytes)} | ${kb(item.yamlBytes)} | ${withRange(item.importOverBare, ms)} |`,
      ),
    ].join('\n'),
};
