import { kit } from '../lib/kit'

type Props = {
  email: string
  roles: readonly string[]
}

/** Pages Router: the wrapper hands the checked session to getServerSideProps. */
export const getServerSideProps = kit.withAuthSsr<Props>(async (_ctx, auth) => ({
  props: { email: auth.user.email ?? '', roles: auth.roles },
}))

export default function PagesSsr({ email, roles }: Props) {
  return (
    <main>
      <h1>Pages Router</h1>
      <p data-testid="ssr-email">{email}</p>
      <p data-testid="ssr-roles">{roles.join(' ')}</p>
    </main>
  )
}
