// Removes the test reports of earlier runs, so the summary counts only this one.
import { rmSync } from 'node:fs';
import { workspacePackages } from './workspace.mjs';

for (const pkg of workspacePackages()) rmSync(new URL('reports/', pkg.url), { recursive: true, force: true });
