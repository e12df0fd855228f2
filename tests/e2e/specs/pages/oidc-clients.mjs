// The clients registered in the test oidc-provider (tools/oidc-server.mjs), as the form fields
// `Playground.fill()` takes.

/** `post-client`: client_secret_post. */
export const POST_CLIENT = { method: 'client_secret_post', clientId: 'post-client', clientSecret: 'post-secret-0123456789' };

/** `basic-client`: client_secret_basic, with a secret RFC 6749 §2.3.1 must encode. */
export const BASIC_CLIENT = { method: 'client_secret_basic', clientId: 'basic-client', clientSecret: 'p@ss w/rd+&:%=' };
