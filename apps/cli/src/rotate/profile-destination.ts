import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { removeStalePartials } from '../atomic-file.js';
import { CliError, usageError } from '../cli-error.js';
import {
  checkProfileName,
  configFile,
  type Profile,
  readProfiles,
  readSecret,
  removeSecret,
  secretsDir,
  updateProfiles,
  writeSecret,
} from '../profiles.js';
import type { Destination, PatCredentials } from './destination.js';

/**
 * --update-profile NAME: the new secret goes to a file of its own
 * (`secrets/NAME+<id>`, 0600), then one atomic rewrite of config.yaml points
 * the profile at the new client id and that file. Killed at any moment, the
 * profile names either the old PAT and its secret or the new one and its.
 */
export function profileDestination(name: string, env: NodeJS.ProcessEnv = process.env): Destination {
  checkProfileName(name);
  let before: { profile: Profile | undefined } | undefined;
  let written: string | undefined;
  const secretFileOf = (clientId: string) => `${name}+${clientId.slice(0, 12)}`;
  const check = async () => {
    await readProfiles(env);
    // The nearest folder that exists must take new files: config.yaml and the secret file are written beside it.
    let folder = dirname(configFile(env));
    while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
    try {
      accessSync(folder, constants.W_OK);
    } catch (error) {
      throw new CliError(
        'destination_unwritable',
        `profile ${name}: ${folder} cannot be written (${(error as Error).message})`,
        {
          hint: 'run as a user who can write the profiles folder, or set XDG_CONFIG_HOME; nothing was changed',
        },
      );
    }
  };
  return {
    label: `profile ${name}`,
    files: [configFile(env)],
    check,
    async prepare() {
      await check();
      const file = await readProfiles(env);
      before = { profile: file.profiles[name] };
    },
    async held() {
      const profile = (await readProfiles(env)).profiles[name];
      if (profile === undefined) return undefined;
      let clientSecret: string | undefined;
      try {
        clientSecret = profile.clientSecretFile ? readSecret(profile.clientSecretFile, () => {}) : undefined;
      } catch {
        clientSecret = undefined;
      }
      return {
        ...(profile.baseUrl === undefined ? {} : { baseUrl: profile.baseUrl }),
        ...(profile.clientId === undefined ? {} : { clientId: profile.clientId }),
        ...(clientSecret === undefined ? {} : { clientSecret }),
      };
    },
    async deliver(next: PatCredentials) {
      written = writeSecret(name, next.clientSecret, env, secretFileOf(next.clientId));
      const secretFile = written;
      await updateProfiles((file) => {
        const profile = file.profiles[name];
        return {
          ...file,
          profiles: {
            ...file.profiles,
            [name]: {
              ...profile,
              baseUrl: profile?.baseUrl ?? next.baseUrl,
              clientId: next.clientId,
              clientSecretFile: secretFile,
            },
          },
        };
      }, env);
    },
    async undo() {
      if (before === undefined) return;
      const { profile } = before;
      await updateProfiles((file) => {
        const profiles = { ...file.profiles };
        if (profile === undefined) delete profiles[name];
        else profiles[name] = profile;
        return { ...file, profiles };
      }, env);
      if (written !== undefined && written !== profile?.clientSecretFile) removeSecret(written, env);
    },
    commit() {
      // The old secret file, and any a killed rotation left (whole or partly written), belong to PATs that are gone.
      const dir = secretsDir(env);
      removeStalePartials(dir, `.${name}+`);
      let files: string[] = [];
      try {
        files = readdirSync(dir);
      } catch {
        return;
      }
      const stale = [before?.profile?.clientSecretFile, ...files.map((f) => join(dir, f))].filter(
        (path): path is string =>
          path !== undefined &&
          path !== written &&
          (path === before?.profile?.clientSecretFile || path.startsWith(join(dir, `${name}+`))),
      );
      for (const path of new Set(stale)) removeSecret(path, env);
    },
  };
}

/**
 * The profile --update-profile means when it names none: the one patkit took
 * its client id from (`source`, as the connection names it), so that the next
 * run authenticates with the new PAT.
 */
export function profileToUpdate(named: string | true, source: string): string {
  if (named !== true) return named;
  const profile = /^profile (\S+)/.exec(source)?.[1];
  if (profile === undefined)
    throw usageError(
      `--update-profile names no profile, and patkit's client id comes from ${source}, not a profile`,
      'name the profile to write: --update-profile ci (it is created if it does not exist)',
    );
  return profile;
}
