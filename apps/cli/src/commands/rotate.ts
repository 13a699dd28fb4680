import { day } from '@patkit/model/time';
import { CliError, usageError } from '../cli-error.js';
import { type ConnectOptions, connect } from '../connect.js';
import { parseSeconds } from '../durations.js';
import { exitCodes } from '../exit-codes.js';
import { type OutputOptions, printSecret } from '../output.js';

export interface RotateOptions extends ConnectOptions, OutputOptions {
  readonly keepOld?: string;
}

/**
 * patkit rotate ID: a replacement with the same scope, validity and expiry
 * policy (named "<name> (rotated)" while both exist, then renamed), its
 * secret printed once; then the old PAT is deleted, or with --keep-old the
 * command says when to delete it.
 */
export async function rotate(id: string, options: RotateOptions): Promise<number> {
  const keepMs = options.keepOld === undefined ? undefined : parseSeconds(options.keepOld, '--keep-old') * 1000;
  const { client } = await connect(options);
  if (id === client.config.clientId) throw usageError('a PAT cannot rotate itself; authenticate with another PAT');
  const old = (await client.list({ ownerId: 'me' })).find((pat) => pat.id === id);
  if (old === undefined)
    throw new CliError('not_found', `you have no PAT with the id ${id}`, { exitCode: exitCodes.notFound });
  if (old.managed)
    throw new CliError('managed', `${old.name} is managed by SailPoint; rotate it where it is managed`, {
      exitCode: exitCodes.failure,
    });
  const now = Date.now();
  const lifetime = old.expirationDate ? Date.parse(old.expirationDate) - Date.parse(old.created) : undefined;
  const expiry =
    lifetime === undefined
      ? { expirationDate: null, userAwareTokenNeverExpires: true }
      : { expirationDate: new Date(now + Math.max(lifetime, day)).toISOString() };
  const created = await client.create({
    name: `${old.name} (rotated)`,
    scope: old.scope ?? null,
    accessTokenValiditySeconds: old.accessTokenValiditySeconds ?? 43_200,
    ...expiry,
  } as never);
  if (keepMs === undefined) {
    await client.delete(old.id);
    await client.rename(created.id, old.name);
  }
  const out = keepMs === undefined ? { ...created, name: old.name } : created;
  await printSecret(out, options);
  process.stderr.write('patkit: this is the only time the new secret is shown; store it now.\n');
  if (keepMs === undefined) process.stderr.write(`patkit: the old PAT ${old.id} is deleted.\n`);
  else {
    const when = new Date(now + keepMs).toISOString();
    process.stderr.write(
      `patkit: the old PAT ${old.id} still works; delete it after ${when}: patkit delete ${old.id} --yes, then patkit rename ${created.id} "${old.name}"\n`,
    );
  }
  return exitCodes.ok;
}
