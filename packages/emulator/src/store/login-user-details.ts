import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `api_login_user_details` table: user details an application pushes for an
 * ongoing login request ("bring your own auth"), per connection and request.
 */

/** Stores (or replaces) the user details of a login request. */
export function upsertLoginUserDetails(
  db: Db,
  connectionId: string,
  loginRequestId: string,
  data: string,
  time: string,
): void {
  statement(
    db,
    'INSERT INTO api_login_user_details (connection_id, login_request_id, data, update_time) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT(connection_id, login_request_id) DO UPDATE SET data = excluded.data, update_time = excluded.update_time',
  ).run(connectionId, loginRequestId, data, time)
}
