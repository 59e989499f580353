import { pages } from '../../lib/pages'
import { whoAmI } from './actions'

export const dynamic = 'force-dynamic'

export default function Actions() {
  return <pages.Actions action={whoAmI} />
}
