import { expect, it } from 'vitest'
import { API_ROUTES } from '../../src/api/routes.js'
import { useHarness } from '../support/management.js'

const h = useHarness()

/** Every field name the API reads, each with a value of the wrong type. */
const WRONG_TYPES = {
  name: 5,
  email: [],
  display_name: {},
  description: 1,
  external_id: true,
  metadata: [],
  region_code: 99,
  slug: 'Not A Slug!',
  roles: 'admin',
  membership: 'x',
  user_profile: 7,
  connected_account: 1,
  authorization_details: 2,
  permission_names: 'x',
  permissions: [1],
  extends: 3,
  auth_patterns: {},
  custom_claims: 'x',
  scopes: 'openid',
  expiry: 'later',
  domain: 3,
  domain_type: 'X',
  type: 99,
  provider: 'NOPE',
  directory_type: [],
  expires_in: -1,
  code: 1,
  link_token: 2,
  auth_request_id: 3,
  template: 'SPAM',
  magiclink_auth_uri: 'javascript:alert(1)',
  proxy_url: 'ftp://x',
  oauth_config: 'x',
  attribute_mapping: [1],
  connector: 1,
  identifier: {},
  id: [],
  sub: 1,
  groups: 'x',
  custom_attributes: 'x',
}
const ALL_NULL = Object.fromEntries(Object.keys(WRONG_TYPES).map((k) => [k, null]))
const NESTED = {
  membership: { roles: [{ name: 1 }], metadata: 'x' },
  user_profile: { given_name: 1, groups: [1] },
  connected_account: { authorization_details: { oauth_token: 'x' } },
  auth_patterns: [{ type: 'OAUTH', fields: 'x' }],
  custom_claims: [{ key: 1 }],
}

/** Real ids for each path parameter, so handlers get past their lookups to the body checks. */
function realPath(pattern: string): string {
  const byName: Record<string, string> = {
    organization_id: 'org_acme',
    org_id: 'org_acme',
    user_id: 'usr_bob',
    role_name: 'member',
    permission_name: 'projects:read',
    connection_id: 'conn_acme_sso',
    external_id: 'acme',
  }
  return pattern.replace(/\{([a-z_]+)\}/g, (_, name: string) =>
    encodeURIComponent(byName[name] ?? 'x1'),
  )
}

it('never answers a 500 to hostile bodies, ids or query strings', {
  timeout: 180_000,
}, async () => {
  // non-object bodies ('null', '[]', '"x"') share the '{"a":' path: readJson refuses them all
  const bodies = [WRONG_TYPES, ALL_NULL, NESTED, '{"a":']
  const query =
    '?page_size=-5&page_token=%25%25&include_detail=maybe&updated_after=never&filter.status=NOPE&features=x&domain_type=1x'
  let calls = 0
  for (const route of API_ROUTES) {
    const paths = [route.pattern.replace(/\{[a-z_]+\}/g, '%27%3B%20DROP%20TABLE%20users%3B--')]
    if (route.method !== 'DELETE') paths.push(realPath(route.pattern))
    for (const path of paths) {
      for (const body of route.method === 'GET' ? [undefined] : bodies) {
        for (const q of route.method === 'GET' ? ['', query] : ['']) {
          const r = await h.call(route.method, `${path}${q}`, body)
          calls++
          expect(r.status, `${route.method} ${path}${q} ${JSON.stringify(body)}`).toBeLessThan(500)
          expect(
            r.status === 200 || typeof r.body?.code === 'string',
            `${route.method} ${path}`,
          ).toBe(true)
        }
      }
    }
  }
  expect(calls).toBeGreaterThan(500)
  // the seeded data survived all of it
  expect((await h.call('GET', '/api/v1/users/usr_alice')).status).toBe(200)
  expect((await h.call('GET', '/api/v1/organizations/org_acme')).status).toBe(200)
})
