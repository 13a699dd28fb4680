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
  'duplicate-key-cost': (section) =>
    [
      `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; ${section.runs} pairs of processes, each figure the median of ${section.rounds} rounds: the median pair (min–max)`,
      '',
      `| strict decoding | ops/s before (${section.before}) | ops/s with the check | cost |`,
      '| --- | ---: | ---: | ---: |',
      ...section.cases.map(
        (item) =>
          `| ${item.name === 'one' ? 'one token' : 'a 1,000-token list'} | ${ops(item.before.median)} | ${ops(item.after.median)} | ${ratio(item.cost.median)} (${ratio(item.cost.min)}–${ratio(item.cost.max)}) |`,
      ),
    ].join('\n'),
};
