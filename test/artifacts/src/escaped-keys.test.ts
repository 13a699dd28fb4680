// nodejs/node#63785 from what users install, on every Node.js line: once a
// process has parsed an object with the keys `a` and `\`, V8's JSON.parse
// on Node.js 24 and 26 reads the key `"\""` of a later `{"a":…,"\"":…}` as
// `\`. The installed serializer, CLI and mock server read it as `"`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifacts, emptyHome, lines, sh, startMock, userEnv } from './artifacts.test-utils.js';

const poison = '{"text":"t","\\\\":1}';
const quoteKey = '{"text":"t","\\"":1}';

// The snippet through the serializer: the same two texts, one process.
const snippet = `import { decode } from '@patkit/serializer';
const options = { apiVersion: 'v3', mode: 'tolerant', unknownKeys: 'keep' };
decode('ErrorMessageDto', ${JSON.stringify(poison)}, options);
const kept = decode('ErrorMessageDto', ${JSON.stringify(quoteKey)}, options);
const strict = decode('ErrorMessageDto', ${JSON.stringify(quoteKey)}, { apiVersion: 'v3', mode: 'strict' });
const { path, line, column } = strict.errors[0];
console.log(JSON.stringify({ kept: Object.keys(kept.value), path, line, column }));
`;

describe.each(lines)('escaped keys on %s', (_, node) => {
  it('the serializer keeps and reports the key "\\"" as it is', () => {
    const file = `escaped-keys-${node.version}.mjs`;
    writeFileSync(join(artifacts.consumer, file), snippet);
    const run = sh('node', [file], userEnv(node, artifacts.consumer), { cwd: artifacts.consumer });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ kept: ['text', '"'], path: '/"', line: 1, column: 13 });
  });

  it("patkit validate names each file's own key, quoted as JSON", () => {
    const home = emptyHome();
    writeFileSync(join(home, 'poison.json'), poison);
    writeFileSync(join(home, 'quote.json'), quoteKey);
    const run = sh(
      'patkit',
      ['validate', '--model', 'ErrorMessageDto', '--api-version', 'v3', 'poison.json', 'quote.json'],
      userEnv(node, home),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'poison.json:1:13 /\\: unknown_key: "\\\\" is not a key of ErrorMessageDto; remove it, or decode in tolerant mode\n',
    );
    expect(run.stderr).toContain(
      'quote.json:1:13 /": unknown_key: "\\"" is not a key of ErrorMessageDto; remove it, or decode in tolerant mode\n',
    );
  });

  it('patkit-mock reads a request body\'s key "\\"" as it is', async () => {
    const home = emptyHome();
    const mock = await startMock(['--port', '0', '--log-level', 'warn'], userEnv(node, home));
    try {
      const fault = async (body: string) => {
        const response = await fetch(`${mock.url}/__admin/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(response.status).toBe(400);
        const { causes } = (await response.json()) as { causes: { text: string }[] };
        return causes.map((cause) => cause.text).join('\n');
      };
      expect(await fault('{"path":"/","\\\\":1}')).toContain('unknown key "\\\\";');
      expect(await fault('{"path":"/","\\"":1}')).toContain('unknown key "\\"";');
    } finally {
      await mock.stop();
    }
  });
});
