// The dashboard's end-to-end test drives Debian's Chromium through
// playwright-core (never a downloaded browser). Installs it when missing and
// this is a Debian machine we are root on; otherwise says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `${chromium} is missing: install Debian's chromium package (sudo apt-get install chromium) for the dashboard test.`,
    );
    process.exit(1);
  }
  console.error('Installing Debian chromium for the dashboard test…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}
