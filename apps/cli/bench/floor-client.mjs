// The floor of the tenants bench: the least a Node.js client can do to audit
// these tenants. For every tenant at once it sends the audit's requests (a
// token, the PAT list, the owners 50 ids a request, 8 at once, as patkit
// does: test/bench-floor.test.ts holds these to src/audit/owners.ts) over
// node:http with the same headers, and JSON.parses each answer; nothing is
// checked, classified or written. Its time and CPU bound what any client
// that reads the same answers can reach on the same machine.
//   node floor-client.mjs, tenants in PATKIT_FLOOR_TENANTS: [{ url, clientId, clientSecret }]
import http from 'node:http';

const tenants = JSON.parse(process.env.PATKIT_FLOOR_TENANTS ?? '[]');
const identitiesPerRequest = 50;
const lookupsAtOnce = 8;
const agent = new http.Agent({ keepAlive: true });

/** The JSON of one answer (its status must be 200). */
const call = (url, { method = 'GET', headers = {}, body } = {}) =>
  new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method, agent, headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', ...headers } },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(JSON.parse(Buffer.concat(chunks).toString()));
          else reject(new Error(`${method} ${url}: ${response.statusCode}`));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });

async function audit({ url, clientId, clientSecret }) {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const { access_token: token } = await call(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: String(form),
  });
  const get = (path) => call(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const pats = await get('/personal-access-tokens/v1');
  const owners = [...new Set(pats.map((pat) => pat.owner.id))];
  const groups = [];
  for (let at = 0; at < owners.length; at += identitiesPerRequest)
    groups.push(owners.slice(at, at + identitiesPerRequest));
  let next = 0;
  const lookups = async () => {
    while (next < groups.length) {
      const ids = groups[next++];
      const query = new URLSearchParams({
        filters: `id in (${ids.map((id) => JSON.stringify(id)).join(',')})`,
        defaultFilter: 'NONE',
        limit: '250',
        offset: '0',
      });
      await get(`/identities/v1?${query}`);
    }
  };
  await Promise.all(Array.from({ length: lookupsAtOnce }, lookups));
}

await Promise.all(tenants.map(audit));
