import type { SeedClient, SeedData } from './types.js'

/** Client id of the seeded demo application (browser login). Stable for the examples. */
export const DEMO_CLIENT_ID = 'skc_demo_app'
/** Secret of the demo application client. Local development only. */
export const DEMO_CLIENT_SECRET = 'sks_demo_app_local_development_secret'
/** Client id of the seeded environment client (management API, client_credentials). */
export const DEMO_ENVIRONMENT_CLIENT_ID = 'skc_demo_env'
/** Secret of the demo environment client. Local development only. */
export const DEMO_ENVIRONMENT_CLIENT_SECRET = 'sks_demo_env_local_development_secret'

const PORTS = [3000, 3001, 3002]

/** The demo clients, created by any seed that does not list `clients` itself. */
export const DEFAULT_CLIENTS: SeedClient[] = [
  {
    kind: 'application',
    client_id: DEMO_CLIENT_ID,
    client_secret: DEMO_CLIENT_SECRET,
    name: 'Demo application',
    first_party: true,
    redirect_uris: PORTS.flatMap((p) => [
      `http://localhost:${p}/auth/callback`,
      `http://127.0.0.1:${p}/auth/callback`,
    ]),
    post_logout_redirect_uris: PORTS.flatMap((p) => [
      `http://localhost:${p}/`,
      `http://127.0.0.1:${p}/`,
    ]),
    initiate_login_uri: 'http://localhost:3000/auth/callback',
    // Signing out at the emulator ends the session in each example app (Express 3000,
    // Fastify 3001, Next 3002; scripts/demo.mjs): back-channel logout to all three.
    backchannel_logout_uri: `http://localhost:${PORTS[0]}/auth/backchannel-logout`,
    backchannel_logout_uris: PORTS.slice(1).map(
      (p) => `http://localhost:${p}/auth/backchannel-logout`,
    ),
    // An app on another loopback port signs in without registering it (RFC 8252 7.3).
    loopback_redirect_any_port: true,
  },
  {
    kind: 'environment',
    client_id: DEMO_ENVIRONMENT_CLIENT_ID,
    client_secret: DEMO_ENVIRONMENT_CLIENT_SECRET,
    name: 'Environment client (management API)',
    first_party: true,
  },
]

/**
 * The built-in demo data: Acme Corp (SSO by domain acme.test) with an admin and a
 * member, Globex with one admin, Erin in both (admin of Acme Corp, member of Globex:
 * organization switching), roles admin/member over three permissions, passwordless and
 * social connections, and the demo clients. Ids are stable so docs and tests can name them.
 */
export const DEFAULT_SEED: SeedData = {
  permissions: [
    { name: 'projects:read', description: 'Read projects' },
    { name: 'projects:write', description: 'Create and change projects' },
    { name: 'org:manage', description: 'Manage the organization' },
  ],
  roles: [
    {
      name: 'member',
      display_name: 'Member',
      description: 'Reads projects',
      permissions: ['projects:read'],
      default_member: true,
    },
    {
      name: 'admin',
      display_name: 'Admin',
      description: 'Manages projects and the organization',
      extends: 'member',
      permissions: ['projects:read', 'projects:write', 'org:manage'],
      default_creator: true,
    },
  ],
  organizations: [
    {
      id: 'org_acme',
      display_name: 'Acme Corp',
      external_id: 'acme',
      domains: ['acme.test'],
      connections: [
        {
          id: 'conn_acme_sso',
          type: 'OIDC',
          provider: 'OKTA',
          enabled: true,
          ui_button_title: 'Sign in with Acme SSO',
          oidc_config: {
            issuer: 'https://idp.acme.test',
            client_id: 'acme-emulated-idp',
            scopes: ['openid', 'profile', 'email'],
            pkce_enabled: true,
          },
        },
      ],
      users: [
        {
          id: 'usr_alice',
          email: 'alice@acme.test',
          first_name: 'Alice',
          last_name: 'Admin',
          roles: ['admin'],
        },
        {
          id: 'usr_bob',
          email: 'bob@acme.test',
          first_name: 'Bob',
          last_name: 'Member',
          roles: ['member'],
        },
        // In two organizations with different roles: organization switching.
        {
          id: 'usr_erin',
          email: 'erin@example.test',
          first_name: 'Erin',
          last_name: 'Twoorgs',
          roles: ['admin'],
        },
      ],
    },
    {
      id: 'org_globex',
      display_name: 'Globex',
      external_id: 'globex',
      domains: ['globex.test'],
      users: [
        {
          id: 'usr_carol',
          email: 'carol@globex.test',
          first_name: 'Carol',
          last_name: 'Globex',
          roles: ['admin'],
        },
        {
          id: 'usr_erin',
          email: 'erin@example.test',
          first_name: 'Erin',
          last_name: 'Twoorgs',
          roles: ['member'],
        },
      ],
    },
  ],
  connections: [
    {
      id: 'conn_passwordless',
      type: 'PASSWORDLESS',
      provider: 'CUSTOM',
      enabled: true,
      ui_button_title: 'Email me a code or link',
      passwordless_config: {
        type: 'LINK_OTP',
        validity: 600,
        code_challenge_length: 6,
        code_challenge_type: 'NUMERIC',
        enforce_same_browser_origin: false,
        regenerate_passwordless_credentials_on_resend: true,
      },
    },
    socialConnection('conn_google', 'GOOGLE', 'Google'),
    socialConnection('conn_github', 'GITHUB', 'GitHub'),
    socialConnection('conn_microsoft', 'MICROSOFT', 'Microsoft'),
  ],
}

function socialConnection(id: string, provider: string, label: string) {
  return {
    id,
    type: 'OAUTH',
    provider,
    enabled: true,
    ui_button_title: `Continue with ${label}`,
    oauth_config: {
      scopes: ['openid', 'email', 'profile'],
      use_platform_creds: true,
      pkce_enabled: true,
    },
  }
}
