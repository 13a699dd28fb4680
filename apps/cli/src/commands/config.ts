import { CliError, usageError } from '../cli-error.js';
import { exitCodes } from '../exit-codes.js';
import {
  checkProfileName,
  configFile,
  type Profile,
  profileKeys,
  readProfiles,
  removeSecret,
  updateProfiles,
  writeSecret,
} from '../profiles.js';
import { readStdinSecret } from '../read-input.js';

/** patkit config list: the profiles, the current one marked; never secrets. */
export async function configList(): Promise<number> {
  const { current, profiles } = await readProfiles();
  const names = Object.keys(profiles);
  if (names.length === 0)
    process.stderr.write(`patkit: no profiles yet in ${configFile()}; add one with patkit config set\n`);
  for (const name of names) {
    const p = profiles[name] ?? {};
    process.stdout.write(
      `${name === current ? '*' : ' '} ${name}  ${p.baseUrl ?? '(no baseUrl)'}  ${p.clientId ?? '(no clientId)'}${p.clientSecretFile ? '  secret: file' : ''}\n`,
    );
  }
  return exitCodes.ok;
}

/** patkit config get [KEY] [--profile P] */
export async function configGet(key: string | undefined, options: { profile?: string }): Promise<number> {
  const file = await readProfiles();
  const name = options.profile ?? file.current;
  if (name === undefined)
    throw usageError('no profile given and none is current', 'patkit config use NAME, or --profile NAME');
  const profile = file.profiles[name];
  if (profile === undefined) throw new CliError('not_found', `no profile ${name}`, { exitCode: exitCodes.notFound });
  if (key === undefined) {
    for (const k of profileKeys) if (profile[k] !== undefined) process.stdout.write(`${k}=${profile[k]}\n`);
    if (profile.clientSecretFile) process.stdout.write(`clientSecretFile=${profile.clientSecretFile}\n`);
    return exitCodes.ok;
  }
  const value = (profile as Record<string, string | undefined>)[key];
  if (value === undefined) return exitCodes.notFound;
  process.stdout.write(`${value}\n`);
  return exitCodes.ok;
}

/** patkit config set KEY [VALUE] [--profile P] [--client-secret-stdin] */
export async function configSet(
  key: string,
  value: string | undefined,
  options: { profile?: string; clientSecretStdin?: boolean },
): Promise<number> {
  const file = await readProfiles();
  const name = checkProfileName(options.profile ?? file.current ?? 'default');
  let update: Profile;
  if (key === 'clientSecret') {
    if (value !== undefined || !options.clientSecretStdin) {
      throw usageError(
        'a secret never goes on the command line, where shell history keeps it',
        'printf %s "$SECRET" | patkit config set clientSecret --client-secret-stdin',
      );
    }
    const secret = await readStdinSecret();
    if (secret === '') throw usageError('standard input held no secret');
    update = { clientSecretFile: writeSecret(name, secret) };
  } else if ((profileKeys as readonly string[]).includes(key)) {
    if (value === undefined) throw usageError(`give a value for ${key}`);
    update = { [key]: value };
  } else {
    throw usageError(`unknown key ${key}`, `use one of ${[...profileKeys, 'clientSecret'].join(', ')}`);
  }
  // Only this key changes: what another run changed meanwhile stays.
  await updateProfiles((now) => ({
    current: now.current ?? name,
    profiles: { ...now.profiles, [name]: { ...now.profiles[name], ...update } },
  }));
  process.stderr.write(`patkit: profile ${name}: ${key} set\n`);
  return exitCodes.ok;
}

/** The profiles file, and the named profile in it (which must exist). */
async function existing(name: string) {
  checkProfileName(name);
  const file = await readProfiles();
  const profile = file.profiles[name];
  if (profile === undefined) throw new CliError('not_found', `no profile ${name}`, { exitCode: exitCodes.notFound });
  return { file, profile };
}

/** patkit config use NAME */
export async function configUse(name: string): Promise<number> {
  await existing(name);
  await updateProfiles((now) => ({ ...now, current: name }));
  process.stderr.write(`patkit: now using profile ${name}\n`);
  return exitCodes.ok;
}

/** patkit config remove NAME */
export async function configRemove(name: string): Promise<number> {
  const { profile } = await existing(name);
  await updateProfiles((now) => {
    const { [name]: _removed, ...profiles } = now.profiles;
    return { ...(now.current === name || now.current === undefined ? {} : { current: now.current }), profiles };
  });
  removeSecret(profile.clientSecretFile);
  process.stderr.write(`patkit: profile ${name} removed\n`);
  return exitCodes.ok;
}
