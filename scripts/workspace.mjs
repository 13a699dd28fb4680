import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** The packages under packages/ and apps/, with their package.json. */
export function workspacePackages() {
  return ['packages/', 'apps/', 'test/'].flatMap((group) => {
    const dir = new URL(group, root);
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(new URL(`${entry.name}/package.json`, dir)))
      .map((entry) => {
        const url = new URL(`${entry.name}/`, dir);
        return { url, path: url.pathname, json: JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) };
      });
  });
}

export { root };
