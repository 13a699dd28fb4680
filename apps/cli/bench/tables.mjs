// The README's benchmark tables, rendered from bench/results.json.
const ms = (value) => value.toFixed(0);
const range = ({ min, max }, format) => `${format(min)}–${format(max)}`;
const ratio = (value) => `${value.toFixed(2)}x`;
/** A latency case of the tenants bench: the same ms for every tenant, or spread from one to another. */
export const latencyLabel = (value) =>
  typeof value === 'number' ? `${value} ms` : `${value.from}–${value.to} ms, spread`;
const about = (section, how) =>
  `Node.js ${section.node} on ${section.machine.cpu} (${section.machine.cores} cores), ${section.date.slice(0, 10)}; ${how}`;

export const tables = {
  startup: (section) =>
    [
      about(
        section,
        `the installed package; ${section.rounds} rounds of ${section.runs} interleaved runs: the median of the rounds' medians (min–max)`,
      ),
      '',
      '| command | ms | vs node -e 0 |',
      '| --- | ---: | ---: |',
      ...section.cases.map(
        (item) =>
          `| ${item.name} | ${ms(item.ms.median)} (${range(item.ms, ms)}) | ${ratio(item.ratio.median)} (${range(item.ratio, ratio)}) |`,
      ),
    ].join('\n'),
  'audit-scale': (section) =>
    [
      about(section, `${section.rounds} runs each, interleaved (median, min–max); audit -o ndjson to /dev/null`),
      '',
      '| input | patkit s | PATs/s | peak RSS MB | CPU s | limit s | limit RSS MB | patkit / limit |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...section.cases.map((item) => {
        const seconds = (value) => value.toFixed(2);
        const mb = (value) => value.toFixed(0);
        return `| ${item.name} | ${seconds(item.seconds.median)} (${range(item.seconds, seconds)}) | ${Math.round(item.pats / item.seconds.median).toLocaleString('en')} | ${mb(item.rssMb.median)} (${range(item.rssMb, mb)}) | ${seconds(item.cpuSeconds.median)} | ${seconds(item.limitSeconds.median)} | ${mb(item.limitRssMb.median)} | ${ratio(item.seconds.median / item.limitSeconds.median)} |`;
      }),
    ].join('\n'),
  tenants: (section) =>
    [
      about(
        section,
        `${section.rounds} rounds, interleaved (median, min–max); audit --owner all -o ndjson to /dev/null; ${section.tenants} tenants of ${section.patsPerTenant.toLocaleString('en')} PATs and ${section.ownersPerTenant.toLocaleString('en')} owners each, every tenant a mock server process`,
      ),
      '',
      `| latency per request | one tenant alone s | all ${section.tenants} at once s | all ÷ one (per round) | rounds within ${section.target}× | peak RSS MB, one | peak RSS MB, all | CPU s, all |`,
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...section.cases.map((item) => {
        const seconds = (value) => value.toFixed(2);
        const mb = (value) => value.toFixed(0);
        return `| ${latencyLabel(item.latencyMs)} | ${seconds(item.aloneSeconds.median)} (${range(item.aloneSeconds, seconds)}) | ${seconds(item.allSeconds.median)} (${range(item.allSeconds, seconds)}) | ${ratio(item.ratio.median)} (${range(item.ratio, ratio)}) | ${item.withinTarget} of ${section.rounds} | ${mb(item.aloneRssMb.median)} | ${mb(item.allRssMb.median)} (${range(item.allRssMb, mb)}) | ${seconds(item.allCpuSeconds.median)} |`;
      }),
      ...section.cases
        .filter((item) => typeof item.latencyMs !== 'number')
        .map(
          ({ latencyMs: { from, to } }) =>
            `\n${latencyLabel({ from, to })}: tenant i (0 to ${section.tenants - 1}) waits ${from} + i × ${to - from} / ${section.tenants - 1} ms (rounded); the tenant alone is the slowest, at ${to} ms.`,
        ),
      '',
      `The floor (bench/floor-client.mjs: the same requests, answers only parsed), in the same rounds; least possible: its CPU and the tenants' meanwhile, over ${section.cores} cores`,
      '',
      `| latency per request | floor, one s | floor, all ${section.tenants} s | floor, all ÷ one | CPU s, floor + tenants | least possible s, all | patkit's target s (${section.target} × one) |`,
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...section.cases.map(({ latencyMs, floor, targetSeconds }) => {
        const seconds = (value) => value.toFixed(2);
        // However a client spreads its work, the cores run its CPU and the tenants' at most side by side.
        const least = floor.bothCpuSeconds && {
          median: floor.bothCpuSeconds.median / section.cores,
          min: floor.bothCpuSeconds.min / section.cores,
          max: floor.bothCpuSeconds.max / section.cores,
        };
        return `| ${latencyLabel(latencyMs)} | ${seconds(floor.aloneSeconds.median)} | ${seconds(floor.allSeconds.median)} (${range(floor.allSeconds, seconds)}) | ${ratio(floor.ratio.median)} | ${floor.bothCpuSeconds === undefined ? 'unknown' : seconds(floor.bothCpuSeconds.median)} | ${least === undefined ? 'unknown' : `${seconds(least.median)} (${range(least, seconds)})`} | ${seconds(targetSeconds.median)} (${range(targetSeconds, seconds)}) |`;
      }),
    ].join('\n'),
};
