/**
 * The dashboard's frame: sign-in until there is a session, then a header with the pages and the
 * signed-in key, the page for the path, and the event stream shared by every page.
 */
import type { JSX } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { type Me, api, messageOf, must, setCsrfToken } from './api.ts'
import { EventsProvider, useEvents } from './events.tsx'
import { BacktestPage } from './pages/backtest.tsx'
import { BacktestsPage } from './pages/backtests.tsx'
import { ComparePage } from './pages/compare.tsx'
import { DataPage } from './pages/data.tsx'
import { IndicatorsPage } from './pages/indicators.tsx'
import { OverviewPage } from './pages/overview.tsx'
import { ResearchPage } from './pages/research.tsx'
import { SignInPage } from './pages/sign-in.tsx'
import { TradingPage } from './pages/trading.tsx'
import { Link, useLocation } from './router.tsx'
import { SessionContext, adopt } from './session.tsx'

const PAGES = [
  { href: '/', title: 'Overview' },
  { href: '/trading', title: 'Trading' },
  { href: '/backtests', title: 'Backtests' },
  { href: '/data', title: 'Data' },
  { href: '/indicators', title: 'Indicators' },
  { href: '/research', title: 'Research' },
] as const

function sectionOf(path: string): string {
  const first = `/${path.split('?')[0]!.split('/')[1] ?? ''}`
  return PAGES.some((p) => p.href === first) ? first : '/'
}

function Page(props: { readonly path: string }): JSX.Element {
  const [pathname = '/', search = ''] = props.path.split('?')
  const parts = pathname.split('/').filter((p) => p !== '')
  if (parts[0] === 'trading') return <TradingPage />
  if (parts[0] === 'data') return <DataPage />
  if (parts[0] === 'indicators') return <IndicatorsPage />
  if (parts[0] === 'research') return <ResearchPage />
  if (parts[0] === 'backtests' && parts[1] === 'compare')
    return (
      <ComparePage ids={(new URLSearchParams(search).get('ids') ?? '').split(',').filter((s) => s !== '')} />
    )
  if (parts[0] === 'backtests' && parts[1] !== undefined)
    return <BacktestPage id={decodeURIComponent(parts[1])} />
  if (parts[0] === 'backtests') return <BacktestsPage />
  if (parts.length === 0) return <OverviewPage />
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Not found</h1>
      <p>
        There is no page at <code>{pathname}</code>. <Link href="/">Go to the overview</Link>.
      </p>
    </section>
  )
}

function StreamStatus(): JSX.Element {
  const { connected } = useEvents()
  return (
    <span class={connected ? 'stream live' : 'stream'} data-testid="stream-status">
      {connected ? 'Live' : 'Connecting…'}
    </span>
  )
}

export function App(): JSX.Element {
  const path = useLocation()
  const [me, setMe] = useState<Me | null | undefined>(undefined)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  useEffect(() => {
    api.GET('/api/v1/session').then(
      (answer) => {
        const data = answer.data
        setMe(data === undefined || data.via === 'none' ? null : adopt(data))
      },
      (error: unknown) => {
        setProblem(messageOf(error))
        setMe(null)
      },
    )
  }, [])
  useEffect(() => {
    const title = PAGES.find((p) => p.href === sectionOf(path))?.title ?? 'TradePulse'
    document.title = me === null ? 'Sign in · TradePulse' : `${title} · TradePulse`
  }, [path, me])

  if (me === undefined) return <p class="loading">Loading…</p>
  if (me === null)
    return (
      <SignInPage
        problem={problem}
        onSignedIn={(signedIn) => {
          setMe(adopt(signedIn))
        }}
      />
    )

  const signOut = async (): Promise<void> => {
    await must(api.DELETE('/api/v1/session'))
    setCsrfToken(undefined)
    setMe(null)
  }
  const section = sectionOf(path)
  return (
    <SessionContext.Provider value={{ me, signOut }}>
      <EventsProvider>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">TradePulse</span>
          <nav aria-label="Pages">
            <ul>
              {PAGES.map((page) => (
                <li key={page.href}>
                  <Link href={page.href} current={section === page.href}>
                    {page.title}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div class="who">
            <StreamStatus />
            <span data-testid="signed-in-as">
              {me.name} ({me.scopes.join(', ')})
            </span>
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Page path={path} />
        </main>
      </EventsProvider>
    </SessionContext.Provider>
  )
}
