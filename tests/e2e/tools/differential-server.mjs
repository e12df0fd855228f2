// The reference server of the differential test (crates/core/tests/differential.rs): panva's oidc-provider
// (pinned in package-lock.json) configured as the twin of the simulator's default configuration,
// so that the same raw request bytes mean the same thing to both.
//
//   node tools/differential-server.mjs
//
// Listens on 127.0.0.1 on a free port and prints `listening <port>` once ready. It plays
// https://authorization-server.example behind a TLS-terminating proxy (every request counts as
// https, RFC 9110 §4.2.2), with the simulator's paths: POST /oauth2/token, /oauth2/introspect,
// /oauth2/revoke. Clients (the simulator's defaults, plus one for client_secret_jwt):
//   my_client_id_123   my_secret_456        client_secret_basic (oidc-provider also takes _post)
//   web_app_client     web_secret_789       authorization_code only (the simulator also lists
//                                           refresh_token, a grant oidc-provider enables only with
//                                           offline_access; no case here uses it)
//   public_spa_client  (none)               public, authorization_code only
//   secret_jwt_client  a 47-byte secret     client_secret_jwt (HS256)
//   private_key_jwt_client                  private_key_jwt (ES256, tests/fixtures/ec-public.pem)
//   dpop_client        dpop_secret_321      client_secret_basic, dpop_bound_access_tokens (RFC 9449 §5.2)
// DPoP (RFC 9449) is on, without nonces: a request with a DPoP proof gets a DPoP-bound token.
// Resources (RFC 8707) are the simulator's client audiences; anything else is invalid_target.
// Access tokens are opaque so introspection can find them. Exits when stdin closes (the test
// that started it has gone), on SIGTERM and on SIGINT.
import Provider, { errors } from 'oidc-provider';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const fixtureKey = createPublicKey(readFileSync(join(here, '../../fixtures/ec-public.pem'))).export({ format: 'jwk' });

const ISSUER = 'https://authorization-server.example';
const SCOPES = ['orders:read', 'orders:write', 'inventory:read'];
const RESOURCES = new Set([
  `${ISSUER}/api/orders`,
  'https://api.example',
  'https://api.example/orders',
  'urn:example:inventory',
]);
const common = { response_types: [], redirect_uris: [], scope: SCOPES.join(' ') };
const webApp = { response_types: ['code'], redirect_uris: ['https://app.example/callback'] };

const provider = new Provider(ISSUER, {
  clients: [
    { ...common, client_id: 'my_client_id_123', client_secret: 'my_secret_456', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' },
    { ...common, ...webApp, client_id: 'web_app_client', client_secret: 'web_secret_789', grant_types: ['authorization_code'], token_endpoint_auth_method: 'client_secret_basic' },
    { ...common, ...webApp, client_id: 'public_spa_client', grant_types: ['authorization_code'], token_endpoint_auth_method: 'none' },
    {
      ...common,
      client_id: 'secret_jwt_client',
      client_secret: 'a-shared-secret-of-more-than-32-bytes-for-hs256',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_jwt',
      token_endpoint_auth_signing_alg: 'HS256',
    },
    {
      ...common,
      client_id: 'private_key_jwt_client',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [{ ...fixtureKey, kid: 'fixture-ec', use: 'sig', alg: 'ES256' }] },
    },
    {
      ...common,
      client_id: 'dpop_client',
      client_secret: 'dpop_secret_321',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
      dpop_bound_access_tokens: true,
    },
  ],
  routes: {
    token: '/oauth2/token',
    introspection: '/oauth2/introspect',
    revocation: '/oauth2/revoke',
    jwks: '/jwks',
  },
  scopes: SCOPES,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    dPoP: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => `${ISSUER}/api/orders`,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource) => {
        if (!RESOURCES.has(resource)) throw new errors.InvalidTarget();
        return { scope: SCOPES.join(' '), audience: resource, accessTokenTTL: 3600, accessTokenFormat: 'opaque' };
      },
    },
  },
  ttl: { ClientCredentials: 3600 },
});
provider.proxy = true;

const callback = provider.callback();
const { createServer } = await import('node:http');
const server = createServer((req, res) => {
  // The TLS-terminating proxy in front says the request came over https.
  req.headers['x-forwarded-proto'] = 'https';
  callback(req, res);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
