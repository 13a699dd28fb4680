// The README's benchmark tables, rendered from bench/results.json.
const ms = (value) => value.toFixed(0);
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
};
