// The README's benchmark tables, rendered from bench/results.json.
const ratio = (value) => `${value.toFixed(2)}x`;
const ops = (value) => Math.round(value).toLocaleString('en-US');

export const tables = {
  'decode-encode': (section) =>
    [
      `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; ${section.runs} runs, each the median of ${section.rounds} interleaved rounds: the median run (min–max)`,
      ...section.tables.flatMap((table) => [
        '',
        `#### ${table.title}`,
        '',
        '| | ops/s | cost vs limit |',
        '| --- | ---: | ---: |',
        ...table.cases.map(
          (item) =>
            `| ${item.name} | ${ops(item.ops.median)} | ${ratio(item.cost.median)} (${ratio(item.cost.min)}–${ratio(item.cost.max)}) |`,
        ),
      ]),
    ].join('\n'),
};
