import { pages } from '../lib/pages'

export default pages.Forbidden
