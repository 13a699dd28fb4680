// The dashboard's end-to-end test drives Debian's Chromium through
// playwright-core (never a downloaded browser); the CLI's completion tests run
// its scripts in zsh and fish; the sail keyring test needs a Secret Service
// (gnome-keyring in a D-Bus session) and secret-tool. Installs what is missing when this is a Debian
// machine we are root on; otherwise says how.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needed = [
  { path: '/usr/bin/chromium', pkg: 'chromium', why: 'the dashboard test' },
  { path: '/usr/bin/zsh', pkg: 'zsh', why: 'the zsh completion test' },
  { path: '/usr/bin/fish', pkg: 'fish', why: 'the fish completion test' },
  { path: '/usr/bin/dbus-run-session', pkg: 'dbus-bin', why: "the sail keyring test's D-Bus session" },
  { path: '/usr/bin/gnome-keyring-daemon', pkg: 'gnome-keyring', why: "the sail keyring test's Secret Service" },
  { path: '/usr/bin/secret-tool', pkg: 'libsecret-tools', why: "the sail keyring test's entries" },
];
const missing = needed.filter(({ path }) => !existsSync(path));
if (missing.length > 0) {
  const root = process.getuid?.() === 0;
  const names = missing.map(({ pkg }) => pkg).join(' ');
  if (!root || !existsSync('/usr/bin/apt-get')) {
    console.error(
      `${missing.map(({ path, why }) => `${path} (for ${why})`).join(', ')} missing: install Debian's packages (sudo apt-get install ${names}).`,
    );
    process.exit(1);
  }
  console.error(`Installing Debian ${names} for ${missing.map(({ why }) => why).join(', ')}…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map(({ pkg }) => pkg)], {
    stdio: 'inherit',
    env,
  });
}
