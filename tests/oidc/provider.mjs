// A real OpenID Connect provider (the `oidc-provider` package) for the API tests: it stands in for
// the provincial government account (统一身份认证). Started by the test harness on loopback with a
// JSON file naming the client and the people who can sign in (their real-name claims and the
// assurance level, `acr`, each login carries). Prints `READY <port>` once it listens.
//
// The login page is the smallest one that works: GET shows a form, POST /interaction/<uid>/login
// with `account=<id>` signs that person in. Consent is implied for the one (first-party) client.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = config.accounts;

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: config.client_id,
        client_secret: config.client_secret,
        redirect_uris: [config.redirect_uri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      // The provider's defaults: claims every ID token may carry.
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
      // Every ID token says the assurance level of the login (like a government provider does).
      openid: ['sub', 'acr'],
      profile: ['name', 'id_number'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    // The real-name claims go into the ID token itself (not only the userinfo endpoint).
    conformIdTokenClaims: false,
    acrValues: ['L1', 'L3'],
    cookies: { keys: ['a test key that is long enough to sign cookies'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, id) => {
      const a = accounts[id];
      if (!a) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          name: a.name,
          id_number: a.id_number,
          phone_number: a.phone_number,
          phone_number_verified: a.phone_number !== undefined,
        }),
      };
    },
    // The portal is the provider's own client: no consent screen.
    loadExistingGrant: async (ctx) => {
      const clientId = ctx.oidc.client.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile phone');
      grant.addOIDCClaims(['name', 'id_number', 'phone_number', 'phone_number_verified']);
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  const readBody = (req) =>
    new Promise((resolve, reject) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });

  server.on('request', async (req, res) => {
    const path = new URL(req.url, issuer).pathname;
    if (!path.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<form method="post" action="/interaction/${details.uid}/login"><input name="account"><button>Sign in</button></form>`);
        return;
      }
      const account = new URLSearchParams(await readBody(req)).get('account');
      const a = accounts[account];
      if (!a) {
        res.writeHead(400);
        res.end('unknown account');
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: account, acr: a.acr } }, {
        mergeWithLastSubmission: false,
      });
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  console.log(`READY ${port}`);
});
